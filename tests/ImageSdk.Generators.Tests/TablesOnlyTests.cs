using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ImageSdk.Generators.Tests;

/// <summary>The analyzer compiles the same schema tables from the same schema: the generator's tables-only output.</summary>
public class TablesOnlyTests
{
    [Fact]
    public void ImageSdkGeneratorOutput_SchemaTables_emits_only_the_rule_tables()
    {
        var options = new GlobalOptionsProvider(new Dictionary<string, string> { ["build_property.ImageSdkGeneratorOutput"] = "SchemaTables" });
        var driver = CSharpGeneratorDriver.Create(
                new[] { new ImageSdkGenerator().AsSourceGenerator() },
                GeneratorHarness.Texts(GeneratorHarness.SchemaFiles()),
                GeneratorHarness.ParseOptions,
                options)
            .RunGenerators(GeneratorHarness.RuntimeCompilation());

        Assert.Equal(new[] { "ImageSdk.Tables.SchemaTables.g.cs" }, GeneratorHarness.Generated(driver).Keys);
    }

    private sealed class GlobalOptionsProvider(Dictionary<string, string> values) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(values);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Options(new Dictionary<string, string>());

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new Options(new Dictionary<string, string>());
    }

    private sealed class Options(Dictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
    }
}
