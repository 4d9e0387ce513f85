using System.Linq;
using ImageSdk.Tables;
using ImageSdk.Validation;
using Xunit;

namespace ImageSdk.Tests.Validation;

/// <summary>
/// The engine audit of issue 26: duplicate keys, the regex dialect, per-robot shared parameters, number strings, the
/// empty step name, decimal ratios; and the cases where Transloadit's linter is wrong (docs/diagnostics.md), each with the
/// linter's recorded verdict (@transloadit/node 4.12.0) beside ImageSdk's.
/// </summary>
public class EngineAuditTests
{
    private static string Generate(string parameters) =>
        "{\"steps\": {\":original\": {\"robot\": \"/upload/handle\"}, \"g\": {\"robot\": \"/image/generate\", \"use\": \":original\", \"model\": \"google/nano-banana-pro\", " + parameters + "}}}";

    private static string Resize(string parameters) =>
        "{\"steps\": {\":original\": {\"robot\": \"/upload/handle\"}, \"r\": {\"robot\": \"/image/resize\", \"use\": \":original\"" + (parameters.Length > 0 ? ", " + parameters : string.Empty) + "}}}";

    private static string Errors(ValidationResult result) => string.Join(" | ", result.Findings.Where(f => f.Severity == ValidationSeverity.Error).Select(f => $"{f.Code} {f.Path}"));

    [Theory]
    [InlineData("\"prompt\": 42, \"prompt\": \"ok\"")]
    [InlineData("\"prompt\": \"ok\", \"seed\": true, \"seed\": 7")]
    [InlineData("\"prompt\": \"ok\", \"use\": 5, \"use\": \":original\"")]
    [InlineData("\"prompt\": \"ok\", \"nope\": 1, \"prompt\": \"ok\"")] // an unknown parameter stays unknown: only the value is replaced
    public void Only_the_last_of_duplicate_parameters_is_judged(string parameters)
    {
        var result = AssemblyValidator.Validate(Generate(parameters));

        Assert.DoesNotContain(result.Findings, f => f.Code is "IMG1302" or "IMG1401");
        Assert.Contains(result.Findings, f => f.Code == "IMG1004");
    }

    [Fact]
    public void An_overriding_bad_value_is_judged_at_the_last_key()
    {
        var result = AssemblyValidator.Validate(Generate("\"prompt\": \"ok\", \"prompt\": 42"));

        var error = Assert.Single(result.Findings, f => f.Severity == ValidationSeverity.Error);
        Assert.Equal(("IMG1302", "/steps/g/prompt"), (error.Code, error.Path));
        Assert.Equal(1, error.Line);
    }

    [Fact]
    public void Duplicate_steps_and_envelope_keys_keep_the_last()
    {
        var steps = AssemblyValidator.Validate("""{"steps": {"g": {"robot": "/image/resize", "use": "x"}, "g": {"robot": "/image/generate", "prompt": "ok"}}}""");
        var envelope = AssemblyValidator.Validate("""{"quiet": "loud", "quiet": true, "steps": {"g": {"robot": "/image/generate", "prompt": "ok"}}}""");
        var overridden = AssemblyValidator.Validate("""{"steps": {"g": {"robot": "/image/generate", "prompt": "ok"}}, "steps": 5}""");

        Assert.True(steps.IsValid, Errors(steps));
        Assert.True(envelope.IsValid, Errors(envelope));
        Assert.Contains(overridden.Findings, f => f.Code == "IMG1104"); // the last steps is judged, not the earlier good one
    }

    [Theory]
    [InlineData("${fields.f}\n")] // .NET's $ also matches before a final \n
    [InlineData("${fields.f}\r")]
    [InlineData("${fields\rf}")] // .NET's . matches \r, U+2028 and U+2029
    [InlineData("${fields\u2028f}")]
    [InlineData("${fields\u2029f}")]
    public void A_line_terminator_makes_a_variable_no_whole_variable(string format)
    {
        var json = Generate("\"prompt\": \"ok\", \"format\": " + System.Text.Json.JsonSerializer.Serialize(format));

        Assert.False(AssemblyValidator.Validate(json).IsValid);
        Assert.False(SchemaTables.IsInterpolation(format));
    }

    [Theory]
    [InlineData("${a}", true)]
    [InlineData("x ${a} y", true)]
    [InlineData("${}}", true)] // JavaScript's /\${.+}/: one character, then }
    [InlineData("${}", false)]
    [InlineData("${a\nb}", false)]
    [InlineData("${a\n} ${b}", true)]
    [InlineData("${\u2028}", false)]
    public void A_variable_anywhere_is_JavaScripts_partial_pattern(string text, bool expected) =>
        Assert.Equal(expected, SchemaTables.ContainsInterpolation(text));

    [Fact]
    public void A_robots_width_variable_with_a_trailing_line_break_is_not_a_whole_variable()
    {
        var result = AssemblyValidator.Validate(Resize("\"width\": \"${fields.w}\\n\""));

        Assert.Equal("IMG1302 /steps/r/width", Errors(result));
    }

    [Fact]
    public void Result_debug_is_taken_only_where_the_robots_own_definition_takes_it()
    {
        Assert.True(AssemblyValidator.Validate(Generate("\"prompt\": \"ok\", \"result\": \"debug\"")).IsValid);
        Assert.Equal("IMG1302 /steps/:original/result", Errors(AssemblyValidator.Validate("""{"steps": {":original": {"robot": "/upload/handle", "result": "debug"}}}""")));
        Assert.Equal("IMG1302 /steps/r/result", Errors(AssemblyValidator.Validate(Resize("\"result\": \"debug\""))));
        Assert.True(AssemblyValidator.Validate("""{"steps": {":original": {"robot": "/upload/handle", "result": "true"}}}""").IsValid);
    }

    [Theory]
    [InlineData("\"width\": \"01024\"")]
    [InlineData("\"width\": \"1024.0\"")]
    [InlineData("\"height\": \"0768.000\"")]
    [InlineData("\"seed\": \"42.0\"")]
    [InlineData("\"seed\": \"007\"")]
    public void Number_strings_are_Transloadits_and_whole_values_are_integers(string parameter)
    {
        var result = AssemblyValidator.Validate(Generate("\"prompt\": \"ok\", " + parameter));

        Assert.True(result.IsValid, Errors(result));
        Assert.DoesNotContain(result.Findings, f => f.Code is "IMG1308" or "IMG1309");
    }

    [Theory]
    [InlineData("\"width\": \"01024\"", true)]
    [InlineData("\"width\": \"42.0\"", true)]
    [InlineData("\"height\": \"0025000.00\"", true)]
    [InlineData("\"width\": \"0\"", false)]
    [InlineData("\"width\": \"25001\"", false)]
    [InlineData("\"width\": \"000\"", false)]
    public void Resize_width_strings_read_as_parseInt_reads_whole_numbers(string parameter, bool valid) =>
        Assert.Equal(valid, AssemblyValidator.Validate(Resize(parameter)).IsValid);

    [Fact]
    public void A_fraction_stays_no_integer_for_seed_and_width()
    {
        Assert.Contains(AssemblyValidator.Validate(Generate("\"prompt\": \"ok\", \"seed\": \"1.5\"")).Findings, f => f.Code == "IMG1308");
        Assert.False(AssemblyValidator.Validate(Generate("\"prompt\": \"ok\", \"width\": \"1024.5\"")).IsValid);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a hex key, but a key")]
    public void Auth_key_is_any_string(string key)
    {
        var result = AssemblyValidator.Validate("{\"auth\": {\"key\": \"" + key + "\"}, \"steps\": {\"g\": {\"robot\": \"/image/generate\", \"prompt\": \"ok\"}}}");

        Assert.True(result.IsValid, Errors(result));
    }

    [Fact]
    public void An_empty_use_names_the_step_called_empty_when_there_is_one()
    {
        var named = AssemblyValidator.Validate("""{"steps": {":original": {"robot": "/upload/handle"}, "": {"robot": "/image/resize", "use": ":original"}, "t": {"robot": "/image/resize", "use": ""}, "u": {"robot": "/image/resize", "use": [""]}}}""");
        var missing = AssemblyValidator.Validate("""{"steps": {":original": {"robot": "/upload/handle"}, "t": {"robot": "/image/resize", "use": ""}}}""");
        var cycle = AssemblyValidator.Validate("""{"steps": {":original": {"robot": "/upload/handle"}, "": {"robot": "/image/resize", "use": ""}}}""");

        Assert.True(named.IsValid, Errors(named));
        var unknown = Assert.Single(missing.Findings, f => f.Severity == ValidationSeverity.Error);
        Assert.Equal(("IMG1402", "/steps/t/use"), (unknown.Code, unknown.Path));
        Assert.DoesNotContain("did you mean", unknown.Message);
        Assert.Contains(cycle.Findings, f => f.Code == "IMG1403");
    }

    [Theory]
    [InlineData("2.39:1", "21:9")]
    [InlineData("1.85:1", "16:9")]
    [InlineData("0.5:1", "9:16")] // nano-banana-pro lists 1:2? then it is exact; else the nearest tall one
    public void A_decimal_ratio_is_snapped_with_a_warning(string ratio, string nearest)
    {
        var result = AssemblyValidator.Validate(Generate("\"prompt\": \"ok\", \"aspect_ratio\": \"" + ratio + "\""));

        Assert.True(result.IsValid, Errors(result));
        var model = SchemaTables.FindModel("google/nano-banana-pro")!;
        var snapped = AspectRatio.Snap(model.Capabilities.AspectRatios, ratio);
        Assert.NotNull(snapped);
        if (model.Capabilities.AspectRatios.Contains(nearest))
        {
            Assert.Equal(nearest, snapped);
        }

        var warning = Assert.Single(result.Findings, f => f.Code == "IMG1506");
        Assert.Equal("/steps/g/aspect_ratio", warning.Path);
        Assert.Contains("'" + snapped + "'", warning.Message);
    }

    [Theory]
    [InlineData("2.39:1", 2.39)]
    [InlineData("16:9", 16.0 / 9)]
    [InlineData("0.5:1", 0.5)]
    [InlineData("1:0.5", 2.0)]
    public void Reads_decimal_ratio_shapes(string text, double shape)
    {
        Assert.True(AspectRatio.TryParseShape(text, out var read));
        Assert.Equal(shape, read, 9);
    }

    [Theory]
    [InlineData("0:1")]
    [InlineData("0.0:1")]
    [InlineData("1.:1")]
    [InlineData(".5:1")]
    [InlineData("1e3:1")]
    [InlineData("-1:1")]
    [InlineData("1:1:1")]
    [InlineData("16x9")]
    public void Rejects_what_is_no_positive_decimal_ratio(string text)
    {
        Assert.False(AspectRatio.TryParseShape(text, out _));
        Assert.False(AssemblyValidator.Validate(Generate("\"prompt\": \"ok\", \"aspect_ratio\": \"" + text + "\"")).IsValid);
    }

    // ---- where the linter is wrong (docs/diagnostics.md, "Where Transloadit's linter is wrong") ----------------------

    [Fact]
    public void A_raw_control_character_in_a_string_is_not_JSON_though_the_linter_takes_it()
    {
        // Linter: success. JSON.parse, which the API runs, rejects it.
        var result = AssemblyValidator.Validate("{\"steps\": {\"g\": {\"robot\": \"/image/generate\", \"prompt\": \"a\tb\"}}}");

        Assert.Equal("IMG1001", Assert.Single(result.Findings).Code);
    }

    [Fact]
    public void A_use_cycle_through_the_object_forms_string_steps_is_a_cycle_though_the_linter_misses_it()
    {
        // Linter: success.
        var result = AssemblyValidator.Validate("""{"steps": {":original": {"robot": "/upload/handle"}, "a": {"robot": "/image/resize", "use": {"steps": "b"}}, "b": {"robot": "/image/resize", "use": {"steps": "a"}}, "c": {"robot": "/image/resize", "use": ":original"}}}""");

        Assert.Equal("IMG1403", Assert.Single(result.Findings).Code);
    }

    [Theory]
    [InlineData("__proto__")] // linter: schema-violation at /steps/robot and /steps/use (the step became the prototype)
    [InlineData("__column")] // linter: schema-violation, /steps/__column/robot missing (its hidden position property)
    public void Steps_named_like_the_linters_internals_are_steps(string name)
    {
        var result = AssemblyValidator.Validate("{\"steps\": {\":original\": {\"robot\": \"/upload/handle\"}, \"" + name + "\": {\"robot\": \"/image/resize\", \"use\": \":original\"}, \"t\": {\"robot\": \"/image/resize\", \"use\": \"" + name + "\"}}}");

        Assert.True(result.IsValid, Errors(result));
        Assert.Empty(result.Findings);
    }

    [Fact]
    public void A_lone_surrogate_escape_is_stricter_IMG1001_at_the_escape()
    {
        // Linter: success (JavaScript strings are UTF-16 and keep half a pair). Documented as stricter, with its reason.
        var result = AssemblyValidator.Validate("{\"steps\": {\"g\": {\"robot\": \"/image/generate\", \"prompt\": \"a\\ud800b\"}}}");

        var finding = Assert.Single(result.Findings);
        Assert.Equal(("IMG1001", 1, 58), (finding.Code, finding.Line, finding.Column)); // the backslash of \ud800
    }
}
