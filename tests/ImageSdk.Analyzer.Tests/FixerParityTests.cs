extern alias sdk;

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using ImageSdk.Analyzer.CodeFixes;
using ImageSdk.Transpiler;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Xunit.Abstractions;
using AssemblyFixer = sdk::ImageSdk.Validation.AssemblyFixer;
using AssemblyValidator = sdk::ImageSdk.Validation.AssemblyValidator;
using Severity = sdk::ImageSdk.Validation.ValidationSeverity;

namespace ImageSdk.Analyzer.Tests;

/// <summary>
/// One fixer: <c>validate --fix</c> on the JSON and the code fixes on the same assembly as C# give the same assembly. Each
/// corpus file and each recorded mutation is fixed both ways: <see cref="AssemblyFixer"/> on the JSON; and the JSON
/// transpiled to C#, the code fixes applied with Fix All (the batch fixer, in rounds, as the JSON fixer goes in rounds) in
/// an in-memory workspace with the analyzer, and the C# transpiled back. The two JSON values must be equal, the two fixers
/// must apply as many fixes, and neither may leave an error that was not there before.
/// </summary>
public class FixerParityTests(ITestOutputHelper output)
{
    private const int MaxRounds = 8;

    private static readonly string Samples = Path.Combine(AppContext.BaseDirectory, "samples");

    [Fact]
    public async Task Both_fixers_give_the_same_assembly_for_every_corpus_file()
    {
        var cases = Directory.GetFiles(Path.Combine(Samples, "assemblies"), "*.json").Order(StringComparer.Ordinal)
            .Select(file => (Path.GetFileName(file), File.ReadAllBytes(file))).ToList();

        var tally = await CompareAsync(cases);

        output.WriteLine(tally.ToString());
        Assert.Equal(cases.Count, tally.Cases);
        Assert.True(tally.Compared >= 60, tally.ToString()); // most of the corpus is expressible in C#
        Assert.True(tally.CodeFixes >= 10, tally.ToString()); // and fixed
    }

    [Fact]
    public async Task Both_fixers_give_the_same_assembly_for_every_recorded_mutation()
    {
        using var recorded = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Samples, "assemblies.mutations.transloadit-lint.json")));
        var cases = recorded.RootElement.GetProperty("mutants").EnumerateArray()
            .Select(m => (m.GetProperty("name").GetString()!, Encoding.UTF8.GetBytes(m.GetProperty("text").GetString()!))).ToList();

        var tally = await CompareAsync(cases);

        output.WriteLine(tally.ToString());
        Assert.Equal(1349, tally.Cases); // 600 over the corpus, 300 of the third audit's assemblies, 449 of the fourth's (mutate-corpus.mjs --extend)
        Assert.True(tally.Compared >= 80, tally.ToString()); // most mutants are not expressible: unknown keys, values of the wrong type
    }

    /// <summary>Every kind of fix C# can express, and the chains of fixes (a corrected model that cannot draw svg), in one assembly each.</summary>
    [Fact]
    public async Task Both_fixers_give_the_same_assembly_for_each_kind_of_fix()
    {
        const string Inputs = """[{"name": ":original", "as": "image"}, {"name": ":original", "as": "mask"}]""";
        string[] steps =
        [
            """{"robot": "/image/generate", "prompt": "x", "use": INPUTS, "format": "svg"}""", // inpainting, default model: the format
            """{"robot": "/image/generate", "prompt": "x", "use": INPUTS, "model": "google/nano-banana-pro", "format": "svg"}""",
            """{"robot": "/image/generate", "prompt": "x", "format": "svg"}""", // no inputs, default model: a model that draws svg
            """{"robot": "/image/generate", "prompt": "x", "model": "google/nano-banan", "format": "svg"}""", // did-you-mean, then the format
            """{"robot": "/image/generate", "prompt": "x", "model": "stability-ai/stable-diffusion-inpaintin"}""", // no fix: IMG1504 would follow
            """{"robot": "/image/generate", "prompt": "x", "num_outputs": 42, "width": 0, "seed": "4.6", "height": "0"}""",
            """{"robot": "/image/generate", "prompt": "x", "num_outputs": "11", "use": "generatd"}""",
        ];
        var cases = steps.Select((step, i) => ("kind-" + i, Encoding.UTF8.GetBytes(
            """{"steps": {"generated": {"robot": "/image/generate", "prompt": "x"}, "g": STEP}}""".Replace("STEP", step.Replace("INPUTS", Inputs, StringComparison.Ordinal), StringComparison.Ordinal)))).ToList();

        var tally = await CompareAsync(cases);

        output.WriteLine(tally.ToString());
        Assert.Equal((steps.Length, 0, 11), (tally.Compared, tally.NotExpressible, tally.CodeFixes));
    }

    /// <summary>What the comparison covered.</summary>
    private sealed record Tally(int Cases, int Compared, int CodeFixes, int NotExpressible, int JsonFixes, IReadOnlyList<string> NotRoundTripped, int NewWarnings)
    {
        public override string ToString() =>
            $"{Cases} cases, {JsonFixes} JSON fixes in all: {Compared} fixed both ways with equal results ({CodeFixes} fixes each way); {NotExpressible} not " +
            $"expressible in C# (JSON fixer only); {NotRoundTripped.Count} whose JSON -> C# -> JSON differs before any fix ({string.Join(", ", NotRoundTripped)}); " +
            $"{NewWarnings} warnings a fix revealed";
    }

    private async Task<Tally> CompareAsync(IReadOnlyList<(string Name, byte[] Json)> cases)
    {
        // The JSON fixer, on every case: no error it did not start with.
        var fixedJson = new List<(string Name, byte[] Json, string Fixed, int Fixes)>();
        var newWarnings = 0;
        foreach (var (name, json) in cases)
        {
            var result = AssemblyFixer.Fix(json);
            var before = AssemblyValidator.Validate(json).Findings;
            Assert.Empty(New(before.Where(f => f.Severity == Severity.Error).Select(f => f.Code + " " + f.Path), result.Remaining.Findings.Where(f => f.Severity == Severity.Error).Select(f => f.Code + " " + f.Path))
                .Select(f => $"{name}: the JSON fixer left {f}, which was not there before"));
            newWarnings += New(before.Select(f => f.Code + " " + f.Path), result.Remaining.Findings.Select(f => f.Code + " " + f.Path)).Count();
            fixedJson.Add((name, json, Encoding.UTF8.GetString(result.Utf8Json), result.Fixes.Count));
        }

        // The code fixes, on the cases the builders can express, all in one project.
        var expressible = new List<(int Case, string Code)>();
        for (var i = 0; i < fixedJson.Count; i++)
        {
            var transpiled = AssemblyTranspiler.ToCSharp(fixedJson[i].Json, new CSharpOptions(ClassName: "Case" + i));
            if (transpiled.Succeeded)
            {
                expressible.Add((i, transpiled.Output!));
            }
        }

        var fixedCode = await FixAllAsync(expressible.Select(e => ("Case" + e.Case + ".cs", e.Code)).ToList());
        int compared = 0, codeFixes = 0;
        var lossy = new List<string>();
        foreach (var (index, code) in expressible)
        {
            var (name, json, jsonFixed, fixes) = fixedJson[index];
            var (csharpFixed, applied, before, after) = fixedCode["Case" + index + ".cs"];
            Assert.Empty(New(before, after).Select(id => $"{name}: the code fixes left {id}, which was not there before"));
            var back = AssemblyTranspiler.ToJson(csharpFixed, name + ".cs");
            Assert.True(back.Succeeded, $"{name}: {string.Join("; ", back.Errors)}\n{csharpFixed}");
            if (!JsonEquals(jsonFixed, back.Output!))
            {
                // Only a case the transpiler cannot carry unchanged (a repeated key) may differ, and then it differs unfixed too.
                Assert.False(JsonEquals(Encoding.UTF8.GetString(json), AssemblyTranspiler.ToJson(code).Output!),
                    $"{name}: validate --fix gave\n{jsonFixed}\nthe code fixes gave\n{back.Output}\nfrom\n{csharpFixed}");
                lossy.Add(name);
                continue;
            }

            Assert.True(fixes == applied, $"{name}: validate --fix applied {fixes} fixes, the code fixes {applied}");
            compared++;
            codeFixes += applied;
        }

        return new Tally(cases.Count, compared, codeFixes, cases.Count - expressible.Count, fixedJson.Sum(f => f.Fixes), lossy, newWarnings);
    }

    /// <summary>The items of <paramref name="after"/> beyond those of <paramref name="before"/> (multisets).</summary>
    private static IEnumerable<string> New(IEnumerable<string> before, IEnumerable<string> after)
    {
        var counts = before.GroupBy(x => x).ToDictionary(g => g.Key, g => g.Count());
        foreach (var item in after)
        {
            if (counts.TryGetValue(item, out var count) && count > 0)
            {
                counts[item] = count - 1;
            }
            else
            {
                yield return item;
            }
        }
    }

    /// <summary>
    /// Applies every code fix to every document, in rounds: each round, Fix All in the project (the batch fixer) with every
    /// fix the provider offers, then the analyzer again, until no diagnostic has a fix. Per document: the fixed code, how many
    /// fixes were applied, and the error diagnostics (id and message) before and after.
    /// </summary>
    private static async Task<Dictionary<string, (string Code, int Applied, List<string> Before, List<string> After)>> FixAllAsync(IReadOnlyList<(string Name, string Code)> files)
    {
        using var workspace = new AdhocWorkspace();
        var project = workspace.AddProject(ProjectInfo.Create(ProjectId.CreateNewId(), VersionStamp.Default, "User", "User", LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary), metadataReferences: AnalyzerVerifier.References()));
        foreach (var (name, code) in files)
        {
            project = project.AddDocument(name, code).Project;
        }

        var provider = new EveryFix();
        var applied = files.ToDictionary(f => f.Name, _ => 0);
        Dictionary<string, List<string>>? before = null;
        Dictionary<string, List<string>> errors;
        for (var round = 0; ; round++)
        {
            var diagnostics = await AnalyzerVerifier.DiagnosticsAsync((await project.GetCompilationAsync())!);
            errors = files.ToDictionary(f => f.Name, f => diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree is { } tree && project.GetDocument(tree)?.Name == f.Name)
                .Select(d => d.Id + " " + d.GetMessage()).ToList());
            before ??= errors;
            var fixable = new List<Diagnostic>();
            foreach (var diagnostic in diagnostics.Where(d => provider.FixableDiagnosticIds.Contains(d.Id)))
            {
                var document = project.GetDocument(diagnostic.Location.SourceTree)!;
                var offered = 0;
                await provider.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (_, _) => offered++, default));
                Assert.True(offered <= 1, $"{diagnostic}: {offered} fixes offered; the planner decides one");
                if (offered == 1)
                {
                    fixable.Add(diagnostic);
                    applied[document.Name]++;
                }
            }

            if (fixable.Count == 0)
            {
                break;
            }

            Assert.True(round < MaxRounds, "the code fixes did not settle: " + string.Join("; ", fixable));
            var context = new FixAllContext(project, provider, FixAllScope.Project, EveryFix.Key, provider.FixableDiagnosticIds, new RoundDiagnostics(fixable), default);
            var action = await provider.GetFixAllProvider().GetFixAsync(context);
            var operations = await action!.GetOperationsAsync(default);
            project = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution.GetProject(project.Id)!;
        }

        var result = new Dictionary<string, (string, int, List<string>, List<string>)>();
        foreach (var document in project.Documents)
        {
            result[document.Name] = ((await document.GetTextAsync()).ToString(), applied[document.Name], before[document.Name], errors[document.Name]);
        }

        return result;
    }

    /// <summary>The product's code fixes, each under one equivalence key, so that one Fix All applies every diagnostic's fix (as the JSON fixer applies every planned fix of a round).</summary>
    private sealed class EveryFix : CodeFixProvider
    {
        public const string Key = "every fix";

        private readonly BuilderCodeFixProvider _fixes = new();

        public override ImmutableArray<string> FixableDiagnosticIds => _fixes.FixableDiagnosticIds;

        public override FixAllProvider GetFixAllProvider() => _fixes.GetFixAllProvider()!;

        public override Task RegisterCodeFixesAsync(CodeFixContext context) =>
            _fixes.RegisterCodeFixesAsync(new CodeFixContext(context.Document, context.Diagnostics[0], (action, diagnostics) =>
                context.RegisterCodeFix(CodeAction.Create(action.Title, cancellationToken => ChangedSolutionAsync(action, cancellationToken), Key), diagnostics), context.CancellationToken));

        private static async Task<Solution> ChangedSolutionAsync(CodeAction action, CancellationToken cancellationToken) =>
            (await action.GetOperationsAsync(cancellationToken)).OfType<ApplyChangesOperation>().Single().ChangedSolution;
    }

    /// <summary>The diagnostics of one round, for Fix All.</summary>
    private sealed class RoundDiagnostics(List<Diagnostic> diagnostics) : FixAllContext.DiagnosticProvider
    {
        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) => Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);

        public override async Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
        {
            var tree = await document.GetSyntaxTreeAsync(cancellationToken);
            return diagnostics.Where(d => d.Location.SourceTree == tree);
        }

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) => Task.FromResult(Enumerable.Empty<Diagnostic>());
    }

    /// <summary>JSON value equality: objects by member whatever the order, numbers by value.</summary>
    private static bool JsonEquals(string a, string b)
    {
        using var x = JsonDocument.Parse(a);
        using var y = JsonDocument.Parse(b);
        return JsonElement.DeepEquals(x.RootElement, y.RootElement);
    }
}
