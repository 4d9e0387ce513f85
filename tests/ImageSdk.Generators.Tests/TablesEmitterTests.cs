using System;
using System.Linq;

namespace ImageSdk.Generators.Tests;

/// <summary>
/// The generator emits the builder type names (SchemaTables.BuilderTypeNames) that the analyzer finds chains by (see
/// ImageSdk.Analyzer.Tests.AssemblyBuilderAnalyzerTests), a builder renamed through x-imagesdk-builder included.
/// </summary>
public class TablesEmitterTests
{
    [Fact]
    public void The_generator_emits_every_builder_name_a_schema_gives_renamed_ones_included()
    {
        var files = GeneratorHarness.SchemaFiles();
        var robot = files.Keys.Single(k => k.EndsWith("image-generate.schema.json", StringComparison.Ordinal));
        files[robot] = files[robot].Replace("\"x-imagesdk-builder\": \"ImageGenerateStep\"", "\"x-imagesdk-builder\": \"Generate\"", StringComparison.Ordinal);

        var (driver, _, diagnostics) = GeneratorHarness.Run(files);
        var tables = GeneratorHarness.Generated(driver)["ImageSdk.Tables.SchemaTables.g.cs"];

        Assert.Empty(diagnostics);
        Assert.Contains("BuilderTypeNames { get; } = new[] { \"AssemblyBuilder\", \"Generate\", \"UploadHandleStep\" };", tables, StringComparison.Ordinal);
        Assert.Contains("public const string AssemblyBuilderTypeName = \"ImageSdk.AssemblyBuilder\";", tables, StringComparison.Ordinal);
    }
}
