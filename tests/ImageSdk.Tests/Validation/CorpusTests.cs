using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using ImageSdk.Validation;
using Xunit;

namespace ImageSdk.Tests.Validation;

/// <summary>Every corpus case gets the verdict, code and path it declares; two independent judges agree with the engine.</summary>
public class CorpusTests
{
    /// <summary>The rules JSON Schema cannot express: where only they fire, JsonSchema.Net accepts and the engine rejects.</summary>
    public static readonly HashSet<string> CrossFieldCodes = new()
    {
        "IMG1106", "IMG1107", "IMG1108", "IMG1205", "IMG1206", "IMG1207", "IMG1402", "IMG1403",
        "IMG1501", "IMG1502", "IMG1503", "IMG1504", "IMG1505", "IMG1506", "IMG1507", "IMG1508",
    };

    /// <summary>The front end's own findings on bytes and limits, which a JSON Schema never sees.</summary>
    public static readonly HashSet<string> FrontEndCodes = new() { "IMG1000", "IMG1001", "IMG1002", "IMG1003", "IMG1005" };

    public static IEnumerable<object[]> Cases() => Corpus.Cases();

    [Fact]
    public void The_corpus_has_at_least_60_cases_valid_and_invalid_and_the_seed_example_is_valid()
    {
        Assert.True(Corpus.Expectations.Count >= 60, $"only {Corpus.Expectations.Count} cases");
        Assert.True(Corpus.Expectations.Count(e => e.Valid) >= 20);
        Assert.True(Corpus.Expectations.Count(e => !e.Valid) >= 40);
        Assert.All(Corpus.Expectations.Where(e => !e.Valid), e => Assert.NotNull(e.Code));
        Assert.Contains(Corpus.Expectations, e => e.File == "seed-inpaint.json" && e.Valid);
        var files = System.IO.Directory.GetFiles(Corpus.Directory, "*.json").Select(f => System.IO.Path.GetFileName(f)!).OrderBy(f => f).ToList();
        Assert.Equal(files, Corpus.Expectations.Select(e => e.File).OrderBy(f => f).ToList());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_case_gets_its_declared_verdict_code_and_path(string file)
    {
        var expected = Corpus.Expectations.Single(e => e.File == file);
        var result = AssemblyValidator.Validate(Corpus.Bytes(file));

        Assert.True(expected.Valid == result.IsValid, $"{file}: expected valid={expected.Valid}; findings: {Describe(result)}");
        if (expected.Code is not null)
        {
            Assert.True(
                result.Findings.Any(f => f.Code == expected.Code && f.Path == expected.Path),
                $"{file}: expected {expected.Code} at '{expected.Path}'; findings: {Describe(result)}");
        }

        if (expected.Line is { } line)
        {
            Assert.True(
                result.Findings.Any(f => f.Code == expected.Code && f.Path == expected.Path && f.Line == line && f.Column == expected.Column),
                $"{file}: expected {expected.Code} at '{expected.Path}' ({line},{expected.Column}); findings: {Describe(result)}");
        }

        Assert.All(result.Findings, f =>
        {
            Assert.True(f.Line >= 1 && f.Column >= 1, $"{f.Code} at ({f.Line},{f.Column})");
            Assert.Matches("^IMG[0-9]{4}$", f.Code);
            Assert.DoesNotContain('\n', f.Message);
        });
    }

    [Fact]
    public void Wherever_Transloadits_own_linter_rejects_the_engine_rejects()
    {
        Assert.Equal(
            Corpus.Expectations.Select(e => e.File).OrderBy(f => f),
            Corpus.LintVerdicts.Select(v => v.File).OrderBy(f => f)); // the verdicts file is fresh: run tools/transloadit-lint
        var rejected = Corpus.LintVerdicts.Where(v => !v.Success).ToList();
        Assert.True(rejected.Count >= 30, "the linter rejects too few corpus cases to be a judge");
        Assert.All(rejected, verdict =>
        {
            var result = AssemblyValidator.Validate(Corpus.Bytes(verdict.File));
            Assert.False(result.IsValid, $"{verdict.File}: Transloadit's linter rejects it ({string.Join(", ", verdict.Errors)}); the engine accepted it");
        });
    }

    [Fact]
    public void Wherever_Transloadits_own_linter_rejects_a_mutated_assembly_the_engine_rejects_it_at_the_same_place()
    {
        // 1,349 seeded mutations of the corpus (values of other types, deleted, renamed and added keys, use shapes), judged by
        // the linter; tools/transloadit-lint/mutate-corpus.mjs writes them: 600 over the whole corpus, then 12 of each of the
        // 25 assemblies the third audit added, 5 of each of the 82 pipelines and 3 of each of the 13 duplicate and per-robot
        // cases the fourth added (--extend), so the recorded ones stay as they were.
        // The pools hold the pipeline robots' names, parameters and values too, so the mutants reach import, filter, resize,
        // optimize, video, describe and storage steps; the linter's missing-input rule (a lone /image/resize step) included.
        var rejected = Corpus.Mutants.Where(m => !m.Success).ToList();
        Assert.True(rejected.Count >= 300, "the linter rejects too few mutants to be a judge");
        Assert.True(rejected.Sum(m => m.Paths.Count) >= 100, "the linter places too few violations to judge the paths");
        Assert.All(rejected, mutant =>
        {
            var result = AssemblyValidator.Validate(mutant.Text);
            Assert.False(result.IsValid, $"{mutant.Name} (from {mutant.From}): Transloadit's linter rejects it ({string.Join(", ", mutant.Errors)}); the engine accepted it:\n{mutant.Text}");
            AssertSamePlaces(mutant.Name, mutant.Paths, result, mutant.Text);
        });
    }

    [Fact]
    public void Wherever_Transloadits_own_linter_accepts_the_engine_accepts_unless_a_documented_stricter_rule_rejects()
    {
        // The ceiling: over the corpus and the 1,349 mutants, every error the engine raises on what the linter accepts is one
        // of the deliberate stricter rules, each with its reason (ValidationRule.StricterThanTransloadit, docs/diagnostics.md).
        // The linter stops at an empty "steps" without reading the other keys ("Return here to avoid additional checks for
        // empty steps", assembly-linter.js): its success there is no verdict on them, and the engine still checks them.
        var accepted = Corpus.LintVerdicts.Where(v => v.Success).Select(v => (Name: v.File, Result: AssemblyValidator.Validate(Corpus.Bytes(v.File)), Text: v.File))
            .Concat(Corpus.Mutants.Where(m => m.Success && !StopsAtEmptySteps(m.Text)).Select(m => (Name: m.Name, Result: AssemblyValidator.Validate(m.Text), Text: m.Text)))
            .ToList();
        Assert.True(accepted.Count >= 150, $"the linter accepts only {accepted.Count} cases");
        var stricter = ValidationRules.All.Where(r => r.StricterThanTransloadit is not null).Select(r => r.Code).ToHashSet();
        Assert.All(accepted, c =>
        {
            var beyond = c.Result.Findings.Where(f => f.Severity == ValidationSeverity.Error && !stricter.Contains(f.Code)).ToList();
            beyond.AddRange(c.Result.Findings.Where(f => f.Severity == ValidationSeverity.Error && ParameterScoped.Contains(f.Code)
                && !ValidationRules.All.Single(r => r.Code == f.Code).StricterThanTransloadit!.Contains(f.Path.Split('/')[^1], StringComparison.Ordinal)));
            Assert.True(beyond.Count == 0, $"{c.Name}: Transloadit's linter accepts it; the engine rejects with rules not on the stricter list: {Describe(c.Result)}\n{c.Text}");
        });

        // The list is the short one of docs/diagnostics.md, and each entry has been seen rejecting what the linter accepts.
        Assert.Equal(
            new[] { "IMG1002", "IMG1003", "IMG1005", "IMG1103", "IMG1303", "IMG1304", "IMG1305", "IMG1308", "IMG1501", "IMG1502", "IMG1503", "IMG1504" },
            stricter.OrderBy(c => c, StringComparer.Ordinal));
        var seen = accepted.SelectMany(c => c.Result.Findings).Where(f => f.Severity == ValidationSeverity.Error).Select(f => f.Code).ToHashSet();
        Assert.All(stricter.Except(new[] { "IMG1003", "IMG1005" }), code => Assert.Contains(code, seen)); // the limits need inputs too big to record
    }

    private static bool StopsAtEmptySteps(string text) =>
        Corpus.TryParse(System.Text.Encoding.UTF8.GetBytes(text)) is System.Text.Json.Nodes.JsonObject root
        && root["steps"] is System.Text.Json.Nodes.JsonObject { Count: 0 } && root.Count > 1;

    /// <summary>The generic value rules that are stricter only for the parameters their reason names.</summary>
    private static readonly HashSet<string> ParameterScoped = new() { "IMG1303", "IMG1304", "IMG1305", "IMG1308" };

    [Theory]
    [InlineData("{\"steps\": {\"g\": {\"robot\": \"/image/generate\", \"prompt\": \"x\", \"width\": 0}}}", "/steps/g/width")]
    [InlineData("{\"steps\": {\"g\": {\"robot\": \"/image/generate\", \"prompt\": \"\"}}}", "/steps/g/prompt")]
    [InlineData("{\"steps\": {\"g\": {\"robot\": \"/image/generate\", \"prompt\": \"x\", \"aspect_ratio\": \"wide\"}}}", "/steps/g/aspect_ratio")]
    public void A_range_length_or_pattern_rule_is_stricter_only_on_the_parameters_its_reason_names(string json, string path)
    {
        // IMG1303, IMG1304 and IMG1305 also fire where Transloadit rejects too; where it accepts, only on width/height, prompt and aspect_ratio.
        var finding = Assert.Single(AssemblyValidator.Validate(json).Findings, f => f.Severity == ValidationSeverity.Error);
        Assert.Equal(path, finding.Path);
        Assert.Contains(path.Split('/')[^1], ValidationRules.All.Single(r => r.Code == finding.Code).StricterThanTransloadit!);
    }

    [Fact]
    public void Wherever_Transloadits_own_linter_places_a_schema_violation_in_the_corpus_the_engine_reports_one_there()
    {
        var placed = Corpus.LintVerdicts.Where(v => v.Paths.Count > 0).ToList();
        Assert.True(placed.Count >= 10, "the linter places too few violations in the corpus");
        Assert.All(placed, verdict => AssertSamePlaces(verdict.File, verdict.Paths, AssemblyValidator.Validate(Corpus.Bytes(verdict.File)), string.Empty));
    }

    /// <summary>
    /// Each place the linter names holds an error of ours: at that value, or deeper (the deepest offending value, e.g. an
    /// unknown key of the object the linter names), or, for a missing value, at the object that lacks it.
    /// </summary>
    private static void AssertSamePlaces(string name, IReadOnlyList<Corpus.LintPath> paths, ValidationResult result, string text)
    {
        var ours = result.Findings.Where(f => f.Severity == ValidationSeverity.Error).Select(f => f.Path).ToList();
        foreach (var path in paths)
        {
            var found = ours.Any(p => p == path.Pointer || p.StartsWith(path.Pointer + "/", StringComparison.Ordinal)
                || (path.Missing && path.Pointer.StartsWith(p + "/", StringComparison.Ordinal)));
            Assert.True(found, $"{name}: the linter places a violation at '{path.Pointer}'{(path.Missing ? " (missing)" : string.Empty)}; the engine's errors are at {string.Join(", ", ours.Select(p => "'" + p + "'"))}\n{text}");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void JsonSchema_Net_and_the_engine_agree_except_on_documented_cross_field_rules(string file)
    {
        var node = Corpus.TryParse(Corpus.Bytes(file));
        if (node is null)
        {
            return; // not JSON: the schema has nothing to judge; the syntax cases are checked above
        }

        var engine = AssemblyValidator.Validate(Corpus.Bytes(file));
        if (engine.Findings.Any(f => FrontEndCodes.Contains(f.Code)))
        {
            return; // bytes that are not UTF-8, or beyond the front end's limits: not the schema's to judge
        }

        using var document = JsonDocument.Parse(node.ToJsonString(), new JsonDocumentOptions { MaxDepth = 256 });
        var schema = SchemaOracle.Evaluate(SchemaOracle.AssemblySchemaId, document.RootElement);
        AssertAgreement(file, schema.IsValid, SchemaOracle.Describe(schema), engine);
    }

    internal static void AssertAgreement(string name, bool schemaValid, string schemaErrors, ValidationResult engine)
    {
        if (!schemaValid)
        {
            Assert.False(engine.IsValid, $"{name}: JsonSchema.Net rejects ({schemaErrors}); the engine accepted it");
        }
        else if (!engine.IsValid)
        {
            var errors = engine.Findings.Where(f => f.Severity == ValidationSeverity.Error).ToList();
            Assert.True(
                errors.All(f => CrossFieldCodes.Contains(f.Code)),
                $"{name}: JsonSchema.Net accepts, the engine rejects with rules that are not cross-field: {Describe(engine)}");
        }
    }

    internal static string Describe(ValidationResult result) =>
        string.Join(" | ", result.Findings.Select(f => $"{f.Code} {f.Severity} {f.Path} ({f.Line},{f.Column}) {f.Message}"));
}
