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
    public async Task Num_outputs_is_clamped()
    {
        await Test(
            AnalyzerHarness.Program("""return new AssemblyBuilder().Step("g", new ImageGenerateStep().Prompt("x").NumOutputs({|IMG1303:42|}));"""),
            AnalyzerHarness.Program("""return new AssemblyBuilder().Step("g", new ImageGenerateStep().Prompt("x").NumOutputs(10));""")).RunAsync();
    }

    [Fact]
    public async Task Valid_code_has_no_diagnostic()
    {
        await Test(AnalyzerHarness.Program("""return new AssemblyBuilder().Step("g", new ImageGenerateStep().Prompt("x").Model(ImageModel.RecraftV3).Format(ImageFormat.Svg));""")).RunAsync();
    }
}
