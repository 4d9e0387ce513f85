using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ImageSdk.Analyzer;
using ImageSdk.Analyzer.CodeFixes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace ImageSdk.Generators.Tests.Analyzer;

/// <summary>Each code fix applied in a workspace, and Fix All in a document.</summary>
public class CodeFixTests
{
    private static readonly Compilation WithBuilders = GeneratorHarness.Run(GeneratorHarness.SchemaFiles()).Output;

    private static Document UserDocument(string statements)
    {
        var workspace = new AdhocWorkspace();
        var project = workspace.AddProject(ProjectInfo.Create(
            ProjectId.CreateNewId(), VersionStamp.Default, "User", "User", LanguageNames.CSharp,
            compilationOptions: WithBuilders.Options,
            parseOptions: GeneratorHarness.ParseOptions,
            metadataReferences: WithBuilders.References));
        var index = 0;
        foreach (var tree in WithBuilders.SyntaxTrees)
        {
            project = project.AddDocument($"Builders{index++}.cs", tree.GetText()).Project;
        }

        return project.AddDocument("User.cs", SourceText.From(AnalyzerHarness.Program(statements)));
    }

    private static async Task<ImmutableArray<Diagnostic>> DiagnosticsAsync(Document document)
    {
        var compilation = (await document.Project.GetCompilationAsync())!;
        var tree = await document.GetSyntaxTreeAsync();
        var all = await compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new AssemblyBuilderAnalyzer())).GetAnalyzerDiagnosticsAsync();
        return all.Where(d => d.Location.SourceTree == tree).OrderBy(d => d.Location.SourceSpan.Start).ToImmutableArray();
    }

    private static async Task<List<CodeAction>> ActionsAsync(Document document, Diagnostic diagnostic)
    {
        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
        await new BuilderCodeFixProvider().RegisterCodeFixesAsync(context);
        return actions;
    }

    private static async Task<string> ApplyAsync(Document document, CodeAction action)
    {
        var operations = await action.GetOperationsAsync(CancellationToken.None);
        var solution = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
        return (await solution.GetDocument(document.Id)!.GetTextAsync()).ToString();
    }

    private static string Body(string text)
    {
        var start = text.IndexOf("return", System.StringComparison.Ordinal);
        return text.Substring(start, text.IndexOf(';', start) - start + 1);
    }

    [Fact]
    public async Task Svg_from_a_model_that_cannot_make_it_offers_recraft_v3_or_png()
    {
        var document = UserDocument("""return new AssemblyBuilder().Step("g", new ImageGenerateStep().Prompt("x").Model(ImageModel.GoogleNanoBanana).Format(ImageFormat.Svg));""");
        var diagnostic = Assert.Single(await DiagnosticsAsync(document));

        var actions = await ActionsAsync(document, diagnostic);

        Assert.Equal(new[] { "Use model recraft-v3", "Use format png" }, actions.Select(a => a.Title));
        Assert.Equal("""return new AssemblyBuilder().Step("g", new ImageGenerateStep().Prompt("x").Model(ImageModel.RecraftV3).Format(ImageFormat.Svg));""", Body(await ApplyAsync(document, actions[0])));
        Assert.Equal("""return new AssemblyBuilder().Step("g", new ImageGenerateStep().Prompt("x").Model(ImageModel.GoogleNanoBanana).Format(ImageFormat.Png));""", Body(await ApplyAsync(document, actions[1])));
    }

    [Fact]
    public async Task Svg_from_the_default_model_adds_a_model_call()
    {
        var document = UserDocument("""return new AssemblyBuilder().Step("g", new ImageGenerateStep().Prompt("x").Format(ImageFormat.Svg));""");
        var actions = await ActionsAsync(document, Assert.Single(await DiagnosticsAsync(document)));

        var fixedText = await ApplyAsync(document, actions.First(a => a.Title == "Use model recraft-v3"));

        Assert.Equal("""return new AssemblyBuilder().Step("g", new ImageGenerateStep().Prompt("x").Model(ImageModel.RecraftV3).Format(ImageFormat.Svg));""", Body(fixedText));
        Assert.Empty(await DiagnosticsAsync(document.WithText(SourceText.From(fixedText))));
    }

    [Theory]
    [InlineData(".NumOutputs(42)", ".NumOutputs(10)")]
    [InlineData(".NumOutputs(0)", ".NumOutputs(1)")]
    [InlineData(".Width(-5)", ".Width(1)")]
    public async Task Out_of_range_numbers_are_clamped(string call, string expected)
    {
        var document = UserDocument($$"""return new AssemblyBuilder().Step("g", new ImageGenerateStep().Prompt("x"){{call}});""");
        var action = Assert.Single(await ActionsAsync(document, Assert.Single(await DiagnosticsAsync(document))));

        Assert.EndsWith(expected + ");", Body(await ApplyAsync(document, action)), System.StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(""".Model("google/nano-banan")""", """.Model("google/nano-banana")""")]
    [InlineData(""".Use("gneerated")""", """.Use("generated")""")]
    public async Task Unknown_names_are_replaced_by_the_suggestion(string call, string expected)
    {
        var document = UserDocument($$"""return new AssemblyBuilder().Step("generated", new ImageGenerateStep().Prompt("x")).Step("g", new ImageGenerateStep().Prompt("x"){{call}});""");
        var diagnostic = Assert.Single(await DiagnosticsAsync(document), d => d.Id is "IMG1501" or "IMG1402");
        var action = Assert.Single(await ActionsAsync(document, diagnostic));

        Assert.Contains(expected, await ApplyAsync(document, action), System.StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fix_all_clamps_every_number_in_the_document()
    {
        var document = UserDocument("""return new AssemblyBuilder().Step("a", new ImageGenerateStep().Prompt("x").NumOutputs(42)).Step("b", new ImageGenerateStep().Prompt("y").NumOutputs(0));""");
        var diagnostics = await DiagnosticsAsync(document);
        Assert.Equal(2, diagnostics.Length);
        var provider = new BuilderCodeFixProvider();
        var first = Assert.Single(await ActionsAsync(document, diagnostics[0]));

        var fixAll = new FixAllContext(document, provider, FixAllScope.Document, first.EquivalenceKey, provider.FixableDiagnosticIds, new Diagnostics(diagnostics), CancellationToken.None);
        var action = await provider.GetFixAllProvider()!.GetFixAsync(fixAll);

        Assert.Equal("""return new AssemblyBuilder().Step("a", new ImageGenerateStep().Prompt("x").NumOutputs(10)).Step("b", new ImageGenerateStep().Prompt("y").NumOutputs(1));""", Body(await ApplyAsync(document, action!)));
    }

    private sealed class Diagnostics(ImmutableArray<Diagnostic> diagnostics) : FixAllContext.DiagnosticProvider
    {
        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) => Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);

        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) => Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) => Task.FromResult<IEnumerable<Diagnostic>>(Enumerable.Empty<Diagnostic>());
    }
}
