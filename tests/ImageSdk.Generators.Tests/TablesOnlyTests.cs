using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ImageSdk.Generators.Tests;

/// <summary>The analyzer compiles the same schema tables from the same schema: the generator's tables-only output.</summary>
public class TablesOnlyTests
{
    [Fact]
    public void ImageSdkGeneratorOutput_SchemaTables_emits_only_the_rule_tables()
    {
        var options = new TestOptionsProvider(new Dictionary<string, string> { ["build_property.ImageSdkGeneratorOutput"] = "SchemaTables" });
        var driver = CSharpGeneratorDriver.Create(
                new[] { new ImageSdkGenerator().AsSourceGenerator() },
                GeneratorHarness.Texts(GeneratorHarness.SchemaFiles()),
                GeneratorHarness.ParseOptions,
                options)
            .RunGenerators(GeneratorHarness.RuntimeCompilation());

        // The tables and the enums they are written with (a route's mask convention and the capabilities a parameter names,
        // both declared in models.schema.json).
        Assert.Equal(new[] { "ImageSdk.MaskConvention.g.cs", "ImageSdk.ModelCapability.g.cs", "ImageSdk.Tables.SchemaTables.g.cs" }, GeneratorHarness.Generated(driver).Keys.OrderBy(k => k, System.StringComparer.Ordinal));
    }
}
