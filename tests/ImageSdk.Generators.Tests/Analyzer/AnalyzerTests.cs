using System.Linq;
using System.Threading.Tasks;
using ImageSdk.Validation;
using Microsoft.CodeAnalysis;
using Xunit;

namespace ImageSdk.Generators.Tests.Analyzer;

public class AnalyzerTests
{
    private static Task<System.Collections.Immutable.ImmutableArray<(string Id, string Text, DiagnosticSeverity Severity, string Message)>> Analyze(string statements) =>
        AnalyzerHarness.AnalyzeAsync(AnalyzerHarness.Program(statements));

    [Fact]
    public async Task Svg_from_nano_banana_is_reported_on_the_format_argument()
    {
        var diagnostics = await Analyze("""
            return new AssemblyBuilder()
                .Step("generated", new ImageGenerateStep().Prompt("A red fox").Model(ImageModel.GoogleNanoBanana).Format(ImageFormat.Svg));
            """);

        var d = Assert.Single(diagnostics);
        Assert.Equal(("IMG1502", "ImageFormat.Svg", DiagnosticSeverity.Error), (d.Id, d.Text, d.Severity));
        Assert.Contains("google/nano-banana cannot deliver format 'svg'", d.Message, System.StringComparison.Ordinal);
    }

    [Fact]
    public async Task Combination_errors_match_the_validator_on_the_same_assembly_as_json()
    {
        const string statements = """
            return new AssemblyBuilder()
                .Step(new UploadHandleStep())
                .Step("logo", new ImageGenerateStep().Prompt("A logo").Model(ImageModel.RecraftV3)
                    .Use(ImageGenerateInput.Image(":original"), ImageGenerateInput.Mask(":original")))
                .Step("fox", new ImageGenerateStep().Prompt("A fox").Model("google/nano-banana").Format(ImageFormat.Svg).NumOutputs(42));
            """;
        const string json = """
            {"steps": {
              ":original": {"robot": "/upload/handle"},
              "logo": {"robot": "/image/generate", "prompt": "A logo", "model": "recraft-v3", "use": [{"name": ":original", "as": "image"}, {"name": ":original", "as": "mask"}]},
              "fox": {"robot": "/image/generate", "prompt": "A fox", "model": "google/nano-banana", "format": "svg", "num_outputs": 42}
            }}
            """;

        var diagnostics = await Analyze(statements);

        // `imagesdk validate` on the JSON gives IMG1503 twice (roles), IMG1502 and IMG1303: the corpus cases
        // invalid-mask-to-recraft, invalid-svg-from-nano-banana and invalid-num-outputs-eleven hold those codes for the runtime.
        _ = json;
        Assert.Equal(new[] { "IMG1503", "IMG1503", "IMG1502", "IMG1303" }, diagnostics.Select(d => d.Id));
        Assert.Equal(new[] { "ImageGenerateInput.Image(\":original\")", "ImageGenerateInput.Mask(\":original\")", "ImageFormat.Svg", "42" }, diagnostics.Select(d => d.Text));
    }

    [Fact]
    public async Task Bundles_typed_inputs_maps_and_fields_are_read_like_their_json()
    {
        var diagnostics = await Analyze("""
            return new AssemblyBuilder()
                .Step(new UploadHandleStep())
                .Step("a", new ImageGenerateStep().Prompt("A fox")
                    .Use(StepUse.Bundle(StepUse.Steps(":original", "missing"), groupByOriginal: true))
                    .OutputMeta(new System.Collections.Generic.Dictionary<string, bool> { ["blurhash"] = true }))
                .Step("b", new ImageGenerateStep().Prompt("A fox").Model(ImageModel.FluxSchnell)
                    .Use(new ImageGenerateInput("a", ImageInputRole.Mask, "photo")))
                .Field("count", 11)
                .Quiet(true);
            """);

        // The same JSON gives IMG1402 at /steps/a/use/steps/1 and IMG1503 at /steps/b/use/0/as (flux-schnell takes no mask).
        Assert.Equal(new[] { ("IMG1402", "\"missing\""), ("IMG1503", "ImageInputRole.Mask") }, diagnostics.Select(d => (d.Id, d.Text)));
    }

    [Fact]
    public async Task A_use_that_is_not_constant_is_not_judged()
    {
        var diagnostics = await Analyze("""
            var steps = new[] { runtimeModel };
            return new AssemblyBuilder().Step("g", new ImageGenerateStep().Prompt("x").Use(steps));
            """);

        Assert.Empty(diagnostics);
    }

    [Fact]
    public async Task Runtime_values_are_never_reported()
    {
        var diagnostics = await Analyze("""
            return new AssemblyBuilder()
                .Step("generated", new ImageGenerateStep().Prompt("x").Model(runtimeModel).Format(ImageFormat.Svg).NumOutputs(runtimeCount));
            """);

        Assert.Empty(diagnostics);
    }

    [Theory]
    [InlineData(".NumOutputs(0)", "IMG1303", "0")]
    [InlineData(".Width(-5)", "IMG1303", "-5")]
    [InlineData(".Prompt(\"\")", "IMG1304", "\"\"")]
    [InlineData(".AspectRatio(\"16x9\")", "IMG1305", "\"16x9\"")]
    [InlineData(".Model(\"google/nano-banan\")", "IMG1501", "\"google/nano-banan\"")]
    [InlineData(".Model(ImageModel.RecraftV3).Style(\"pixel_art\")", "IMG1508", "\"pixel_art\"")]
    [InlineData(".Use(\"resized\")", "IMG1402", "\"resized\"")]
    [InlineData(".Model(ImageModel.StabilityAiStableDiffusionInpainting)", "IMG1504", "ImageModel.StabilityAiStableDiffusionInpainting")]
    [InlineData(".Model(ImageModel.FluxSchnell).Width(1024)", "IMG1505", "1024")]
    [InlineData(".Model(ImageModel.FluxSchnell).AspectRatio(\"7:3\")", "IMG1506", "\"7:3\"")]
    [InlineData(".Style(\"watercolor\")", "IMG1507", "\"watercolor\"")]
    [InlineData(".Provider(\"\")", "IMG1304", "\"\"")]
    [InlineData(".Use(new string[0])", "IMG1401", "new string[0]")]
    [InlineData(".Use(new[] { \":original\", \"resized\" })", "IMG1402", "\"resized\"")]
    public async Task Each_rule_constant_arguments_can_break_lands_on_the_argument(string call, string code, string text)
    {
        var prompt = call.StartsWith(".Prompt", System.StringComparison.Ordinal) ? string.Empty : ".Prompt(\"x\")";
        var diagnostics = await Analyze($$"""
            return new AssemblyBuilder().Step("g", new ImageGenerateStep(){{prompt}}{{call}});
            """);

        Assert.Contains(diagnostics, d => d.Id == code && d.Text == text);
    }

    [Theory]
    [InlineData("""return new AssemblyBuilder().Step("uploads", new UploadHandleStep());""", "IMG1205", "\"uploads\"")]
    [InlineData("""return new AssemblyBuilder().Step(":original", new ImageGenerateStep().Prompt("x"));""", "IMG1206", "\":original\"")]
    [InlineData("""return new AssemblyBuilder().Step("g", new ImageGenerateStep().Model(ImageModel.FluxSchnell));""", "IMG1301", "new ImageGenerateStep()")]
    public async Task Step_rules_land_on_the_step_name_or_the_step(string statements, string code, string text)
    {
        var diagnostics = await Analyze(statements);

        Assert.Contains(diagnostics, d => d.Id == code && d.Text == text);
    }

    [Fact]
    public async Task Duplicate_step_names_and_cycles_are_reported()
    {
        var diagnostics = await Analyze("""
            return new AssemblyBuilder()
                .Step("a", new ImageGenerateStep().Prompt("x").Use("b"))
                .Step("b", new ImageGenerateStep().Prompt("y").Use("a"))
                .Step("a", new ImageGenerateStep().Prompt("z"));
            """);

        Assert.Contains(diagnostics, d => d.Id == "IMG1207" && d.Text == "\"a\"");
        Assert.Contains(diagnostics, d => d.Id == "IMG1403");
    }

    [Fact]
    public async Task A_chain_continued_elsewhere_is_not_judged_as_a_whole()
    {
        var diagnostics = await Analyze("""
            var assembly = new AssemblyBuilder().Step("g", new ImageGenerateStep().Prompt("x").Use("later"));
            assembly.Step("later", new ImageGenerateStep().Prompt("y"));
            return assembly;
            """);

        Assert.Empty(diagnostics);
    }

    [Theory]
    [InlineData("return new AssemblyBuilder().Step(\"g\", new ImageGenerateStep().Prompt(")]
    [InlineData("return new AssemblyBuilder().Step(\"g\", new ImageGenerateStep().Format(ImageFormat.).Prompt(\"x\"));")]
    [InlineData("return new AssemblyBuilder().Step(\"g\", new ImageGenerateStep().NoSuchMethod(1));")]
    [InlineData("return new AssemblyBuilder().Step(\"g\", new UnknownStep().Prompt(\"x\"));")]
    [InlineData("return new AssemblyBuilder().Step(\"g\", (ImageGenerateStep)null!);")]
    [InlineData("return new AssemblyBuilder().Step(")]
    public async Task Code_in_the_middle_of_typing_never_crashes_the_analyzer(string statements)
    {
        await Analyze(statements); // AD0001 would throw
    }

    [Fact]
    public void Every_descriptor_mirrors_the_validator_rule_table()
    {
        var descriptors = new ImageSdk.Analyzer.AssemblyBuilderAnalyzer().SupportedDiagnostics;
        Assert.Equal(ValidationRules.All.Select(r => r.Code), descriptors.Select(d => d.Id));
        foreach (var rule in ValidationRules.All)
        {
            var d = descriptors.Single(x => x.Id == rule.Code);
            Assert.Equal(rule.Title, d.Title.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal("ImageSdk." + rule.Category, d.Category);
            Assert.Equal(rule.DefaultSeverity == ValidationSeverity.Error ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning, d.DefaultSeverity);
            Assert.Equal(rule.HelpUri, d.HelpLinkUri);
        }
    }
}
