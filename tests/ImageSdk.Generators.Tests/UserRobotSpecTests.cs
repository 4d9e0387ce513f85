using System;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace ImageSdk.Generators.Tests;

/// <summary>
/// A robot of the project's own gets its schema beside its builder (<c>Spec</c>), which a step executor gives the runner
/// so that its steps validate like the package's robots; the package's own builders get none (their schema is the tables).
/// </summary>
public class UserRobotSpecTests
{
    private const string Watermark = """
        {
          "$id": "https://example.com/robots/acme-watermark.schema.json",
          "description": "Stamps a watermark.",
          "x-imagesdk-builder": "AcmeWatermarkStep",
          "type": "object",
          "properties": {
            "robot": { "const": "/acme/watermark" },
            "use": { "$ref": "https://schemas.imagesdk.dev/robot-shared.schema.json#/$defs/use" },
            "text": { "type": "string", "minLength": 1 },
            "opacity": { "type": "number", "minimum": 0, "maximum": 1 }
          },
          "required": ["robot", "text"],
          "additionalProperties": false
        }
        """;

    [Fact]
    public void A_user_robots_builder_carries_its_spec_and_compiles_and_the_packages_builders_do_not()
    {
        var files = GeneratorHarness.SchemaFiles();
        files["robots/acme-watermark.schema.json"] = Watermark;

        var (driver, output, diagnostics) = GeneratorHarness.Run(files, userRobots: new[] { "robots/acme-watermark.schema.json" });

        GeneratorHarness.AssertNoException(driver);
        Assert.Empty(diagnostics);
        var problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        var generated = GeneratorHarness.Generated(driver);
        var builder = generated["ImageSdk.AcmeWatermarkStep.g.cs"];
        Assert.Contains("public static global::ImageSdk.Tables.RobotSpec Spec { get; } = new global::ImageSdk.Tables.RobotSpec(\"/acme/watermark\", \"Stamps a watermark.\"", builder, StringComparison.Ordinal);
        Assert.Contains("new global::ImageSdk.Tables.ParameterSpec(\"text\", global::ImageSdk.Tables.ValueForms.", builder, StringComparison.Ordinal);
        Assert.Contains(") { BuilderTypeName = \"AcmeWatermarkStep\" }", builder, StringComparison.Ordinal);
        Assert.NotNull(output.GetTypeByMetadataName("ImageSdk.AcmeWatermarkStep")!.GetMembers("Spec").SingleOrDefault());
        Assert.Empty(output.GetTypeByMetadataName("ImageSdk.ImageGenerateStep")!.GetMembers("Spec"));
    }
}
