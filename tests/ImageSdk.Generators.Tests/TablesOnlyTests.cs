using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ImageSdk.Generators.Tests;

/// <summary>The analyzer compiles the same schema tables from the same schema: the generator's tables-only output.</summary>
public class TablesOnlyTests
{
    /// <summary>One generator run over the real schema with the tables-only output, shared by the tests below.</summary>
    private static readonly System.Lazy<GeneratorDriver> s_tablesOnly = new(() => CSharpGeneratorDriver.Create(
            new[] { new ImageSdkGenerator().AsSourceGenerator() },
            GeneratorHarness.Texts(GeneratorHarness.SchemaFiles()),
            GeneratorHarness.ParseOptions,
            new TestOptionsProvider(new Dictionary<string, string> { ["build_property.ImageSdkGeneratorOutput"] = "SchemaTables" }))
        .RunGenerators(GeneratorHarness.RuntimeCompilation()));

    [Fact]
    public void ImageSdkGeneratorOutput_SchemaTables_emits_only_the_rule_tables()
    {
        var driver = s_tablesOnly.Value;

        // The tables and the enums they are written with (a route's mask convention and the capabilities a parameter names,
        // both declared in models.schema.json).
        Assert.Equal(new[] { "ImageSdk.MaskConvention.g.cs", "ImageSdk.ModelCapability.g.cs", "ImageSdk.Tables.SchemaTables.g.cs" }, GeneratorHarness.Generated(driver).Keys.OrderBy(k => k, System.StringComparer.Ordinal));
    }

    [Fact]
    public void The_tables_only_output_writes_every_robots_parameters_and_the_assembly_keys_as_text_for_one_reader()
    {
        var driver = s_tablesOnly.Value;
        var tables = GeneratorHarness.Generated(driver)["ImageSdk.Tables.SchemaTables.g.cs"];
        var full = GeneratorHarness.Generated(GeneratorHarness.RealSchemaRun().Driver)["ImageSdk.Tables.SchemaTables.g.cs"];

        // The analyzer's tables: no constructor call of a parameter left, one decoding call per robot and one for the keys,
        // each under a comment naming its reader. ImageSdk.dll's tables (ReadyToRun in imagesdk validate) keep the constructors.
        var robots = System.Text.RegularExpressions.Regex.Matches(tables, @"private static RobotSpec Robot\d+\(\)").Count;
        Assert.True(robots > 90, tables);
        Assert.DoesNotContain("new ParameterSpec(", tables, System.StringComparison.Ordinal);
        Assert.Equal(robots + 1, System.Text.RegularExpressions.Regex.Matches(tables, @"SpecText\.Parameters\(").Count);
        Assert.Equal(robots + 1, System.Text.RegularExpressions.Regex.Matches(tables, "decoded by SpecText.Parameters").Count);
        Assert.Contains("new ParameterSpec(", full, System.StringComparison.Ordinal);
        Assert.DoesNotContain("SpecText", full, System.StringComparison.Ordinal);
    }
}
