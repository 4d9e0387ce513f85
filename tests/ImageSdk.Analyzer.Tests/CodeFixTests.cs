using System.Threading.Tasks;
using static ImageSdk.Analyzer.Tests.AnalyzerVerifier;

namespace ImageSdk.Analyzer.Tests;

/// <summary>Each code fix, its title, the code it writes, and Fix All (the verifier runs it in document, project and solution).</summary>
public class CodeFixTests
{
    [Fact]
    public async Task Svg_from_a_model_that_cannot_make_it_offers_recraft_v3_then_the_models_own_format()
    {
        const string Code = """return new AssemblyBuilder().Step("g", new ImageGenerateStep().Prompt("x").Model(ImageModel.GoogleNanoBanana).Format({|IMG1502:ImageFormat.Svg|}));""";

        Assert.Equal(new[] { "Use model recraft-v3", "Use format png" }, await FixTitlesAsync(Program(Code.Replace("{|IMG1502:", string.Empty, System.StringComparison.Ordinal).Replace("|})", ")", System.StringComparison.Ordinal))));
        await VerifyFixAsync(Program(Code),
            Program("""return new AssemblyBuilder().Step("g", new ImageGenerateStep().Prompt("x").Model(ImageModel.RecraftV3).Format(ImageFormat.Svg));"""),
            codeActionIndex: 0, title: "Use model recraft-v3");
        await VerifyFixAsync(Program(Code),
            Program("""return new AssemblyBuilder().Step("g", new ImageGenerateStep().Prompt("x").Model(ImageModel.GoogleNanoBanana).Format(ImageFormat.Png));"""),
            codeActionIndex: 1, title: "Use format png");
    }

    [Fact]
    public async Task Svg_from_the_default_model_adds_a_model_call()
    {
        await VerifyFixAsync(
            Program("""return new AssemblyBuilder().Step("g", new ImageGenerateStep().Prompt("x").Format({|IMG1502:ImageFormat.Svg|}));"""),
            Program("""return new AssemblyBuilder().Step("g", new ImageGenerateStep().Prompt("x").Model(ImageModel.RecraftV3).Format(ImageFormat.Svg));"""),
            title: "Use model recraft-v3");
    }

    [Theory]
    [InlineData(".NumOutputs({|IMG1303:42|})", ".NumOutputs(10)")]
    [InlineData(".NumOutputs({|IMG1303:0|})", ".NumOutputs(1)")]
    [InlineData(".Width({|IMG1303:-5|})", ".Width(1)")]
    public async Task Out_of_range_numbers_are_clamped(string call, string expected)
    {
        await VerifyFixAsync(
            Program($$"""return new AssemblyBuilder().Step("g", new ImageGenerateStep().Prompt("x"){{call}});"""),
            Program($$"""return new AssemblyBuilder().Step("g", new ImageGenerateStep().Prompt("x"){{expected}});"""));
    }

    [Theory]
    [InlineData(""".Model({|IMG1501:"google/nano-banan"|})""", """.Model("google/nano-banana")""")]
    [InlineData(""".Use({|IMG1402:"gneerated"|})""", """.Use("generated")""")]
    public async Task Unknown_names_are_replaced_by_the_suggestion(string call, string expected)
    {
        await VerifyFixAsync(
            Program($$"""return new AssemblyBuilder().Step("generated", new ImageGenerateStep().Prompt("x")).Step("g", new ImageGenerateStep().Prompt("x"){{call}});"""),
            Program($$"""return new AssemblyBuilder().Step("generated", new ImageGenerateStep().Prompt("x")).Step("g", new ImageGenerateStep().Prompt("x"){{expected}});"""));
    }

    [Fact]
    public async Task Fix_all_clamps_every_number_in_the_document()
    {
        await VerifyFixAsync(
            Program("""return new AssemblyBuilder().Step("a", new ImageGenerateStep().Prompt("x").NumOutputs({|IMG1303:42|})).Step("b", new ImageGenerateStep().Prompt("y").NumOutputs({|IMG1303:0|}));"""),
            Program("""return new AssemblyBuilder().Step("a", new ImageGenerateStep().Prompt("x").NumOutputs(10)).Step("b", new ImageGenerateStep().Prompt("y").NumOutputs(1));"""));
    }
}
