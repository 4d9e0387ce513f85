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
        Assert.StartsWith("accepts[1][1] must be ", finding.Message, StringComparison.Ordinal);
        Assert.Contains("\"regex\"", finding.Message, StringComparison.Ordinal);
        Assert.EndsWith("found the string \"matches\"", finding.Message, StringComparison.Ordinal);
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
        Assert.StartsWith("preset must be one of \"android\", ", finding.Message, StringComparison.Ordinal);
        Assert.EndsWith(", \"wav\", a whole ${...} variable (did you mean 'webm'?); found the string \"webmm\"", finding.Message, StringComparison.Ordinal);
        Assert.Equal(1, finding.Message.Split("\"android\"").Length - 1); // the list once, not again as the failing branch's reason
    }

    [Fact]
    public void A_value_far_from_every_name_gets_no_suggestion()
    {
        var far = AssemblyValidator.Validate("""{"steps": {"v": {"robot": "/video/encode", "use": ":original", "preset": "zzzzzzzzzz"}}}""");

        var finding = Assert.Single(far.Findings, f => f.Severity == ValidationSeverity.Error);
        Assert.EndsWith(", \"wav\", a whole ${...} variable; found the string \"zzzzzzzzzz\"", finding.Message, StringComparison.Ordinal);
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
}
