using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using ImageSdk.Tables;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ImageSdk.Analyzer.Tests;

/// <summary>
/// The analyzer finds builder chains by the builder names the generator emits (SchemaTables.BuilderTypeNames), so a builder
/// renamed through x-imagesdk-builder to a name without a Builder/Step suffix is still analysed.
/// </summary>
public class AssemblyBuilderAnalyzerTests
{
    [Fact]
    public void The_analyzer_finds_chains_by_the_emitted_names_not_by_a_suffix()
    {
        var renamed = Outermost("var x = new Generate().Prompt(\"a\").Model(\"b\");");
        var unrelated = Outermost("var x = new StringBuilder().Append(\"a\").Append(\"b\");");

        Assert.True(AssemblyBuilderAnalyzer.LooksLikeBuilderChain(renamed, new HashSet<string>(StringComparer.Ordinal) { "AssemblyBuilder", "Generate" }));
        Assert.False(AssemblyBuilderAnalyzer.LooksLikeBuilderChain(unrelated, new HashSet<string>(SchemaTables.BuilderTypeNames, StringComparer.Ordinal)));
        Assert.Equal("AssemblyBuilder", SchemaTables.BuilderTypeNames[0]); // and one builder per robot of schema/
        Assert.Equal(SchemaTables.Robots.Count + 1, SchemaTables.BuilderTypeNames.Distinct(StringComparer.Ordinal).Count());
        Assert.Contains("ImageGenerateStep", SchemaTables.BuilderTypeNames);
        Assert.Contains("UploadHandleStep", SchemaTables.BuilderTypeNames);
        Assert.Contains("ImageResizeStep", SchemaTables.BuilderTypeNames);
        Assert.Contains("S3StoreStep", SchemaTables.BuilderTypeNames);
    }

    [Fact]
    public void The_analyzer_assembly_carries_the_tables_and_catalog_of_schema()
    {
        var catalog = JsonNode.Parse(File.ReadAllText(Path.Combine(DiagnosticCatalogueTests.Root, "schema", "models.json")))!["models"]!.AsArray();
        Assert.Equal(catalog.Select(m => m!["id"]!.GetValue<string>()), SchemaTables.Models.Select(m => m.Id));
        Assert.Equal("openai/gpt-image-2", SchemaTables.FindModel("gpt-image-2")!.Id);
        Assert.Equal("ImageSdk.Analyzer", typeof(SchemaTables).Assembly.GetName().Name);
    }

    private static InvocationExpressionSyntax Outermost(string statement) =>
        CSharpSyntaxTree.ParseText("class C { void M() { " + statement + " } }").GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>().First();
}
