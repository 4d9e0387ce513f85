extern alias sdk;

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using ImageSdk.Transpiler;
using Microsoft.CodeAnalysis;
using AssemblyValidator = sdk::ImageSdk.Validation.AssemblyValidator;
using Severity = sdk::ImageSdk.Validation.ValidationSeverity;

namespace ImageSdk.Analyzer.Tests;

/// <summary>
/// One truth, two front ends, in process: every corpus file (the real-world pipelines of import, filter, resize, optimize,
/// video, describe and storage robots included) and every robot's documented example that transpiles to C# gets from the
/// analyzer, on that C#, the codes and severities the validator reports on the JSON. (The consumer build in the EndToEnd
/// tests holds the same over the corpus through MSBuild.)
/// </summary>
public class AnalyzerCorpusParityTests
{
    private static readonly string Assemblies = Path.Combine(AppContext.BaseDirectory, "samples", "assemblies");

    /// <summary>A repeated JSON key (IMG1004) has no C# form.</summary>
    private static readonly HashSet<string> JsonTextOnlyCodes = ["IMG1004"];

    [Fact]
    public async Task The_analyzer_reports_the_validators_codes_on_every_transpiled_corpus_file_and_robot_example()
    {
        var files = Directory.GetFiles(Assemblies, "*.json").Concat(Directory.GetFiles(Path.Combine(Assemblies, "robots"), "*.json"))
            .Order(StringComparer.Ordinal).ToList();
        var mismatches = new List<string>();
        var compared = 0;
        var pipelines = 0;
        foreach (var file in files)
        {
            var name = Path.GetFileName(file);
            var json = File.ReadAllBytes(file);
            var csharp = AssemblyTranspiler.ToCSharp(json, new CSharpOptions(ClassName: CSharpOptions.ClassNameFor(name)));
            if (!csharp.Succeeded)
            {
                continue; // not expressible in builders; the transpiler's corpus tests check why
            }

            compared++;
            pipelines += name.Contains("-pipeline-", StringComparison.Ordinal) ? 1 : 0;
            var expected = AssemblyValidator.Validate(json).Findings
                .Where(f => !JsonTextOnlyCodes.Contains(f.Code))
                .Select(f => $"{f.Code} {(f.Severity == Severity.Error ? "error" : "warning")}")
                .Order(StringComparer.Ordinal);
            var actual = (await AnalyzerVerifier.AnalyzeAsync(csharp.Output!))
                .Select(d => $"{d.Id} {(d.Severity == DiagnosticSeverity.Error ? "error" : "warning")}")
                .Order(StringComparer.Ordinal);
            if (!expected.SequenceEqual(actual))
            {
                mismatches.Add($"{name}: validator [{string.Join(", ", expected)}], analyzer [{string.Join(", ", actual)}]");
            }
        }

        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
        Assert.True(compared >= 200, $"only {compared} files transpiled");
        Assert.True(pipelines >= 14, $"only {pipelines} pipelines transpiled");
    }
}
