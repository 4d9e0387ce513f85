using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using ImageSdk.Tests.Validation;
using ImageSdk.Transpiler;
using ImageSdk.Validation;
using Snapshooter;
using Snapshooter.Xunit;
using Xunit;

namespace ImageSdk.Tests.Transpiling;

/// <summary>
/// The transpiler on every corpus assembly: JSON → C# → JSON is value-equal, C# → JSON → C# is textually stable, the C#
/// compiles and its builders write the same JSON, and (one truth, two front ends) the analyzer's diagnostics on the C# in a
/// real consumer build carry the codes and severities the validator reports on the JSON.
/// </summary>
public class TranspilerCorpusTests
{
    public static IEnumerable<object[]> Cases() => Corpus.Cases();

    private static TranspileResult ToCSharp(string file) => TranspiledCorpus.ToCSharp(file);

    /// <summary>Findings only JSON text can have: a repeated key (builder code states each value once).</summary>
    [Fact]
    public void Every_valid_corpus_assembly_and_every_invalid_one_the_builders_can_state_is_expressible()
    {
        var expressible = TranspiledCorpus.Expressible.Value.Select(x => x.File).ToHashSet();
        Assert.All(Corpus.Expectations.Where(e => e.Valid && !HasUnknownTopLevelKey(e.File)), e => Assert.Contains(e.File, expressible));

        // Expressible but invalid: transpiled, so that the analyzer flags it (svg from nano-banana is the issue's example).
        Assert.Contains("invalid-svg-from-nano-banana.json", expressible);
        Assert.True(expressible.Count(f => f.StartsWith("invalid-", StringComparison.Ordinal)) >= 30, $"only {expressible.Count} expressible");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Json_to_csharp_to_json_is_value_equal_or_the_validators_findings_say_why_not(string file)
    {
        var result = ToCSharp(file);
        if (!result.Succeeded)
        {
            // Not expressible in builders: a syntax error, an unknown parameter, a value of the wrong type. The reasons are the
            // validator's errors, each with its code and position.
            var validation = AssemblyValidator.Validate(Corpus.Bytes(file));
            if (validation.IsValid && HasUnknownTopLevelKey(file))
            {
                // Valid, as Transloadit ignores the key (IMG1102, a warning), but the builders write only the keys of the envelope.
                Assert.All(result.Errors, e => Assert.Contains("is not a key of Assembly Instructions", e.Message, StringComparison.Ordinal));
                return;
            }

            Assert.False(validation.IsValid, $"{file} is valid, so it must be expressible: {string.Join("; ", result.Errors)}");
            Assert.All(validation.Findings.Where(f => f.Severity == ValidationSeverity.Error), f =>
                Assert.Contains(result.Errors, e => e.Code == f.Code && e.Line == f.Line && e.Column == f.Column));
            return;
        }

        var back = AssemblyTranspiler.ToJson(result.Output!, file + ".cs");

        Assert.True(back.Succeeded, string.Join("\n", back.Errors.Select(e => e.ToCanonicalString(file + ".cs"))));
        Assert.True(TranspileHarness.JsonEquals(File.ReadAllText(Path.Combine(Corpus.Directory, file)), back.Output!), $"{file}:\n{result.Output}\n{back.Output}");
    }

    private static bool HasUnknownTopLevelKey(string file) =>
        AssemblyValidator.Validate(Corpus.Bytes(file)).Findings.Any(f => f.Code == ValidationRules.UnknownKey.Code);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Csharp_to_json_to_csharp_is_textually_stable(string file)
    {
        var first = ToCSharp(file);
        if (!first.Succeeded)
        {
            return; // not expressible: the theory above checks its reasons
        }

        // C# -> JSON writes the builders' key order, so from the second round on both texts are fixed points.
        var options = new CSharpOptions(ClassName: CSharpOptions.ClassNameFor(file));
        var json = AssemblyTranspiler.ToJson(first.Output!).Output!;
        var second = AssemblyTranspiler.ToCSharp(System.Text.Encoding.UTF8.GetBytes(json), options).Output!;
        var json2 = AssemblyTranspiler.ToJson(second).Output!;
        var third = AssemblyTranspiler.ToCSharp(System.Text.Encoding.UTF8.GetBytes(json2), options).Output!;

        Assert.Equal(json, json2);
        Assert.Equal(second, third);
    }

    [Fact]
    public void The_transpiled_code_compiles_and_its_builders_write_the_same_json()
    {
        var files = TranspiledCorpus.Expressible.Value.Select(x => ("Assemblies", CSharpOptions.ClassNameFor(x.File), x.Code)).ToList();

        var built = TranspileHarness.CompileAndBuild(files);

        Assert.All(TranspiledCorpus.Expressible.Value, x =>
        {
            var json = built[CSharpOptions.ClassNameFor(x.File)];
            Assert.True(TranspileHarness.JsonEquals(File.ReadAllText(Path.Combine(Corpus.Directory, x.File)), json), $"{x.File}: the builders wrote {json}");
        });
    }

    [Theory]
    [InlineData("seed-inpaint.json")]
    [InlineData("valid-use-object-bundle.json")]
    [InlineData("valid-output-meta-forms.json")]
    [InlineData("valid-interpolated.json")]
    [InlineData("valid-envelope.json")]
    [InlineData("valid-auth.json")]
    [InlineData("valid-integer-strings.json")]
    [InlineData("invalid-svg-from-nano-banana.json")]
    public void The_csharp_of_the_seed_example_and_of_corpus_cases_matches_its_snapshot(string file)
    {
        var result = ToCSharp(file);

        Assert.True(result.Succeeded);
        Snapshot.Match(result.Output!, SnapshotNameExtension.Create(Path.GetFileNameWithoutExtension(file)));
    }
}
