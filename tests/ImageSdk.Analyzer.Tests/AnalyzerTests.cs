using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using static ImageSdk.Analyzer.Tests.AnalyzerVerifier;

namespace ImageSdk.Analyzer.Tests;

/// <summary>What the analyzer reports on builder code, and exactly where: every diagnostic of each program is marked.</summary>
public class AnalyzerTests
{
    [Fact]
    public async Task Svg_from_nano_banana_is_reported_on_the_format_argument_with_the_validators_message()
    {
        await VerifyAsync(
            Program("""
                return new AssemblyBuilder()
                    .Step("generated", new ImageGenerateStep().Prompt("A red fox").Model(ImageModel.GoogleNanoBanana).Format({|#0:ImageFormat.Svg|}));
                """),
            new DiagnosticResult("IMG1502", DiagnosticSeverity.Error).WithLocation(0)
                .WithArguments("google/nano-banana cannot deliver format 'svg'; it delivers png, jpeg, jpg, webp, gif; 'svg' comes from recraft-v3"));
    }

    /// <summary>
    /// The same assembly as JSON gives IMG1503 twice (roles), IMG1502 and IMG1303 in <c>imagesdk validate</c>: the corpus
    /// cases invalid-mask-to-recraft, invalid-svg-from-nano-banana and invalid-num-outputs-eleven hold those codes for the runtime.
    /// </summary>
    [Fact]
    public async Task Combination_errors_match_the_validator_on_the_same_assembly_as_json()
    {
        await VerifyAsync(Program("""
            return new AssemblyBuilder()
                .Step(new UploadHandleStep())
                .Step("logo", new ImageGenerateStep().Prompt("A logo").Model(ImageModel.RecraftV3)
                    .Use({|IMG1503:ImageGenerateInput.Image(":original")|}, {|IMG1503:ImageGenerateInput.Mask(":original")|}))
                .Step("fox", new ImageGenerateStep().Prompt("A fox").Model("google/nano-banana").Format({|IMG1502:ImageFormat.Svg|}).NumOutputs({|IMG1303:42|}));
            """));
    }

    /// <summary>The same JSON gives IMG1402 at /steps/a/use/steps/1 and IMG1503 at /steps/b/use/0/as (flux-schnell takes no mask).</summary>
    [Fact]
    public async Task Bundles_typed_inputs_maps_and_fields_are_read_like_their_json()
    {
        await VerifyAsync(Program("""
            return new AssemblyBuilder()
                .Step(new UploadHandleStep())
                .Step("a", new ImageGenerateStep().Prompt("A fox")
                    .Use(StepUse.Bundle(StepUse.Steps(":original", {|IMG1402:"missing"|}), groupByOriginal: true))
                    .OutputMeta(new System.Collections.Generic.Dictionary<string, bool> { ["blurhash"] = true }))
                .Step("b", new ImageGenerateStep().Prompt("A fox").Model(ImageModel.FluxSchnell)
                    .Use(new ImageGenerateInput("a", {|IMG1503:ImageInputRole.Mask|}, "photo")))
                .Field("count", 11)
                .Quiet(true);
            """));
    }

    [Theory]
    [InlineData("""
        var steps = new[] { runtimeModel };
        return new AssemblyBuilder().Step("g", new ImageGenerateStep().Prompt("x").Use(steps));
        """)]
    [InlineData("""
        return new AssemblyBuilder()
            .Step("generated", new ImageGenerateStep().Prompt("x").Model(runtimeModel).Format(ImageFormat.Svg).NumOutputs(runtimeCount));
        """)]
    [InlineData("""
        var assembly = new AssemblyBuilder().Step("g", new ImageGenerateStep().Prompt("x").Use("later"));
        assembly.Step("later", new ImageGenerateStep().Prompt("y"));
        return assembly;
        """)]
    [InlineData("""return new AssemblyBuilder().Step("g", new ImageGenerateStep().Prompt("x").Model(ImageModel.RecraftV3).Format(ImageFormat.Svg));""")]
    public async Task Runtime_values_chains_continued_elsewhere_and_valid_code_are_not_reported(string statements)
    {
        await VerifyAsync(Program(statements));
    }

    /// <summary>Every code the builders' constant arguments can break, with its exact span (all diagnostics of each program).</summary>
    [Theory]
    [InlineData("""new AssemblyBuilder().Step("g", new ImageGenerateStep().Prompt("x").NumOutputs({|IMG1303:0|}))""")]
    [InlineData("""new AssemblyBuilder().Step("g", new ImageGenerateStep().Prompt("x").Width({|IMG1303:-5|}))""")]
    [InlineData("""new AssemblyBuilder().Step("g", new ImageGenerateStep().Prompt({|IMG1304:""|}))""")]
    [InlineData("""new AssemblyBuilder().Step("g", new ImageGenerateStep().Prompt("x").Width({|IMG1308:"1024.5"|}))""")]
    [InlineData("""new AssemblyBuilder().Step("g", new ImageGenerateStep().Prompt("x").NumOutputs({|IMG1309:"11"|}))""")]
    [InlineData("""new AssemblyBuilder().Step("g", new ImageGenerateStep().Prompt("x").AspectRatio({|IMG1305:"16x9"|}))""")]
    [InlineData("""new AssemblyBuilder().Step("g", new ImageGenerateStep().Prompt("x").Model({|IMG1501:"google/nano-banan"|}))""")]
    [InlineData("""new AssemblyBuilder().Step("g", new ImageGenerateStep().Prompt("x").Model(ImageModel.GoogleNanoBanana).Format({|IMG1502:ImageFormat.Svg|}))""")]
    [InlineData("""new AssemblyBuilder().Step(new UploadHandleStep()).Step("g", new ImageGenerateStep().Prompt("x").Model(ImageModel.RecraftV3).Use({|IMG1503:ImageGenerateInput.Mask(":original")|}))""")]
    [InlineData("""new AssemblyBuilder().Step(new UploadHandleStep()).Step("g", new ImageGenerateStep().Prompt("x").Model(ImageModel.FluxSchnell).Use({|IMG1503:ImageGenerateInput.Image(":original")|}))""")]
    [InlineData("""new AssemblyBuilder().Step("g", new ImageGenerateStep().Prompt("x").Model({|IMG1504:ImageModel.StabilityAIStableDiffusionInpainting|}))""")]
    [InlineData("""new AssemblyBuilder().Step("g", new ImageGenerateStep().Prompt("x").Model(ImageModel.FluxSchnell).Width({|IMG1505:1024|}))""")]
    [InlineData("""new AssemblyBuilder().Step("g", new ImageGenerateStep().Prompt("x").Model(ImageModel.FluxSchnell).AspectRatio({|IMG1506:"7:3"|}))""")]
    [InlineData("""new AssemblyBuilder().Step("g", new ImageGenerateStep().Prompt("x").Style({|IMG1507:"watercolor"|}))""")]
    [InlineData("""new AssemblyBuilder().Step("g", new ImageGenerateStep().Prompt("x").Model(ImageModel.RecraftV3).Style({|IMG1508:"pixel_art"|}))""")]
    [InlineData("""new AssemblyBuilder().Step(new UploadHandleStep()).Step("g", new ImageGenerateStep().Prompt("x").Use(":original", {|IMG1402:"resized"|}))""")]
    [InlineData("""new AssemblyBuilder().Step(new UploadHandleStep()).Step("g", new ImageGenerateStep().Prompt("x").Use(new[] { ":original", {|IMG1402:"resized"|} }))""")]
    [InlineData("""new AssemblyBuilder().Step(new UploadHandleStep()).Step("a", new ImageGenerateStep().Prompt("x").Use(":original", "b")).Step("b", new ImageGenerateStep().Prompt("y").Use({|IMG1403:"a"|}))""")]
    [InlineData("""new AssemblyBuilder().Step({|IMG1205:"uploads"|}, new UploadHandleStep()).Step("g", new ImageGenerateStep().Prompt("x"))""")]
    [InlineData("""new AssemblyBuilder().Step({|IMG1206:":original"|}, new ImageGenerateStep().Prompt("x"))""")]
    [InlineData("""new AssemblyBuilder().Step("g", new ImageGenerateStep().Prompt("x")).Step({|IMG1207:"g"|}, new ImageGenerateStep().Prompt("y"))""")]
    [InlineData("""new AssemblyBuilder().Step("g", {|IMG1301:new ImageGenerateStep()|}.Model(ImageModel.FluxSchnell))""")]
    [InlineData("""{|IMG1106:new AssemblyBuilder()|}.Step("g", new ImageGenerateStep().Prompt("x").Use("h")).Step("h", new ImageGenerateStep().Prompt("y").Use({|IMG1403:"g"|}))""")]
    public async Task Each_code_is_reported_on_its_exact_span(string chain)
    {
        await VerifyAsync(Program("return " + chain + ";"));
    }

    [Fact]
    public async Task Duplicate_step_names_and_cycles_are_reported()
    {
        await VerifyAsync(Program("""
            return {|IMG1106:new AssemblyBuilder()|}
                .Step("a", new ImageGenerateStep().Prompt("x").Use("b"))
                .Step("b", new ImageGenerateStep().Prompt("y").Use({|IMG1403:"a"|}))
                .Step({|IMG1207:"a"|}, new ImageGenerateStep().Prompt("z"));
            """));
    }

    [Fact]
    public async Task Editorconfig_changes_a_codes_severity()
    {
        await VerifyAsync(
            Program("""return new AssemblyBuilder().Step("g", new ImageGenerateStep().Prompt("x").Model(ImageModel.GoogleNanoBanana).Format({|#0:ImageFormat.Svg|}));"""),
            editorConfig: "root = true\n\n[*]\ndotnet_diagnostic.IMG1502.severity = warning\n",
            new DiagnosticResult("IMG1502", DiagnosticSeverity.Warning).WithLocation(0)
                .WithArguments("google/nano-banana cannot deliver format 'svg'; it delivers png, jpeg, jpg, webp, gif; 'svg' comes from recraft-v3"));
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
        var diagnostics = await AnalyzeAsync(Program(statements)); // throws on AD0001

        Assert.All(diagnostics, d => Assert.StartsWith("IMG", d.Id, System.StringComparison.Ordinal));
    }

    /// <summary>
    /// A step inside an assembly chain is read with its assembly, once; where the assembly chain passes through an extension
    /// method (which ends the chain the reader reads), the step is still judged, as a step on its own.
    /// </summary>
    [Theory]
    [InlineData("new AssemblyBuilder()", 1)]
    [InlineData("new AssemblyBuilder().WithDefaults()", 1)]
    [InlineData("(new AssemblyBuilder()).Step(new UploadHandleStep()).WithDefaults()", 1)]
    public async Task A_step_of_an_assembly_chain_is_judged_once_whatever_the_chain_passes_through(string assembly, int expected)
    {
        var code = Program($$"""return {{assembly}}.Step("g", new ImageGenerateStep().Prompt("p").Model(ImageModel.GoogleNanoBanana).Format(ImageFormat.Svg));""")
            + "\npublic static class Extensions { public static AssemblyBuilder WithDefaults(this AssemblyBuilder builder) => builder; }\n";

        var diagnostics = await AnalyzeAsync(code);

        Assert.Equal(expected, diagnostics.Count(d => d.Id == "IMG1502"));
    }

    /// <summary>
    /// Every step of a chain is judged once, exactly: by its assembly's analysis where ImageSdk's assembly builder reads it,
    /// else on its own. Not read by an assembly: a step of an assembly chain that continues through an extension method above
    /// its <c>.Step</c> call (the reader's chain ends there), of a builder named through an alias, or of a <c>.Step</c> whose
    /// name is not a constant or is taken (the reader keeps the first).
    /// </summary>
    [Theory]
    [InlineData("return new AssemblyBuilder().Step(\"g\", BAD).WithDefaults();", 1)]
    [InlineData("return new AssemblyBuilder().Step(\"g\", BAD).WithDefaults().Step(\"h\", BAD).Step(\"i\", BAD);", 3)]
    [InlineData("return new AssemblyBuilder().WithDefaults().Step(\"g\", BAD).Step(\"h\", (BAD));", 2)]
    [InlineData("return (new AssemblyBuilder().Step(\"g\", (BAD))).Step(\"h\", BAD);", 2)]
    [InlineData("return new Alias().Step(\"g\", BAD);", 1)]
    [InlineData("return new AssemblyBuilder().Step(runtimeModel, BAD).Step(\"h\", BAD);", 2)]
    [InlineData("return new AssemblyBuilder().Step(\"g\", BAD).Step(\"g\", BAD);", 2)]
    public async Task Each_step_is_judged_once_whether_its_assembly_reads_it_or_not(string statements, int expected)
    {
        var code = "using Alias = ImageSdk.AssemblyBuilder;\n"
            + Program(statements.Replace("BAD", "new ImageGenerateStep().Prompt(\"p\").Model(ImageModel.GoogleNanoBanana).Format(ImageFormat.Svg)", System.StringComparison.Ordinal))
            + "\npublic static class Extensions { public static AssemblyBuilder WithDefaults(this AssemblyBuilder builder) => builder; }\n";

        var diagnostics = await AnalyzeAsync(code);

        Assert.Equal(expected, diagnostics.Count(d => d.Id == "IMG1502"));
    }

    /// <summary>
    /// A user's own type named <c>AssemblyBuilder</c>, with a <c>Step</c> method, in another namespace: it is not ImageSdk's
    /// builder, so its chain gets no assembly diagnostics (no IMG1207 for its repeated name), and the ImageSdk steps given to
    /// it are judged on their own (IMG1502); ImageSdk's own chain beside it is still read as an assembly.
    /// </summary>
    [Fact]
    public async Task A_users_own_AssemblyBuilder_is_not_analysed_as_ImageSdks_and_the_steps_given_to_it_are_judged_on_their_own()
    {
        await VerifyAsync("""
            using ImageSdk;

            namespace Mine
            {
                public sealed class AssemblyBuilder
                {
                    public AssemblyBuilder Step(string name, ImageSdk.Instructions.StepBuilder step) => this;

                    public AssemblyBuilder Step(UploadHandleStep step) => this;
                }

                public static class Program
                {
                    public static AssemblyBuilder Mine() => new AssemblyBuilder()
                        .Step("g", new ImageGenerateStep().Prompt("x").Model(ImageModel.GoogleNanoBanana).Format({|IMG1502:ImageFormat.Svg|}))
                        .Step("g", new ImageGenerateStep().Prompt({|IMG1304:""|}))
                        .Step(new UploadHandleStep());

                    public static ImageSdk.AssemblyBuilder Theirs() => new ImageSdk.AssemblyBuilder()
                        .Step("g", new ImageGenerateStep().Prompt("x").Model(ImageModel.GoogleNanoBanana).Format({|IMG1502:ImageFormat.Svg|}))
                        .Step({|IMG1207:"g"|}, new ImageGenerateStep().Prompt("y"));
                }
            }
            """);
    }

    /// <summary>
    /// A long chain, and values nested deeper than JSON may nest: each chain is read once (a step asks whether it belongs to
    /// an assembly chain without walking the chain again), deep values are not gone into, and what is wrong is still reported.
    /// </summary>
    [Fact]
    public async Task A_long_chain_and_deep_values_are_read_and_the_wrong_argument_in_the_middle_is_reported()
    {
        var steps = string.Concat(System.Linq.Enumerable.Range(0, 3_000).Select(i => i == 1_500
            ? "\n    .Step(\"s1500\", new ImageGenerateStep().Prompt(\"p\").Model(ImageModel.GoogleNanoBanana).Format(ImageFormat.Svg))"
            : $"\n    .Step(\"s{i}\", new ImageGenerateStep().Prompt(\"p\"))"));
        var deep = string.Concat(System.Linq.Enumerable.Repeat("new System.Text.Json.Nodes.JsonObject { [\"a\"] = ", 90)) + "1" + new string('}', 90);
        var lone = "var lone = new ImageGenerateStep().Prompt(\"p\").Model(ImageModel.GoogleNanoBanana).Format(ImageFormat.Svg);\n";

        var diagnostics = await AnalyzeAsync(Program(lone + "return new AssemblyBuilder()" + steps + "\n    .Field(\"f\", " + deep + ");")); // throws on AD0001

        Assert.Equal(
            new[] { ("IMG1502", 7), ("IMG1502", 1509) },
            diagnostics.Select(d => (d.Id, d.Location.GetLineSpan().StartLinePosition.Line + 1)));
    }
}
