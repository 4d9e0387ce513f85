using System.Linq;
using System.Threading.Tasks;
using ImageSdk.Analyzer;
using ImageSdk.Analyzer.CodeFixes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace ImageSdk.Generators.Tests.Analyzer;

/// <summary>
/// The analyzer and its fixes through Microsoft.CodeAnalysis.Testing: spans in markup, fixed code compared as text.
/// References come from Basic.Reference.Assemblies and the builders' sources (nothing is downloaded).
/// </summary>
public class VerifierTests
{
    private static readonly (string Name, string Text)[] Builders = GeneratorHarness.Run(GeneratorHarness.SchemaFiles()).Output.SyntaxTrees
        .Select((tree, i) => ($"Builders{i}.cs", tree.GetText().ToString()))
        .ToArray();

    private static CSharpCodeFixTest<AssemblyBuilderAnalyzer, BuilderCodeFixProvider, DefaultVerifier> Test(string source, string? fixedSource = null, int codeActionIndex = 0)
    {
        var test = new CSharpCodeFixTest<AssemblyBuilderAnalyzer, BuilderCodeFixProvider, DefaultVerifier>
        {
            ReferenceAssemblies = new ReferenceAssemblies("net10.0"),
            TestCode = source,
            CodeActionIndex = codeActionIndex,
            CompilerDiagnostics = CompilerDiagnostics.None,
        };
        test.TestState.AdditionalReferences.AddRange(Basic.Reference.Assemblies.Net100.References.All);
        test.TestState.Sources.AddRange(Builders.Select(b => (b.Name, Microsoft.CodeAnalysis.Text.SourceText.From(b.Text))));
        if (fixedSource is not null)
        {
            test.FixedCode = fixedSource;
            test.FixedState.AdditionalReferences.AddRange(Basic.Reference.Assemblies.Net100.References.All);
            test.FixedState.Sources.AddRange(Builders.Select(b => (b.Name, Microsoft.CodeAnalysis.Text.SourceText.From(b.Text))));
        }

        return test;
    }

    [Fact]
    public async Task Svg_from_nano_banana_is_fixed_by_switching_to_recraft_v3()
    {
        await Test(
            AnalyzerHarness.Program("""return new AssemblyBuilder().Step("g", new ImageGenerateStep().Prompt("x").Model(ImageModel.GoogleNanoBanana).Format({|IMG1502:ImageFormat.Svg|}));"""),
            AnalyzerHarness.Program("""return new AssemblyBuilder().Step("g", new ImageGenerateStep().Prompt("x").Model(ImageModel.RecraftV3).Format(ImageFormat.Svg));""")).RunAsync();
    }

    [Fact]
    public async Task Svg_from_nano_banana_is_fixed_by_switching_to_png()
    {
        await Test(
            AnalyzerHarness.Program("""return new AssemblyBuilder().Step("g", new ImageGenerateStep().Prompt("x").Model(ImageModel.GoogleNanoBanana).Format({|IMG1502:ImageFormat.Svg|}));"""),
            AnalyzerHarness.Program("""return new AssemblyBuilder().Step("g", new ImageGenerateStep().Prompt("x").Model(ImageModel.GoogleNanoBanana).Format(ImageFormat.Png));"""),
            codeActionIndex: 1).RunAsync();
    }

    [Fact]
    public async Task An_unknown_step_is_replaced_by_the_suggestion()
    {
        await Test(
            AnalyzerHarness.Program("""return new AssemblyBuilder().Step("generated", new ImageGenerateStep().Prompt("x")).Step("g", new ImageGenerateStep().Prompt("y").Use({|IMG1402:"gneerated"|}));"""),
            AnalyzerHarness.Program("""return new AssemblyBuilder().Step("generated", new ImageGenerateStep().Prompt("x")).Step("g", new ImageGenerateStep().Prompt("y").Use("generated"));""")).RunAsync();
    }

    [Fact]
    public async Task An_unknown_model_is_replaced_by_the_suggestion()
    {
        await Test(
            AnalyzerHarness.Program("""return new AssemblyBuilder().Step("g", new ImageGenerateStep().Prompt("x").Model({|IMG1501:"google/nano-banan"|}));"""),
            AnalyzerHarness.Program("""return new AssemblyBuilder().Step("g", new ImageGenerateStep().Prompt("x").Model("google/nano-banana"));""")).RunAsync();
    }

    [Fact]
    public async Task Num_outputs_is_clamped()
    {
        await Test(
            AnalyzerHarness.Program("""return new AssemblyBuilder().Step("g", new ImageGenerateStep().Prompt("x").NumOutputs({|IMG1303:42|}));"""),
            AnalyzerHarness.Program("""return new AssemblyBuilder().Step("g", new ImageGenerateStep().Prompt("x").NumOutputs(10));""")).RunAsync();
    }

    /// <summary>Every code the builders' constant arguments can break, with its exact span (all diagnostics of each program).</summary>
    [Theory]
    [InlineData("""new AssemblyBuilder().Step("g", new ImageGenerateStep().Prompt("x").NumOutputs({|IMG1303:0|}))""")]
    [InlineData("""new AssemblyBuilder().Step("g", new ImageGenerateStep().Prompt("x").Width({|IMG1303:-5|}))""")]
    [InlineData("""new AssemblyBuilder().Step("g", new ImageGenerateStep().Prompt({|IMG1304:""|}))""")]
    [InlineData("""new AssemblyBuilder().Step("g", new ImageGenerateStep().Prompt("x").Provider({|IMG1304:""|}))""")]
    [InlineData("""new AssemblyBuilder().Step("g", new ImageGenerateStep().Prompt("x").AspectRatio({|IMG1305:"16x9"|}))""")]
    [InlineData("""new AssemblyBuilder().Step("g", new ImageGenerateStep().Prompt("x").Model({|IMG1501:"google/nano-banan"|}))""")]
    [InlineData("""new AssemblyBuilder().Step("g", new ImageGenerateStep().Prompt("x").Model(ImageModel.GoogleNanoBanana).Format({|IMG1502:ImageFormat.Svg|}))""")]
    [InlineData("""new AssemblyBuilder().Step(new UploadHandleStep()).Step("g", new ImageGenerateStep().Prompt("x").Model(ImageModel.RecraftV3).Use({|IMG1503:ImageGenerateInput.Mask(":original")|}))""")]
    [InlineData("""new AssemblyBuilder().Step(new UploadHandleStep()).Step("g", new ImageGenerateStep().Prompt("x").Model(ImageModel.FluxSchnell).Use({|IMG1503:ImageGenerateInput.Image(":original")|}))""")]
    [InlineData("""new AssemblyBuilder().Step("g", new ImageGenerateStep().Prompt("x").Model({|IMG1504:ImageModel.StabilityAiStableDiffusionInpainting|}))""")]
    [InlineData("""new AssemblyBuilder().Step("g", new ImageGenerateStep().Prompt("x").Model(ImageModel.FluxSchnell).Width({|IMG1505:1024|}))""")]
    [InlineData("""new AssemblyBuilder().Step("g", new ImageGenerateStep().Prompt("x").Model(ImageModel.FluxSchnell).AspectRatio({|IMG1506:"7:3"|}))""")]
    [InlineData("""new AssemblyBuilder().Step("g", new ImageGenerateStep().Prompt("x").Style({|IMG1507:"watercolor"|}))""")]
    [InlineData("""new AssemblyBuilder().Step("g", new ImageGenerateStep().Prompt("x").Model(ImageModel.RecraftV3).Style({|IMG1508:"pixel_art"|}))""")]
    [InlineData("""new AssemblyBuilder().Step(new UploadHandleStep()).Step("g", new ImageGenerateStep().Prompt("x").Use(":original", {|IMG1402:"resized"|}))""")]
    [InlineData("""new AssemblyBuilder().Step(new UploadHandleStep()).Step("g", new ImageGenerateStep().Prompt("x").Use({|IMG1401:new string[0]|}))""")]
    [InlineData("""new AssemblyBuilder().Step(new UploadHandleStep()).Step("a", new ImageGenerateStep().Prompt("x").Use(":original", "b")).Step("b", new ImageGenerateStep().Prompt("y").Use({|IMG1403:"a"|}))""")]
    [InlineData("""new AssemblyBuilder().Step({|IMG1205:"uploads"|}, new UploadHandleStep()).Step("g", new ImageGenerateStep().Prompt("x"))""")]
    [InlineData("""new AssemblyBuilder().Step({|IMG1206:":original"|}, new ImageGenerateStep().Prompt("x"))""")]
    [InlineData("""new AssemblyBuilder().Step("g", new ImageGenerateStep().Prompt("x")).Step({|IMG1207:"g"|}, new ImageGenerateStep().Prompt("y"))""")]
    [InlineData("""new AssemblyBuilder().Step("g", {|IMG1301:new ImageGenerateStep()|}.Model(ImageModel.FluxSchnell))""")]
    [InlineData("""{|IMG1106:new AssemblyBuilder()|}.Step("g", new ImageGenerateStep().Prompt("x").Use("h")).Step("h", new ImageGenerateStep().Prompt("y").Use({|IMG1403:"g"|}))""")]
    public async Task Each_code_is_reported_on_its_exact_span(string chain)
    {
        await Test(AnalyzerHarness.Program("return " + chain + ";")).RunAsync();
    }

    [Fact]
    public async Task Editorconfig_changes_a_codes_severity()
    {
        var test = Test(AnalyzerHarness.Program("""return new AssemblyBuilder().Step("g", new ImageGenerateStep().Prompt("x").Model(ImageModel.GoogleNanoBanana).Format(ImageFormat.Svg));"""));
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*]\ndotnet_diagnostic.IMG1502.severity = warning\n"));
        test.ExpectedDiagnostics.Add(new DiagnosticResult("IMG1502", DiagnosticSeverity.Warning).WithSpan(7, 126, 7, 141)
            .WithArguments("google/nano-banana cannot deliver format 'svg'; it delivers png, jpeg, jpg, webp, gif; 'svg' comes from recraft-v3"));

        await test.RunAsync();
    }

    [Fact]
    public async Task Valid_code_has_no_diagnostic()
    {
        await Test(AnalyzerHarness.Program("""return new AssemblyBuilder().Step("g", new ImageGenerateStep().Prompt("x").Model(ImageModel.RecraftV3).Format(ImageFormat.Svg));""")).RunAsync();
    }
}
