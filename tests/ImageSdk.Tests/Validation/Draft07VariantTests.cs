using System.Linq;
using System.Text.Json;
using CsCheck;
using ImageSdk.SchemaVariants;
using Xunit;
using NJsonSchemaDocument = NJsonSchema.JsonSchema;

namespace ImageSdk.Tests.Validation;

/// <summary>The generated draft-07 variant (for NJsonSchema) judges like the real 2020-12 schema does under JsonSchema.Net.</summary>
public class Draft07VariantTests
{
    private static readonly NJsonSchemaDocument Variant =
        NJsonSchemaDocument.FromJsonAsync(SchemaOracle.WithEcmaScriptPatterns(Draft07Variant.Build(SchemaOracle.SchemaDirectory).ToJsonString())).GetAwaiter().GetResult(); // patterns with ECMAScript meaning, as the oracle applies them

    private static void AssertSameVerdict(string json)
    {
        using var document = JsonDocument.Parse(json);
        var real = SchemaOracle.Evaluate(SchemaOracle.AssemblySchemaId, document.RootElement);
        var variant = Variant.Validate(json);
        Assert.True(
            real.IsValid == (variant.Count == 0),
            $"JsonSchema.Net on schema/: {real.IsValid} ({SchemaOracle.Describe(real)}); NJsonSchema on the draft-07 variant: {variant.Count == 0} ({string.Join("; ", variant.Select(e => e.ToString()))}) for {json}");
    }

    [Fact]
    public void The_variant_is_draft_07_with_no_2020_12_keywords()
    {
        var text = Draft07Variant.Build(SchemaOracle.SchemaDirectory).ToJsonString();

        Assert.Contains("\"$schema\":\"http://json-schema.org/draft-07/schema#\"", text, System.StringComparison.Ordinal);
        Assert.DoesNotContain("$defs", text, System.StringComparison.Ordinal);
        Assert.DoesNotContain("$dynamic", text, System.StringComparison.Ordinal);
        Assert.DoesNotContain("\"if\"", text, System.StringComparison.Ordinal);
    }

    [Fact]
    public void Every_corpus_assembly_gets_the_same_verdict_from_both()
    {
        var documents = Corpus.ParsedDocuments;
        Assert.True(documents.Count > 90);
        Assert.All(documents, node => AssertSameVerdict(node.ToJsonString()));
    }

    [Fact]
    public void Generated_and_mutated_assemblies_get_the_same_verdict_from_both()
    {
        ValidatorPropertyTests.AssemblyOrMutant.Sample(node => AssertSameVerdict(node.ToJsonString()), iter: FullBuildTests.Cases(everyRun: 200, full: 500));
    }
}
