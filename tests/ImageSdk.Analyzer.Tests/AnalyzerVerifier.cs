extern alias sdk;

using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using ImageSdk.Analyzer.CodeFixes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace ImageSdk.Analyzer.Tests;

/// <summary>
/// The one harness of the analyzer and its code fixes, on Microsoft.CodeAnalysis.Testing: user code in markup
/// (<c>{|IMG1502:ImageFormat.Svg|}</c> marks a diagnostic's exact span, and every diagnostic must be marked), compiled
/// against the built SDK as a consumer's code is, with Basic.Reference.Assemblies (nothing is downloaded).
/// </summary>
internal static class AnalyzerVerifier
{
    private static readonly MetadataReference Sdk = MetadataReference.CreateFromFile(typeof(sdk::ImageSdk.AssemblyBuilder).Assembly.Location);

    /// <summary>Verifies that the analyzer reports exactly the diagnostics marked in <paramref name="markup"/>.</summary>
    public static Task VerifyAsync(string markup, params DiagnosticResult[] expected) => VerifyAsync(markup, editorConfig: null, expected);

    /// <summary>Verifies the diagnostics of <paramref name="markup"/> under an <c>.editorconfig</c> holding <paramref name="editorConfig"/>.</summary>
    public static Task VerifyAsync(string markup, string? editorConfig, params DiagnosticResult[] expected)
    {
        var test = Test(markup);
        test.ExpectedDiagnostics.AddRange(expected);
        if (editorConfig is not null)
        {
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", editorConfig));
        }

        return test.RunAsync();
    }

    /// <summary>
    /// Verifies the marked diagnostics, that the fix offered at <paramref name="codeActionIndex"/> (titled
    /// <paramref name="title"/>, when given) turns <paramref name="markup"/> into <paramref name="fixedCode"/>, and that
    /// Fix All in the document, project and solution does the same.
    /// </summary>
    public static Task VerifyFixAsync(string markup, string fixedCode, int codeActionIndex = 0, string? title = null)
    {
        var test = Test(markup);
        test.FixedCode = fixedCode;
        test.FixedState.AdditionalReferences.AddRange(References());
        test.CodeActionIndex = codeActionIndex;
        if (title is not null)
        {
            test.CodeActionVerifier = (action, verifier) => verifier.Equal(title, action.Title);
        }

        return test.RunAsync();
    }

    /// <summary>The titles of the fixes offered for the only diagnostic of <paramref name="code"/>, in order.</summary>
    public static async Task<ImmutableArray<string>> FixTitlesAsync(string code)
    {
        using var workspace = new AdhocWorkspace();
        var project = workspace.AddProject(ProjectInfo.Create(ProjectId.CreateNewId(), VersionStamp.Default, "User", "User", LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary), metadataReferences: References()));
        var document = project.AddDocument("User.cs", code);
        var diagnostic = (await DiagnosticsAsync((await document.Project.GetCompilationAsync())!)).Single();
        var titles = ImmutableArray.CreateBuilder<string>();
        await new BuilderCodeFixProvider().RegisterCodeFixesAsync(new Microsoft.CodeAnalysis.CodeFixes.CodeFixContext(
            document, diagnostic, (action, _) => titles.Add(action.Title), default));
        return titles.ToImmutable();
    }

    /// <summary>
    /// The analyzer's diagnostics on <paramref name="code"/>, whatever they are, for code that is not a test case but a
    /// probe (random edits, code in the middle of typing). Throws when the analyzer crashed (AD0001).
    /// </summary>
    public static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(string code)
    {
        var compilation = CSharpCompilation.Create("User", [CSharpSyntaxTree.ParseText(code, path: "User.cs")], References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        return await DiagnosticsAsync(compilation);
    }

    /// <summary>Wraps statements in a class and method, with the usings a user writes.</summary>
    public static string Program(string statements) => $$"""
        using ImageSdk;

        public static class Program
        {
            public static AssemblyBuilder Build(string runtimeModel, int runtimeCount)
            {
                {{statements}}
            }
        }
        """;

    private static CSharpCodeFixTest<AssemblyBuilderAnalyzer, BuilderCodeFixProvider, DefaultVerifier> Test(string markup)
    {
        var test = new CSharpCodeFixTest<AssemblyBuilderAnalyzer, BuilderCodeFixProvider, DefaultVerifier>
        {
            ReferenceAssemblies = new ReferenceAssemblies("net10.0"), // no package: the references below are the whole set
            TestCode = markup,
            CompilerDiagnostics = CompilerDiagnostics.Errors,
        };
        test.TestState.AdditionalReferences.AddRange(References());
        return test;
    }

    /// <summary>What user code compiles against: the .NET reference assemblies and the built SDK.</summary>
    public static MetadataReference[] References() => [.. Basic.Reference.Assemblies.Net100.References.All, Sdk];

    /// <summary>The analyzer's diagnostics on a compilation, in source order; throws when the analyzer crashed (AD0001).</summary>
    public static async Task<ImmutableArray<Diagnostic>> DiagnosticsAsync(Compilation compilation)
    {
        var all = await compilation.WithAnalyzers([new AssemblyBuilderAnalyzer()]).GetAnalyzerDiagnosticsAsync();
        var crashes = all.Where(d => d.Id == "AD0001").Select(d => d.GetMessage()).ToList();
        if (crashes.Count > 0)
        {
            throw new InvalidOperationException("The analyzer crashed: " + string.Join("\n", crashes));
        }

        return [.. all.OrderBy(d => d.Location.SourceSpan.Start)];
    }
}
