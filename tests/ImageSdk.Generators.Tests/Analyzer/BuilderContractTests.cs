using System;
using System.Collections.Generic;
using System.Linq;
using ImageSdk.Analyzer;
using ImageSdk.Rules;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ImageSdk.Generators.Tests.Analyzer;

/// <summary>
/// The generator emits the builder type names (RuleTables.BuilderTypeNames) and the analyzer finds chains by them, so a
/// builder renamed through x-imagesdk-builder to a name without a Builder/Step suffix is still analysed.
/// </summary>
public class BuilderContractTests
{
    [Fact]
    public void The_generator_emits_every_builder_name_a_schema_gives_renamed_ones_included()
    {
        var files = GeneratorHarness.SchemaFiles();
        var robot = files.Keys.Single(k => k.EndsWith("image-generate.schema.json", StringComparison.Ordinal));
        files[robot] = files[robot].Replace("\"x-imagesdk-builder\": \"ImageGenerateStep\"", "\"x-imagesdk-builder\": \"Generate\"", StringComparison.Ordinal);

        var (driver, _, diagnostics) = GeneratorHarness.Run(files);
        var tables = GeneratorHarness.Generated(driver)["ImageSdk.Rules.RuleTables.g.cs"];

        Assert.Empty(diagnostics);
        Assert.Contains("BuilderTypeNames { get; } = new[] { \"AssemblyBuilder\", \"Generate\", \"UploadHandleStep\" };", tables, StringComparison.Ordinal);
        Assert.Contains("public const string AssemblyBuilderTypeName = \"ImageSdk.AssemblyBuilder\";", tables, StringComparison.Ordinal);
    }

    [Fact]
    public void The_analyzer_finds_chains_by_the_emitted_names_not_by_a_suffix()
    {
        var renamed = Outermost("var x = new Generate().Prompt(\"a\").Model(\"b\");");
        var unrelated = Outermost("var x = new StringBuilder().Append(\"a\").Append(\"b\");");

        Assert.True(AssemblyBuilderAnalyzer.LooksLikeBuilderChain(renamed, new HashSet<string>(StringComparer.Ordinal) { "AssemblyBuilder", "Generate" }));
        Assert.False(AssemblyBuilderAnalyzer.LooksLikeBuilderChain(unrelated, new HashSet<string>(RuleTables.BuilderTypeNames, StringComparer.Ordinal)));
        Assert.Equal(new[] { "AssemblyBuilder", "ImageGenerateStep", "UploadHandleStep" }, RuleTables.BuilderTypeNames);
    }

    private static InvocationExpressionSyntax Outermost(string statement) =>
        CSharpSyntaxTree.ParseText("class C { void M() { " + statement + " } }").GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>().First();
}
