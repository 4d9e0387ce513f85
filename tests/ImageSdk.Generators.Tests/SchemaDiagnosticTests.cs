using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using ImageSdk.Generators.Infrastructure;
using ImageSdk.Generators.Json;
using ImageSdk.Generators.Reading;
using Microsoft.CodeAnalysis;

namespace ImageSdk.Generators.Tests;

public class SchemaDiagnosticTests
{
    [Fact]
    public void Broken_json_gives_IMG9001_at_the_schema_file_line_and_column()
    {
        var files = GeneratorHarness.SchemaFiles();
        files["robots/image-generate.schema.json"] = "{\n  \"title\": \"x\",\n  \"type\": \"object\"\n  \"properties\": {}\n}";

        var (driver, _, _) = GeneratorHarness.Run(files);

        GeneratorHarness.AssertNoException(driver);
        var diagnostic = Assert.Single(GeneratorHarness.GeneratorDiagnostics(driver), d => d.Id == "IMG9001");
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        var span = diagnostic.Location.GetLineSpan();
        Assert.EndsWith("robots/image-generate.schema.json", span.Path, StringComparison.Ordinal);
        Assert.Equal(3, span.StartLinePosition.Line);
        Assert.Equal(2, span.StartLinePosition.Character);
        Assert.Contains("',' or '}' was expected at line 4, column 3", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_unresolved_ref_gives_IMG9003_at_the_ref()
    {
        var files = GeneratorHarness.SchemaFiles();
        files["robots/image-generate.schema.json"] = files["robots/image-generate.schema.json"]
            .Replace("#/$defs/force_accept", "#/$defs/no_such_def", StringComparison.Ordinal);

        var (driver, _, _) = GeneratorHarness.Run(files);

        var diagnostic = Assert.Single(GeneratorHarness.GeneratorDiagnostics(driver), d => d.Id == "IMG9003");
        Assert.Contains("no_such_def", diagnostic.GetMessage(), StringComparison.Ordinal);
        var line = diagnostic.Location.GetLineSpan().StartLinePosition.Line;
        Assert.Contains("no_such_def", files["robots/image-generate.schema.json"].Split('\n')[line], StringComparison.Ordinal);
        Assert.DoesNotContain("ForceAccept(", GeneratorHarness.Generated(driver)["ImageSdk.ImageGenerateStep.g.cs"], StringComparison.Ordinal);
    }

    [Fact]
    public void A_parameter_form_the_generator_cannot_type_gives_IMG9002()
    {
        var files = GeneratorHarness.SchemaFiles();
        files["robots/image-generate.schema.json"] = files["robots/image-generate.schema.json"]
            .Replace("\"style\": {\n      \"description\"", "\"style\": {\n      \"type\": \"null\",\n      \"description\"", StringComparison.Ordinal)
            .Replace("\"type\": \"string\",\n      \"examples\": [\"digital_illustration\"]", "\"examples\": [\"digital_illustration\"]", StringComparison.Ordinal);

        var (driver, _, _) = GeneratorHarness.Run(files);

        var diagnostic = Assert.Single(GeneratorHarness.GeneratorDiagnostics(driver), d => d.Id == "IMG9002");
        Assert.Contains("'style'", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void Two_values_that_map_to_one_enum_member_give_IMG9004()
    {
        var files = GeneratorHarness.SchemaFiles();
        files["robots/image-generate.schema.json"] = files["robots/image-generate.schema.json"]
            .Replace("\"enum\": [\"jpeg\", \"jpg\"", "\"enum\": [\"jpeg\", \"jpeg_\", \"jpg\"", StringComparison.Ordinal);

        var (driver, _, _) = GeneratorHarness.Run(files);

        Assert.Contains(GeneratorHarness.GeneratorDiagnostics(driver), d => d.Id == "IMG9004" && d.GetMessage().Contains("'Jpeg'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_catalog_entry_without_capabilities_gives_IMG9005_and_the_rest_still_generates()
    {
        var files = GeneratorHarness.SchemaFiles();
        files["models.json"] = files["models.json"].Replace("\"models\": [", "\"models\": [\n    { \"id\": \"broken/model\", \"aliases\": [] },", StringComparison.Ordinal);

        var (driver, _, _) = GeneratorHarness.Run(files);

        var diagnostic = Assert.Single(GeneratorHarness.GeneratorDiagnostics(driver), d => d.Id == "IMG9005");
        Assert.Contains("broken/model", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("GoogleNanoBanana", GeneratorHarness.Generated(driver)["ImageSdk.ImageModel.g.cs"], StringComparison.Ordinal);
    }

    [Fact]
    public void A_robot_schema_the_envelope_does_not_list_gives_IMG9006()
    {
        var files = GeneratorHarness.SchemaFiles();
        files["robots/image-unlisted.schema.json"] = files["robots/upload-handle.schema.json"]
            .Replace("upload-handle", "image-unlisted", StringComparison.Ordinal)
            .Replace("\"/upload/handle\"", "\"/image/unlisted\"", StringComparison.Ordinal)
            .Replace("UploadHandleStep", "ImageUnlistedStep", StringComparison.Ordinal);

        var (driver, _, _) = GeneratorHarness.Run(files);

        var diagnostic = Assert.Single(GeneratorHarness.GeneratorDiagnostics(driver), d => d.Id == "IMG9006");
        Assert.Contains("'/image/unlisted'", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.EndsWith("assembly.schema.json", diagnostic.Location.GetLineSpan().Path, StringComparison.Ordinal);
    }

    [Fact]
    public void A_route_mask_outside_the_catalog_schemas_enum_gives_IMG9005_naming_the_values()
    {
        var files = GeneratorHarness.SchemaFiles();
        var at = files["models.json"].IndexOf("\"mask\": \"none\"", StringComparison.Ordinal);
        files["models.json"] = files["models.json"].Remove(at, "\"mask\": \"none\"".Length).Insert(at, "\"mask\": \"black-repaints\"");

        var (driver, _, _) = GeneratorHarness.Run(files);

        var diagnostic = Assert.Single(GeneratorHarness.GeneratorDiagnostics(driver));
        Assert.Equal("IMG9005", diagnostic.Id);
        Assert.Equal("Invalid model catalog: 'mask' is \"black-repaints\"; it must be one of none, white-repaints, transparent-edits (at models.json#/models/0/providers/0/native/mask)", diagnostic.GetMessage(), StringComparer.Ordinal);
        Assert.EndsWith("models.json", diagnostic.Location.GetLineSpan().Path, StringComparison.Ordinal);
        Assert.Equal("\"black-repaints\"", files["models.json"].Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
    }

    [Fact]
    public void A_catalog_without_its_schema_gives_IMG9005_since_its_mask_values_are_declared_there()
    {
        var files = GeneratorHarness.SchemaFiles();
        files["models.json"] = files["models.json"].Replace("\"$schema\": \"./models.schema.json\",", string.Empty, StringComparison.Ordinal);

        var (driver, _, _) = GeneratorHarness.Run(files);

        var diagnostic = Assert.Single(GeneratorHarness.GeneratorDiagnostics(driver), d => d.Id == "IMG9005");
        Assert.Contains("'$schema'", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"colours\"", "'x-imagesdk-capability' is \"colours\"; the catalog's schema allows route, formats, aspectRatios, size, styles")]
    [InlineData("\"Formats\"", "'x-imagesdk-capability' is \"Formats\"; the catalog's schema allows route, formats, aspectRatios, size, styles")]
    [InlineData("7", "'x-imagesdk-capability' is 7; the catalog's schema allows route, formats, aspectRatios, size, styles")]
    public void A_capability_outside_the_catalog_schemas_vocabulary_gives_IMG9002_at_it(string capability, string problem)
    {
        // A name no rule knows would check nothing, in silence: the vocabulary is the catalog schema's $defs/capability.
        const string File = "robots/image-generate.schema.json";
        var files = GeneratorHarness.SchemaFiles();
        Assert.Contains("\"x-imagesdk-capability\": \"styles\"", files[File], StringComparison.Ordinal);
        files[File] = files[File].Replace("\"x-imagesdk-capability\": \"styles\"", "\"x-imagesdk-capability\": " + capability, StringComparison.Ordinal);

        var (driver, _, _) = GeneratorHarness.Run(files);

        GeneratorHarness.AssertNoException(driver);
        var diagnostic = Assert.Single(GeneratorHarness.GeneratorDiagnostics(driver));
        Assert.Equal("IMG9002", diagnostic.Id);
        Assert.Contains(problem, diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.EndsWith(File, diagnostic.Location.GetLineSpan().Path, StringComparison.Ordinal);
        Assert.Equal(capability, files[File].Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
    }

    [Theory]
    [InlineData("assembly.schema.json", "{ \"robot\": \"/file/serve\", \"maxSteps\": 20 }", "{ \"robot\": \"/file/serve\", \"maxSteps\": 0 }", "'x-imagesdk-smart-cdn' is {\"robot\": the robot that serves files, \"maxSteps\": a positive integer}")]
    [InlineData("assembly.schema.json", "{ \"robot\": \"/file/serve\", \"maxSteps\": 20 }", "{ \"robot\": \"/file/serves\", \"maxSteps\": 20 }", "'x-imagesdk-smart-cdn' names the robot \"/file/serves\", which has no schema")]
    [InlineData("robots/upload-handle.schema.json", "false", "\"no\"", "'x-imagesdk-smart-cdn' must be true or false")]
    public void A_smart_cdn_annotation_the_generator_cannot_read_gives_IMG9002_at_it(string file, string annotation, string faulty, string problem)
    {
        var files = GeneratorHarness.SchemaFiles();
        Assert.Contains("\"x-imagesdk-smart-cdn\": " + annotation, files[file], StringComparison.Ordinal);
        files[file] = files[file].Replace("\"x-imagesdk-smart-cdn\": " + annotation, "\"x-imagesdk-smart-cdn\": " + faulty, StringComparison.Ordinal);

        var (driver, _, _) = GeneratorHarness.Run(files);

        GeneratorHarness.AssertNoException(driver);
        var diagnostic = Assert.Single(GeneratorHarness.GeneratorDiagnostics(driver));
        Assert.Equal("IMG9002", diagnostic.Id);
        Assert.Contains(problem, diagnostic.GetMessage(), StringComparison.Ordinal);
        var span = files[file].Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length);
        Assert.Equal(faulty.Contains("serves", StringComparison.Ordinal) ? "\"/file/serves\"" : faulty, span);
    }

    [Fact]
    public void A_catalog_schema_without_the_capability_vocabulary_gives_IMG9005()
    {
        var files = GeneratorHarness.SchemaFiles();
        var schema = System.Text.Json.Nodes.JsonNode.Parse(files["models.schema.json"])!;
        Assert.True(schema["$defs"]!.AsObject().Remove("capability"));
        files["models.schema.json"] = schema.ToJsonString();

        var (driver, _, _) = GeneratorHarness.Run(files);

        GeneratorHarness.AssertNoException(driver);
        var diagnostic = Assert.Single(GeneratorHarness.GeneratorDiagnostics(driver), d => d.Id == "IMG9005");
        Assert.Contains("declares no '$defs/capability'", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.EndsWith("models.schema.json", diagnostic.Location.GetLineSpan().Path, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ \"when\": \"given\", \"parameter\": \"nope\" }", "its 'parameter' \"nope\" is not a parameter of the robot")]
    [InlineData("{ \"when\": \"given\" }", "\"given\" needs the deciding 'parameter'")]
    [InlineData("{ \"when\": \"sometimes\", \"parameter\": \"url\" }", "its 'when' must be \"always\", \"given\" or \"non-empty-string\"")]
    [InlineData("\"always\"", "its 'when' must be \"always\", \"given\" or \"non-empty-string\"")]
    [InlineData("{ \"when\": \"always\", \"parameter\": \"url\" }", "\"always\" takes no 'parameter'")]
    public void A_files_without_use_annotation_the_generator_cannot_read_gives_IMG9002_at_it(string annotation, string problem)
    {
        const string File = "robots/html-convert.schema.json";
        var files = GeneratorHarness.SchemaFiles();
        files[File] = files[File].Replace("{ \"when\": \"given\", \"parameter\": \"url\" }", annotation, StringComparison.Ordinal);

        var (driver, _, _) = GeneratorHarness.Run(files);

        var diagnostic = Assert.Single(GeneratorHarness.GeneratorDiagnostics(driver));
        Assert.Equal("IMG9002", diagnostic.Id);
        Assert.Contains(problem, diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Equal(annotation, files[File].Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
    }

    [Fact]
    public void A_faulty_shared_definition_is_reported_once_at_itself_naming_the_robots_that_use_it()
    {
        var files = GeneratorHarness.SchemaFiles();
        const string Queue = "\"anyOf\": [{ \"enum\": [\"batch\"], \"x-imagesdk-enum\": \"StepQueue\" }, { \"$ref\": \"#/$defs/interpolation\" }]";
        Assert.Contains(Queue, files["robot-shared.schema.json"], StringComparison.Ordinal);
        files["robot-shared.schema.json"] = files["robot-shared.schema.json"].Replace(Queue, "\"$ref\": \"#/$defs/no_such_queue\"", StringComparison.Ordinal);
        var users = files.Where(f => f.Key.StartsWith("robots/", StringComparison.Ordinal) && f.Value.Contains("robot-shared.schema.json#/$defs/queue\"", StringComparison.Ordinal))
            .OrderBy(f => f.Key, StringComparer.Ordinal) // the order the generator reads the files in
            .Select(f => System.Text.Json.Nodes.JsonNode.Parse(f.Value)!["properties"]!["robot"]!["const"]!.GetValue<string>())
            .ToList();

        var (driver, _, _) = GeneratorHarness.Run(files);

        var diagnostic = Assert.Single(GeneratorHarness.GeneratorDiagnostics(driver));
        Assert.Equal("IMG9003", diagnostic.Id);
        Assert.EndsWith("robot-shared.schema.json", diagnostic.Location.GetLineSpan().Path, StringComparison.Ordinal);
        Assert.True(users.Count > 3, $"only {users.Count} robots use the shared queue");
        Assert.EndsWith($"(at robot-shared.schema.json#/$defs/queue/$ref; used by {string.Join(", ", users.Take(3))} and {users.Count - 3} more)", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_alias_used_by_two_models_gives_IMG9007_as_info_and_stays_with_the_first()
    {
        var files = GeneratorHarness.SchemaFiles();
        files["models.json"] = files["models.json"].Replace(
            "\"id\": \"flux-schnell\",\n      \"aliases\": []", "\"id\": \"flux-schnell\",\n      \"aliases\": [\"gpt-image-2\"]", StringComparison.Ordinal);

        var (driver, _, _) = GeneratorHarness.Run(files);

        var diagnostic = Assert.Single(GeneratorHarness.GeneratorDiagnostics(driver));
        Assert.Equal("IMG9007", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Info, diagnostic.Severity);
        Assert.Contains("'gpt-image-2'", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("'openai/gpt-image-2'", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[")]
    [InlineData("\"unterminated")]
    [InlineData("{\"a\": tru}")]
    [InlineData("{\"properties\": {\"robot\": {\"const\": 5}}}")]
    [InlineData("{\"x-imagesdk-kind\": \"robot\", \"properties\": {\"robot\": {\"const\": 5}}}")]
    [InlineData("{\"x-imagesdk-kind\": \"robot\", \"properties\": {\"robot\": {\"const\": \"/x\"}, \"p\": {\"$ref\": \"#/a/b/c\"}}}")]
    [InlineData("{\"x-imagesdk-kind\": \"robot\", \"properties\": {\"robot\": {\"const\": \"/x\"}, \"p\": {\"$ref\": \"#\"}}}")]
    [InlineData("{\"x-imagesdk-kind\": \"robot\", \"properties\": {\"robot\": {\"const\": \"/x\"}, \"p\": {\"$ref\": \"::::\"}}}")]
    [InlineData("{\"x-imagesdk-kind\": [\"robot\"], \"properties\": {\"robot\": {\"const\": \"/x\"}}}")]
    [InlineData("{\"x-imagesdk-kind\": \"envelope\", \"properties\": 7}")]
    [InlineData("{\"x-imagesdk-kind\": \"catalog\", \"csharpType\": \"ImageModel\", \"models\": [1, {\"id\": 2}, {\"id\": \"x\", \"capabilities\": []}]}")]
    public void Hostile_schema_text_never_crashes_the_generator(string text)
    {
        var files = GeneratorHarness.SchemaFiles();
        files["robots/hostile.schema.json"] = text;

        var (driver, output, _) = GeneratorHarness.Run(files);

        GeneratorHarness.AssertNoException(driver);
        Assert.DoesNotContain(GeneratorHarness.GeneratorDiagnostics(driver), d => d.Id == "IMG9999");
        Assert.NotNull(output);
    }

    [Fact]
    public void Deep_nesting_is_an_IMG9001_not_a_stack_overflow()
    {
        var files = GeneratorHarness.SchemaFiles();
        files["robots/deep.schema.json"] = new string('[', 100_000) + new string(']', 100_000);

        var (driver, _, _) = GeneratorHarness.Run(files);

        var diagnostic = Assert.Single(GeneratorHarness.GeneratorDiagnostics(driver), d => d.Id == "IMG9001");
        Assert.Contains("nesting deeper than 64 levels", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_enum_over_1000_values_gives_IMG9009_once_and_is_left_out_and_one_of_1000_generates()
    {
        static string Values(int count) => string.Join(", ", Enumerable.Range(0, count).Select(i => $"\"v{i}\""));
        var files = GeneratorHarness.SchemaFiles();
        files["robots/huge.schema.json"] = $$"""
            {
              "$id": "https://example.com/robots/huge.schema.json",
              "x-imagesdk-builder": "HugeStep",
              "properties": {
                "robot": { "const": "/huge/run" },
                "size": { "enum": [{{Values(50_000)}}], "x-imagesdk-enum": "HugeSize" },
                "same_size": { "$ref": "#/properties/size" },
                "edge": { "enum": [{{Values(1000)}}], "x-imagesdk-enum": "HugeEdge" },
                "width": { "type": "integer" }
              }
            }
            """;

        var (driver, _, _) = GeneratorHarness.Run(files, userRobots: new[] { "robots/huge.schema.json" });

        GeneratorHarness.AssertNoException(driver);
        var diagnostic = Assert.Single(GeneratorHarness.GeneratorDiagnostics(driver));
        Assert.Equal("IMG9009", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.StartsWith("The enum has 50000 values; the generator emits enums of at most 1000.", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.EndsWith("(at huge.schema.json#/properties/size/enum)", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.EndsWith("robots/huge.schema.json", diagnostic.Location.GetLineSpan().Path, StringComparison.Ordinal);
        var generated = GeneratorHarness.Generated(driver);
        Assert.DoesNotContain("ImageSdk.HugeSize.g.cs", generated.Keys);
        Assert.Contains("V999,", generated["ImageSdk.HugeEdge.g.cs"], StringComparison.Ordinal);
        Assert.Contains("public HugeStep Width(long value)", generated["ImageSdk.HugeStep.g.cs"], StringComparison.Ordinal);
        Assert.DoesNotContain("Size(", generated["ImageSdk.HugeStep.g.cs"], StringComparison.Ordinal);
    }

    [Fact]
    public void A_schema_file_that_cannot_be_read_is_an_IMG9001_that_says_why_and_the_rest_generates()
    {
        var texts = GeneratorHarness.Texts(GeneratorHarness.SchemaFiles()).Add(new UnreadableAdditionalText("/repo/schema/robots/locked.schema.json"));

        var driver = GeneratorHarness.CreateDriver(texts).RunGenerators(GeneratorHarness.RuntimeCompilation());

        GeneratorHarness.AssertNoException(driver);
        var diagnostic = Assert.Single(GeneratorHarness.GeneratorDiagnostics(driver));
        Assert.Equal("IMG9001", diagnostic.Id);
        Assert.Equal("Schema file could not be read: IOException: Permission denied", diagnostic.GetMessage());
        Assert.Equal("/repo/schema/robots/locked.schema.json", diagnostic.Location.GetLineSpan().Path);
        Assert.Contains("ImageSdk.ImageGenerateStep.g.cs", GeneratorHarness.Generated(driver).Keys);
    }

    [Fact]
    public void An_exception_while_reading_one_file_is_an_IMG9999_at_that_file_without_a_stack_trace_and_the_rest_generates()
    {
        // No schema text is known to make the reader throw, so the test hands it a parsed tree no parser makes: a member
        // without a value, which throws NullReferenceException when the parameter is read.
        static JsonNode Object(params JsonMember[] members) => new(JsonKind.Object, string.Empty, members.ToEquatableArray(), EquatableArray<JsonNode>.Empty, default);
        static JsonNode String(string text) => new(JsonKind.String, text, EquatableArray<JsonMember>.Empty, EquatableArray<JsonNode>.Empty, default);
        var broken = Object(new JsonMember("properties", Object(
            new JsonMember("robot", Object(new JsonMember("const", String("/broken/run"), default)), default),
            new JsonMember("width", null!, default)), default));
        var documents = GeneratorHarness.SchemaFiles()
            .Where(f => SchemaDocument.IsSchemaFile(f.Key))
            .Select(f => SchemaDocument.Parse("/repo/schema/" + f.Key, f.Value, CancellationToken.None))
            .Append(new SchemaDocument("/repo/schema/robots/broken.schema.json", broken, null, UserRobot: true))
            .ToImmutableArray();

        var model = SchemaReader.Read(documents, CancellationToken.None);

        var diagnostic = Assert.Single(model.Diagnostics);
        Assert.Equal("IMG9999", diagnostic.Id);
        Assert.Equal("/repo/schema/robots/broken.schema.json", diagnostic.Path);
        Assert.Equal("The generator failed on broken.schema.json: NullReferenceException: Object reference not set to an instance of an object. Please report it with this file", diagnostic.Message);
        Assert.Contains("/image/generate", model.Robots.Select(r => r.Name));
        Assert.Contains("/upload/handle", model.Robots.Select(r => r.Name));
        Assert.Equal(93, model.Robots.Count); // every robot of schema/, the broken file's left out
        Assert.NotNull(model.Envelope);
        Assert.NotNull(model.Catalog);
    }

    [Fact]
    public void Object_parameters_that_nest_through_a_ref_cycle_give_IMG9003_not_a_stack_overflow()
    {
        var files = GeneratorHarness.SchemaFiles();
        files["robots/loop.schema.json"] = """
            {
              "$id": "https://example.com/robots/loop.schema.json",
              "x-imagesdk-builder": "LoopStep",
              "$defs": { "node": { "x-imagesdk-type": "json", "properties": { "child": { "$ref": "#/$defs/node" } } } },
              "properties": { "robot": { "const": "/loop/run" }, "tree": { "$ref": "#/$defs/node" }, "width": { "type": "integer" } }
            }
            """;

        var (driver, _, _) = GeneratorHarness.Run(files, userRobots: new[] { "robots/loop.schema.json" });

        GeneratorHarness.AssertNoException(driver);
        var diagnostic = Assert.Single(GeneratorHarness.GeneratorDiagnostics(driver));
        Assert.Equal("IMG9003", diagnostic.Id);
        Assert.Equal("Unresolved schema reference: object parameters nest deeper than 32 levels (a $ref cycle?) (at loop.schema.json#/$defs/node)", diagnostic.GetMessage());
        Assert.Contains("public LoopStep Width(long value)", GeneratorHarness.Generated(driver)["ImageSdk.LoopStep.g.cs"], StringComparison.Ordinal);
    }

    private sealed class UnreadableAdditionalText(string path) : AdditionalText
    {
        public override string Path { get; } = path;

        public override Microsoft.CodeAnalysis.Text.SourceText GetText(System.Threading.CancellationToken cancellationToken = default) =>
            throw new System.IO.IOException("Permission denied");
    }
}
