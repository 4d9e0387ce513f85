using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using ImageSdk.Analyzer;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ImageSdk.Generators.Tests.Analyzer;

/// <summary>Runs the analyzer over user code compiled with the runtime and the generated builders (no reference packs).</summary>
internal static class AnalyzerHarness
{
    private static readonly Compilation WithBuilders = GeneratorHarness.Run(GeneratorHarness.SchemaFiles()).Output;

    /// <summary>The analyzer's diagnostics on <paramref name="code"/>, each with the source text it covers.</summary>
    public static async Task<ImmutableArray<(string Id, string Text, DiagnosticSeverity Severity, string Message)>> AnalyzeAsync(string code)
    {
        var tree = CSharpSyntaxTree.ParseText(code, GeneratorHarness.ParseOptions, path: "User.cs");
        var compilation = WithBuilders.AddSyntaxTrees(tree);
        var analyzers = compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new AssemblyBuilderAnalyzer()), new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: false));
        var all = await analyzers.GetAnalyzerDiagnosticsAsync();
        var crashes = all.Where(d => d.Id == "AD0001").ToList();
        if (crashes.Count > 0)
        {
            throw new System.InvalidOperationException(string.Join("\n", crashes.Select(c => c.GetMessage())));
        }

        return all.Where(d => d.Id.StartsWith("IMG", System.StringComparison.Ordinal) && d.Location.SourceTree == tree)
            .OrderBy(d => d.Location.SourceSpan.Start)
            .Select(d => (d.Id, tree.GetText().ToString(d.Location.SourceSpan), d.Severity, d.GetMessage()))
            .ToImmutableArray();
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
}
