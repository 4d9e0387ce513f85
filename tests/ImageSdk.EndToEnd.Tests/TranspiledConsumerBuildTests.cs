using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using ImageSdk.Tests.Validation;
using ImageSdk.Transpiler;
using ImageSdk.Validation;
using Xunit;
namespace ImageSdk.Tests.Transpiling;

/// <summary>The analyzer in a real consumer build over transpiled C#: it reports the validator's codes and severities.</summary>
[Collection(RepositoryConsumerCollection.Name)]
public class TranspiledConsumerBuildTests(RepositoryConsumer consumer)
{
    [Fact]
    [Trait("Category", "EndToEnd")]
    public void In_a_real_consumer_build_the_analyzer_reports_the_validators_codes_and_severities_on_every_transpiled_corpus_assembly()
    {
        var (_, output) = consumer.Build.Run(
            TranspiledCorpus.Expressible.Value.ToDictionary(x => CSharpOptions.ClassNameFor(x.File) + ".cs", x => x.Code),
            "build -nologo -v q -clp:NoSummary");

        var reported = Regex.Matches(output, @"[/\\](\w+)\.cs\((\d+),(\d+)\): (error|warning) (IMG\d{4})")
            .Select(m => (Class: m.Groups[1].Value, Line: m.Groups[2].Value, Column: m.Groups[3].Value, Severity: m.Groups[4].Value, Code: m.Groups[5].Value))
            .Distinct()
            .ToList();
        Assert.DoesNotMatch(@"error CS\d{4}", output); // the transpiled code compiles
        var mismatches = new List<string>();
        foreach (var (file, _) in TranspiledCorpus.Expressible.Value)
        {
            var expected = AssemblyValidator.Validate(Corpus.Bytes(file)).Findings
                .Where(f => !TranspiledCorpus.JsonTextOnlyCodes.Contains(f.Code))
                .Select(f => $"{f.Code} {(f.Severity == ValidationSeverity.Error ? "error" : "warning")}")
                .OrderBy(s => s, StringComparer.Ordinal);
            var actual = reported.Where(r => r.Class == CSharpOptions.ClassNameFor(file))
                .Select(r => $"{r.Code} {r.Severity}")
                .OrderBy(s => s, StringComparer.Ordinal);
            if (!expected.SequenceEqual(actual))
            {
                mismatches.Add($"{file}: validator [{string.Join(", ", expected)}], analyzer [{string.Join(", ", actual)}]");
            }
        }

        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
        Assert.Contains(reported, r => r.Code == "IMG1502"); // the build did report: svg from nano-banana
    }

    [Fact]
    [Trait("Category", "EndToEnd")]
    public void On_generated_assemblies_a_consumer_build_reports_the_validators_codes_and_severities()
    {
        var cases = AssemblyGenerator.Transpile(300, (_, _) => { });

        var (_, output) = consumer.Build.Run(cases.ToDictionary(c => c.ClassName + ".cs", c => c.Code), "build -nologo -v q -clp:NoSummary");

        var reported = System.Text.RegularExpressions.Regex.Matches(output, @"[/\\](Generated\d+)\.cs\((\d+),(\d+)\): (error|warning) (IMG\d{4})")
            .Select(m => (Class: m.Groups[1].Value, Line: m.Groups[2].Value, Column: m.Groups[3].Value, Severity: m.Groups[4].Value, Code: m.Groups[5].Value))
            .Distinct()
            .ToList();
        Assert.DoesNotMatch(@"error CS\d{4}", output);
        var mismatches = cases
            .Select(c => (c.Json,
                Expected: string.Join(", ", ImageSdk.Validation.AssemblyValidator.Validate(c.Json).Findings
                    .Select(f => $"{f.Code} {(f.Severity == ImageSdk.Validation.ValidationSeverity.Error ? "error" : "warning")}").Order(StringComparer.Ordinal)),
                Actual: string.Join(", ", reported.Where(r => r.Class == c.ClassName).Select(r => $"{r.Code} {r.Severity}").Order(StringComparer.Ordinal))))
            .Where(c => c.Expected != c.Actual)
            .Select(c => $"{c.Json}: validator [{c.Expected}], analyzer [{c.Actual}]")
            .ToList();
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} of {cases.Count}:\n" + string.Join("\n", mismatches.Take(10)));
        Assert.True(reported.Count > 100, "the build reported too few diagnostics to judge");
    }
}
