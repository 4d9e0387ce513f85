using System.Threading.Tasks;
using static ImageSdk.Analyzer.Tests.AnalyzerVerifier;

namespace ImageSdk.Analyzer.Tests;

/// <summary>Each code fix, its title, the code it writes, and Fix All (the verifier runs it in document, project and solution).</summary>
public class CodeFixTests
{
    [Fact]
    public async Task Svg_from_a_model_the_step_names_keeps_the_model_and_takes_its_own_format()
    {
        const string Code = """return new AssemblyBuilder().Step("g", new ImageGenerateStep().Prompt("x").Model(ImageModel.GoogleNanoBanana).Format({|IMG1502:ImageFormat.Svg|}));""";

        Assert.Equal(new[] { "Use format png" }, await FixTitlesAsync(Program(Unmarked(Code))));
        await VerifyFixAsync(Program(Code),
            Program("""return new AssemblyBuilder().Step("g", new ImageGenerateStep().Prompt("x").Model(ImageModel.GoogleNanoBanana).Format(ImageFormat.Png));"""),
            title: "Use format png");
    }

    /// <summary>
    /// The issue's case: <c>dotnet format analyzers --diagnostics IMG1502</c> on an inpainting chain switched the model to
    /// recraft-v3, which takes no image and no mask (two new IMG1503 errors). The one planned fix is the format, for a named
    /// model and for the default one alike, and the fixed code has no diagnostic at all (the verifier checks the fixed state).
    /// </summary>
    [Theory]
    [InlineData(".Model(ImageModel.GoogleNanoBananaPro)")]
    [InlineData("")]
    public async Task Svg_on_an_inpainting_chain_takes_the_models_format_never_a_model_that_takes_no_inputs(string model)
    {
        var code = $$"""return new AssemblyBuilder().Step(new UploadHandleStep()).Step("inpainted", new ImageGenerateStep().Use(ImageGenerateInput.Image(":original"), ImageGenerateInput.Mask(":original")){{model}}.Prompt("x").Format({|IMG1502:ImageFormat.Svg|}));""";

        Assert.Equal(new[] { "Use format png" }, await FixTitlesAsync(Program(Unmarked(code))));
        await VerifyFixAsync(Program(code),
            Program($$"""return new AssemblyBuilder().Step(new UploadHandleStep()).Step("inpainted", new ImageGenerateStep().Use(ImageGenerateInput.Image(":original"), ImageGenerateInput.Mask(":original")){{model}}.Prompt("x").Format(ImageFormat.Png));"""),
            title: "Use format png");
    }

    [Fact]
    public async Task Svg_from_the_default_model_adds_a_model_call()
    {
        await VerifyFixAsync(
            Program("""return new AssemblyBuilder().Step("g", new ImageGenerateStep().Prompt("x").Format({|IMG1502:ImageFormat.Svg|}));"""),
            Program("""return new AssemblyBuilder().Step("g", new ImageGenerateStep().Prompt("x").Model(ImageModel.RecraftV3).Format(ImageFormat.Svg));"""),
            title: "Use model recraft-v3");
    }

    [Fact]
    public async Task A_model_call_added_to_a_chain_over_several_lines_keeps_the_lines()
    {
        await VerifyFixAsync(
            Program("""
                return new AssemblyBuilder()
                    .Step("g", new ImageGenerateStep()
                        .Prompt("x")
                        .Format({|IMG1502:ImageFormat.Svg|}));
                """),
            Program("""
                return new AssemblyBuilder()
                    .Step("g", new ImageGenerateStep()
                        .Prompt("x").Model(ImageModel.RecraftV3)
                        .Format(ImageFormat.Svg));
                """),
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

    [Theory]
    [InlineData(""".NumOutputs({|IMG1309:"11"|})""", """.NumOutputs("10")""")]
    [InlineData(""".Seed({|IMG1308:"4.6"|})""", """.Seed("5")""")]
    [InlineData(""".Width({|IMG1303:"0"|})""", """.Width("1")""")]
    public async Task Numbers_in_strings_are_clamped_or_rounded_and_stay_strings(string call, string expected)
    {
        await VerifyFixAsync(
            Program($$"""return new AssemblyBuilder().Step("g", new ImageGenerateStep().Prompt("x"){{call}});"""),
            Program($$"""return new AssemblyBuilder().Step("g", new ImageGenerateStep().Prompt("x"){{expected}});"""));
    }

    [Fact]
    public async Task Fix_all_clamps_every_number_in_the_document()
    {
        await VerifyFixAsync(
            Program("""return new AssemblyBuilder().Step("a", new ImageGenerateStep().Prompt("x").NumOutputs({|IMG1303:42|})).Step("b", new ImageGenerateStep().Prompt("y").NumOutputs({|IMG1303:0|}));"""),
            Program("""return new AssemblyBuilder().Step("a", new ImageGenerateStep().Prompt("x").NumOutputs(10)).Step("b", new ImageGenerateStep().Prompt("y").NumOutputs(1));"""));
    }

    private static string Unmarked(string markup) => System.Text.RegularExpressions.Regex.Replace(markup, @"\{\|IMG\d+:(.*?)\|\}", "$1");
}
