using System.Linq;
using Microsoft.CodeAnalysis;
using Snapshooter;
using Snapshooter.Xunit;

namespace ImageSdk.Generators.Tests;

public class GeneratedSourceTests
{
    [Theory]
    [InlineData("ImageSdk.ImageGenerateStep.g.cs")]
    [InlineData("ImageSdk.UploadHandleStep.g.cs")]
    [InlineData("ImageSdk.AssemblyBuilder.g.cs")]
    [InlineData("ImageSdk.ImageModel.g.cs")]
    [InlineData("ImageSdk.ImageFormat.g.cs")]
    [InlineData("ImageSdk.ImageInputRole.g.cs")]
    [InlineData("ImageSdk.OutputMetaField.g.cs")]
    [InlineData("ImageSdk.IgnoredError.g.cs")]
    [InlineData("ImageSdk.StepQueue.g.cs")]
    [InlineData("ImageSdk.MaskConvention.g.cs")]
    [InlineData("ImageSdk.ModelCapability.g.cs")]
    [InlineData("ImageSdk.NotificationPayloadFilter.g.cs")]
    [InlineData("ImageSdk.StepResultMode.g.cs")]
    [InlineData("ImageSdk.Tables.SchemaTables.g.cs")]
    [InlineData("ImageSdk.ImageResizeStep.g.cs")]
    [InlineData("ImageSdk.S3StoreStep.g.cs")]
    [InlineData("ImageSdk.FileFilterStep.g.cs")]
    public void Generated_file_matches_its_snapshot(string hintName)
    {
        var (driver, _, _) = GeneratorHarness.RealSchemaRun();
        var generated = GeneratorHarness.Generated(driver);

        Assert.True(generated.ContainsKey(hintName), "not generated: " + hintName + "; generated: " + string.Join(", ", generated.Keys));
        Snapshot.Match(generated[hintName], SnapshotNameExtension.Create(hintName));
    }

    [Fact]
    public void The_schema_generates_exactly_the_expected_files()
    {
        var files = GeneratorHarness.SchemaFiles();
        var (driver, _, _) = GeneratorHarness.RealSchemaRun();
        var generated = GeneratorHarness.Generated(driver).Keys;

        // Every robot of the manifest has its builder, named by the one naming rule (/image/resize: ImageResizeStep).
        var manifest = System.Text.Json.Nodes.JsonNode.Parse(files["robots.manifest.json"])!["robots"]!.AsObject();
        Assert.Equal(93, manifest.Count);
        foreach (var (robot, _) in manifest)
        {
            var builder = "ImageSdk." + Infrastructure.Text.Pascal(robot) + "Step.g.cs";
            Assert.True(generated.Contains(builder), "no builder for " + robot + ": " + builder);
        }

        // The curated files, as before the import.
        foreach (var name in new[]
        {
            "ImageSdk.AssemblyBuilder.g.cs", "ImageSdk.IgnoredError.g.cs", "ImageSdk.ImageFormat.g.cs", "ImageSdk.ImageGenerateStep.g.cs",
            "ImageSdk.ImageInputRole.g.cs", "ImageSdk.ImageModel.g.cs", "ImageSdk.NotificationPayloadFilter.g.cs", "ImageSdk.OutputMetaField.g.cs",
            "ImageSdk.StepQueue.g.cs", "ImageSdk.StepResultMode.g.cs", "ImageSdk.Tables.SchemaTables.g.cs", "ImageSdk.UploadHandleStep.g.cs",
        })
        {
            Assert.Contains(name, generated);
        }
    }

    [Fact]
    public void Generated_source_compiles_with_zero_diagnostics_and_documents_every_public_member()
    {
        var (driver, output, diagnostics) = GeneratorHarness.RealSchemaRun();

        GeneratorHarness.AssertNoException(driver);
        Assert.Empty(diagnostics);
        var problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Info).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.Contains(output.SyntaxTrees, t => t.FilePath.EndsWith("ImageSdk.ImageGenerateStep.g.cs", System.StringComparison.Ordinal));
    }

    [Fact]
    public void Builder_methods_carry_xml_docs_from_the_schema_with_defaults_and_ranges()
    {
        var (driver, _, _) = GeneratorHarness.RealSchemaRun();
        var builder = GeneratorHarness.Generated(driver)["ImageSdk.ImageGenerateStep.g.cs"];

        Assert.Contains("/// Number of image variants to generate, 1 to 10.", builder, System.StringComparison.Ordinal);
        Assert.Contains("<remarks>JSON: <c>num_outputs</c>. Default: <c>1</c>. Range: 1 to 10. Takes a <c>${...}</c> variable only as its whole value.</remarks>", builder, System.StringComparison.Ordinal);
        Assert.Contains("public ImageGenerateStep NumOutputs(int value)", builder, System.StringComparison.Ordinal);
        Assert.Contains("public ImageGenerateStep NumOutputs(global::ImageSdk.Interpolation value)", builder, System.StringComparison.Ordinal);
        Assert.Contains("public ImageGenerateStep Model(global::ImageSdk.ImageModel value)", builder, System.StringComparison.Ordinal);
        Assert.Contains("public ImageGenerateStep Use(params global::ImageSdk.ImageGenerateInput[] inputs)", builder, System.StringComparison.Ordinal);
    }
}
