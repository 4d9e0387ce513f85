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
        var names = System.Text.RegularExpressions.Regex.Match(tables, "class BuilderTypeNameTable\\s*\\{\\s*public static readonly string\\[\\] Items = new\\[\\] \\{ (.*?) \\};").Groups[1].Value.Split(", ");
        Assert.Equal("\"AssemblyBuilder\"", names[0]);
        Assert.Contains("\"Generate\"", names);
        Assert.Contains("\"UploadHandleStep\"", names);
        Assert.Contains("\"ImageResizeStep\"", names);
        Assert.DoesNotContain("\"ImageGenerateStep\"", names);
        Assert.Contains("public const string AssemblyBuilderTypeName = \"ImageSdk.AssemblyBuilder\";", tables, StringComparison.Ordinal);
    }
}
