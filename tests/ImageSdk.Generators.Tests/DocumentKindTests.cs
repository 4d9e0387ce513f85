using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using ImageSdk.Generators.Model;
using ImageSdk.Generators.Reading;

namespace ImageSdk.Generators.Tests;

/// <summary>
/// Schema files are classified by <c>x-imagesdk-kind</c> at their top (schema/README.md), never by their keys. A file
/// without a known kind is IMG9010 naming the file; a project's own robot (<c>ImageSdkSchema="robot"</c>) is a robot
/// whatever its keyword says (IMG9011 when the keyword says otherwise).
/// </summary>
public class DocumentKindTests
{
    private const string Path = "/repo/schema/robots/acme-stamp.schema.json";

    private static string Robot(string? kind) => $$"""
        {
          "$id": "https://example.com/robots/acme-stamp.schema.json",
          {{(kind is null ? string.Empty : $"\"x-imagesdk-kind\": {kind},")}}
          "type": "object",
          "properties": {
            "robot": { "const": "/acme/stamp" },
            "text": { "type": "string" }
          }
        }
        """;

    private static GeneratorModel Read(string text, bool userRobot = false, IReadOnlyDictionary<string, string>? files = null) =>
        SchemaReader.Read(
            (files ?? GeneratorHarness.SchemaFiles())
                .Where(f => SchemaDocument.IsSchemaFile(f.Key)) // as the generator takes them: robots.manifest.json is no input
                .Select(f => SchemaDocument.Parse("/repo/schema/" + f.Key, f.Value, CancellationToken.None))
                .Append(SchemaDocument.Parse(Path, text, CancellationToken.None) with { UserRobot = userRobot })
                .ToImmutableArray(),
            CancellationToken.None);

    [Fact]
    public void Every_file_of_schema_says_its_kind_and_the_real_schema_reads_without_diagnostics()
    {
        var files = GeneratorHarness.SchemaFiles().Where(f => SchemaDocument.IsSchemaFile(f.Key)).ToList();
        var kinds = files.ToDictionary(f => f.Key, f => DocumentKinds.Of(SchemaDocument.Parse(f.Key, f.Value, CancellationToken.None), out _).Kind);

        Assert.All(kinds, k => Assert.NotEqual(DocumentKind.Unknown, k.Value));
        Assert.Equal(DocumentKind.Envelope, kinds["assembly.schema.json"]);
        Assert.Equal(DocumentKind.Catalog, kinds["models.json"]);
        Assert.Equal(DocumentKind.Definitions, kinds["robot-shared.schema.json"]);
        Assert.Equal(DocumentKind.Definitions, kinds["models.schema.json"]);
        var robots = kinds.Where(k => k.Value == DocumentKind.Robot).Select(k => k.Key).OrderBy(k => k, StringComparer.Ordinal).ToList();
        Assert.Equal(files.Where(f => f.Key.StartsWith("robots/", StringComparison.Ordinal)).Select(f => f.Key).OrderBy(k => k, StringComparer.Ordinal), robots);

        var model = SchemaReader.Read(files.Select(f => SchemaDocument.Parse("/repo/schema/" + f.Key, f.Value, CancellationToken.None)).ToImmutableArray(), CancellationToken.None);
        Assert.Empty(model.Diagnostics);
        Assert.Equal(robots.Count, model.Robots.Count);
    }

    [Theory]
    [InlineData(null, "The schema file has no \"x-imagesdk-kind\"; give it one of \"robot\", \"envelope\", \"catalog\", \"definitions\" at its top (at acme-stamp.schema.json#)")]
    [InlineData("\"robots\"", "The schema file's \"x-imagesdk-kind\" is \"robots\"; it must be one of \"robot\", \"envelope\", \"catalog\", \"definitions\" (at acme-stamp.schema.json#/x-imagesdk-kind)")]
    [InlineData("42", "The schema file's \"x-imagesdk-kind\" is \"42\"; it must be one of \"robot\", \"envelope\", \"catalog\", \"definitions\" (at acme-stamp.schema.json#/x-imagesdk-kind)")]
    public void A_file_without_a_known_kind_is_IMG9010_naming_the_file_and_generates_nothing(string? kind, string message)
    {
        var model = Read(Robot(kind));

        var diagnostic = Assert.Single(model.Diagnostics);
        Assert.Equal("IMG9010", diagnostic.Id);
        Assert.Equal(Path, diagnostic.Path);
        Assert.Equal(message, diagnostic.Message);
        Assert.DoesNotContain(model.Robots, r => r.Name == "/acme/stamp");
        Assert.Contains(model.Robots, r => r.Name == "/image/generate"); // the other files still generate
    }

    [Fact]
    public void Files_are_classified_by_their_kind_not_by_their_keys()
    {
        // A robot's keys under "definitions": no builder. The envelope's file under "robot" would need a robot name.
        var model = Read(Robot("\"definitions\""));

        Assert.Empty(model.Diagnostics);
        Assert.DoesNotContain(model.Robots, r => r.Name == "/acme/stamp");

        var noName = Read("""{ "x-imagesdk-kind": "robot", "type": "object", "properties": { "text": { "type": "string" } } }""");
        var diagnostic = Assert.Single(noName.Diagnostics);
        Assert.Equal("IMG9010", diagnostic.Id);
        Assert.Equal("A robot schema names its robot in properties.robot.const, e.g. \"robot\": {\"const\": \"/image/resize\"} (at acme-stamp.schema.json#)", diagnostic.Message);
    }

    [Fact]
    public void The_catalog_and_the_envelope_are_found_by_their_kind_alone()
    {
        var files = GeneratorHarness.SchemaFiles();
        files["models.json"] = files["models.json"].Replace("\"x-imagesdk-kind\": \"catalog\",", string.Empty, StringComparison.Ordinal);
        files["assembly.schema.json"] = files["assembly.schema.json"].Replace("\"x-imagesdk-kind\": \"envelope\",", "\"x-imagesdk-kind\": \"definitions\",", StringComparison.Ordinal);

        var model = Read(Robot("\"robot\""), files: files);

        Assert.Null(model.Catalog);
        Assert.Null(model.Envelope);
        Assert.Equal(
            new[]
            {
                "IMG9010 The schema file has no \"x-imagesdk-kind\"; give it one of \"robot\", \"envelope\", \"catalog\", \"definitions\" at its top (at models.json#)",
                "IMG9006 No assembly envelope schema found: a *.schema.json with \"x-imagesdk-kind\": \"envelope\" (at assembly.schema.json#)",
                "IMG9006 No model catalog found: a models.json with \"x-imagesdk-kind\": \"catalog\" (at assembly.schema.json#)",
            },
            model.Diagnostics.Select(d => d.Id + " " + d.Message));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("\"robot\"")]
    public void A_projects_own_robot_needs_no_kind_its_item_metadata_says_robot(string? kind)
    {
        var model = Read(Robot(kind), userRobot: true);

        Assert.Empty(model.Diagnostics);
        var robot = Assert.Single(model.Robots, r => r.Name == "/acme/stamp");
        Assert.True(robot.UserDefined);
        Assert.Equal("AcmeStampStep", robot.BuilderName);
    }

    [Fact]
    public void The_item_metadata_wins_over_a_different_kind_with_the_warning_IMG9011()
    {
        var model = Read(Robot("\"definitions\""), userRobot: true);

        var diagnostic = Assert.Single(model.Diagnostics);
        Assert.Equal("IMG9011", diagnostic.Id);
        Assert.Equal(Path, diagnostic.Path);
        Assert.Equal("The schema file is a robot of the project's own (item metadata ImageSdkSchema=\"robot\"), which wins over its \"x-imagesdk-kind\" \"definitions\"; it is read as a robot (at acme-stamp.schema.json#/x-imagesdk-kind)", diagnostic.Message);
        Assert.Equal(Microsoft.CodeAnalysis.DiagnosticSeverity.Warning, diagnostic.ToDiagnostic().Severity);
        Assert.Contains(model.Robots, r => r.Name == "/acme/stamp" && r.UserDefined);
    }

    [Theory]
    [InlineData("UserRobots", null)]
    [InlineData(null, "IMG9010")]
    public void In_a_project_that_uses_the_package_a_schema_file_without_ImageSdk_metadata_is_left_alone(string? output, string? expected)
    {
        // A project's unrelated JSON Schema beside the package's files (ImageSdkSchema="package", as its props add them).
        var files = GeneratorHarness.SchemaFiles();
        var texts = GeneratorHarness.Texts(files).Add(new InMemoryAdditionalText("/repo/config/settings.schema.json", """{ "type": "object" }"""));
        var global = output is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["build_property.ImageSdkGeneratorOutput"] = output };
        var options = new TestOptionsProvider(global, files.Keys.ToDictionary(f => "/repo/schema/" + f, _ => new Dictionary<string, string> { ["build_metadata.AdditionalFiles.ImageSdkSchema"] = "package" }));

        var driver = GeneratorHarness.CreateDriver(texts, options).RunGenerators(GeneratorHarness.RuntimeCompilation());

        GeneratorHarness.AssertNoException(driver);
        var diagnostics = GeneratorHarness.GeneratorDiagnostics(driver);
        if (expected is null)
        {
            Assert.Empty(diagnostics);
        }
        else
        {
            var diagnostic = Assert.Single(diagnostics);
            Assert.Equal(expected, diagnostic.Id);
            Assert.Equal("/repo/config/settings.schema.json", diagnostic.Location.GetLineSpan().Path);
        }
    }

    [Fact]
    public void In_a_project_that_uses_the_package_a_file_it_marked_still_needs_its_kind()
    {
        var documents = GeneratorHarness.SchemaFiles()
            .Where(f => SchemaDocument.IsSchemaFile(f.Key))
            .Select(f => SchemaDocument.Parse("/repo/schema/" + f.Key, f.Value, CancellationToken.None) with { Tagged = true })
            .Append(SchemaDocument.Parse(Path, Robot(null), CancellationToken.None) with { Tagged = true })
            .Append(SchemaDocument.Parse("/repo/config/settings.schema.json", "{}", CancellationToken.None))
            .ToImmutableArray();

        var model = SchemaReader.Read(documents, CancellationToken.None, taggedOnly: true);

        var diagnostic = Assert.Single(model.Diagnostics);
        Assert.Equal("IMG9010", diagnostic.Id);
        Assert.Equal(Path, diagnostic.Path);
    }
}
