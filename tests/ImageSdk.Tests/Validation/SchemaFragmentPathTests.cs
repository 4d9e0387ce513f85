using System;
using System.Linq;
using ImageSdk.Validation;
using Xunit;

namespace ImageSdk.Tests.Validation;

/// <summary>Values judged by an imported robot's schema fragment are reported at the deepest value at fault.</summary>
public sealed class SchemaFragmentPathTests
{
    [Fact]
    public void An_unknown_operator_is_a_validation_error_at_the_operator()
    {
        var result = AssemblyValidator.Validate("""{"steps": {"f": {"robot": "/file/filter", "use": ":original", "accepts": [["${file.size}", "<=", 10], ["${file.mime}", "matches", "image"]]}}}""");

        Assert.False(result.IsValid);
        var finding = Assert.Single(result.Findings, f => f.Severity == ValidationSeverity.Error);
        Assert.Equal("/steps/f/accepts/1/1", finding.Path);
        Assert.Equal(DiagnosticIds.NotAllowed, finding.Code); // outside the operators the schema lists, as a typed enum's value
        Assert.Equal("accepts[1][1] 'matches' is not allowed; allowed: =, ==, ===, <, >, <=, >=, !=, !==, regex, !regex, includes, !includes, empty, !empty", finding.Message);
    }

    [Fact]
    public void A_bad_crop_corner_is_reported_at_the_corner()
    {
        var result = AssemblyValidator.Validate("""{"steps": {"r": {"robot": "/image/resize", "use": ":original", "crop": {"x1": 10, "y1": true}}}}""");

        var finding = Assert.Single(result.Findings, f => f.Severity == ValidationSeverity.Error);
        Assert.Equal("/steps/r/crop/y1", finding.Path);
        Assert.StartsWith("crop.y1 must be ", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_outside_a_long_imported_enum_lists_it_once_and_suggests_the_closest()
    {
        var result = AssemblyValidator.Validate("""{"steps": {"v": {"robot": "/video/encode", "use": ":original", "preset": "webmm"}}}""");

        var finding = Assert.Single(result.Findings, f => f.Severity == ValidationSeverity.Error);
        Assert.Equal("/steps/v/preset", finding.Path);
        Assert.Equal(DiagnosticIds.NotAllowed, finding.Code); // as a typed enum's value: /image/resize's format "tiff"
        Assert.StartsWith("preset 'webmm' is not allowed (did you mean 'webm'?); allowed: android, android-high, ", finding.Message, StringComparison.Ordinal);
        Assert.EndsWith(", speech, wav", finding.Message, StringComparison.Ordinal);
        Assert.Equal(1, finding.Message.Split(" android,").Length - 1); // the list once, not again as the failing branch's reason
    }

    [Theory]
    [InlineData("/image/resize", "watermark_position", "[\"top\", \"middle\"]", "IMG1306", "/steps/s/watermark_position/1", "watermark_position[1] 'middle' is not allowed; allowed: bottom, bottom-left, ")]
    [InlineData("/image/resize", "watermark_position", "\"middle\"", "IMG1306", "/steps/s/watermark_position", "watermark_position 'middle' is not allowed; allowed: bottom, ")]
    [InlineData("/audio/waveform", "style", "\"v2\"", "IMG1306", "/steps/s/style", "style 'v2' is not allowed (did you mean 'v0'?); allowed: v0, v1, spectrogram, 0, 1")]
    [InlineData("/file/preview", "zoom", "\"yes\"", "IMG1302", "/steps/s/zoom", "zoom must be true or false")] // true/false as strings: a wrong form, as typed booleans
    [InlineData("/video/encode", "ffmpeg_stack", "\"v9\"", "IMG1302", "/steps/s/ffmpeg_stack", "ffmpeg_stack must be one of \"v6\", \"v7\", \"v8\", a string matching ")] // a pattern takes unlisted strings
    public void A_string_outside_the_strings_a_schema_lists_is_IMG1306_and_any_other_form_IMG1302(string robot, string parameter, string json, string code, string path, string message)
    {
        var result = AssemblyValidator.Validate("""{"steps": {":original": {"robot": "/upload/handle"}, "s": {"robot": """ + $"\"{robot}\", \"use\": \":original\", \"{parameter}\": {json}" + "}}}");

        var finding = Assert.Single(result.Findings, f => f.Severity == ValidationSeverity.Error);
        Assert.Equal((code, path), (finding.Code, finding.Path));
        Assert.StartsWith(message, finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_far_from_every_name_gets_no_suggestion()
    {
        var far = AssemblyValidator.Validate("""{"steps": {"v": {"robot": "/video/encode", "use": ":original", "preset": "zzzzzzzzzz"}}}""");

        var finding = Assert.Single(far.Findings, f => f.Severity == ValidationSeverity.Error);
        Assert.StartsWith("preset 'zzzzzzzzzz' is not allowed; allowed: android, ", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_string_branch_with_a_pattern_names_the_pattern_once()
    {
        var result = AssemblyValidator.Validate("""{"steps": {"r": {"robot": "/image/resize", "use": ":original", "background": "#ff000080"}}}""");

        var finding = Assert.Single(result.Findings, f => f.Severity == ValidationSeverity.Error);
        Assert.Equal("/steps/r/background", finding.Path);
        Assert.Equal(
            "background must be a string matching ^#?[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$, one of \"transparent\", \"none\", \"black\", \"white\", \"red\", \"green\", \"blue\", \"yellow\", \"cyan\", \"magenta\", \"gray\", \"grey\", \"opaque\"; found the string \"#ff000080\"",
            finding.Message);
    }

    [Fact]
    public void A_match_past_its_timeout_twice_is_no_match_and_no_exception()
    {
        var pathological = new System.Text.RegularExpressions.Regex("^(a+)+$", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromMilliseconds(1));

        Assert.False(ImageSdk.Validation.Engine.SchemaFragment.IsMatch(pathological, new string('a', 64) + "b"));
        Assert.True(ImageSdk.Validation.Engine.SchemaFragment.IsMatch(pathological, "aaa")); // the same regex still matches what it takes
    }
}
