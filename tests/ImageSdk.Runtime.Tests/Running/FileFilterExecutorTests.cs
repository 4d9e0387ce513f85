using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using ImageSdk.Running;
using Xunit;

namespace ImageSdk.Tests.Running;

/// <summary>/file/filter run locally: Transloadit's operators over ${file.*}, accepts and declines, condition_type, error_on_decline, regex timeouts.</summary>
public sealed class FileFilterExecutorTests : LocalExecutorTestBase
{
    private async Task<AssemblyResult> FilterAsync(string filter)
    {
        var json = """{"steps": {"f": {"robot": "/file/filter", "use": ":original", FILTER}}}""".Replace("FILTER", filter, StringComparison.Ordinal);
        var uploads = new[] { new RunUpload("file", TwoColourPng(400, 300, "wide.png")), new RunUpload("file", TwoColourPng(100, 200, "tall.png")) };
        return await new AssemblyRunner().RunAsync(Json(json), uploads, Options);
    }

    [Theory]
    [InlineData("""["${file.meta.width}", ">", "${file.meta.height}"]""", "wide.png")]
    [InlineData("""["${file.meta.width}", "<", 200]""", "tall.png")]
    [InlineData("""["${file.mime}", "regex", "image/png"]""", "tall.png,wide.png")]
    [InlineData("""["${file.mime}", "!regex", "^image/"]""", "")]
    [InlineData("""["${file.name}", "==", "wide.png"]""", "wide.png")]
    [InlineData("""["${file.name}", "!=", "wide.png"]""", "tall.png")]
    [InlineData("""["${file.meta.width}", "===", 400]""", "wide.png")]
    [InlineData("""["${file.meta.width}", "===", "400"]""", "")]
    [InlineData("""["${file.meta.width}", "==", "400"]""", "wide.png")]
    [InlineData("""["${file.size}", "<=", "20mb"]""", "tall.png,wide.png")]
    [InlineData("""["${file.size}", ">", "1mb"]""", "")]
    [InlineData("""["${file.name}", "includes", "tall"]""", "tall.png")]
    [InlineData("""["${file.name}", "!includes", "tall"]""", "wide.png")]
    [InlineData("""["${file.meta.missing}", "empty", null]""", "tall.png,wide.png")]
    [InlineData("""["${file.ext}", "!empty", null]""", "tall.png,wide.png")]
    [InlineData("""["${file.basename}-${file.meta.width}", "==", "wide-400"]""", "wide.png")]
    public async Task Accepts_passes_the_files_its_condition_holds_for(string condition, string expected)
    {
        var result = await FilterAsync($"\"accepts\": [{condition}]");

        Assert.True(result.Completed, result.Message);
        Assert.Equal(expected, string.Join(",", result.Results["f"].Select(f => f.Name).Order(StringComparer.Ordinal)));
    }

    [Fact]
    public async Task Declines_turn_files_away_before_accepts_let_them_through()
    {
        var result = await FilterAsync("""
            "accepts": [["${file.mime}", "regex", "image"]], "declines": [["${file.meta.height}", ">", 250]]
            """);

        Assert.True(result.Completed, result.Message);
        Assert.Equal("tall.png", Assert.Single(result.Results["f"]).Name); // wide.png is 300 high
        Assert.False(Directory.Exists(Path.Combine(Out, "f")) && Directory.EnumerateFileSystemEntries(Path.Combine(Out, "f")).Any()); // files pass on unchanged; nothing is written
    }

    [Theory]
    [InlineData("or", "tall.png,wide.png")]
    [InlineData("and", "wide.png")]
    public async Task Condition_type_needs_one_or_all_conditions(string type, string expected)
    {
        var result = await FilterAsync($$"""
            "condition_type": "{{type}}", "accepts": [["${file.meta.width}", ">=", 400], ["${file.mime}", "==", "image/png"]]
            """);

        Assert.True(result.Completed, result.Message);
        Assert.Equal(expected, string.Join(",", result.Results["f"].Select(f => f.Name).Order(StringComparer.Ordinal)));
    }

    [Fact]
    public async Task Error_on_decline_fails_the_step_with_its_error_msg()
    {
        var result = await FilterAsync("""
            "accepts": [["${file.meta.width}", ">", "${file.meta.height}"]], "error_on_decline": true, "error_msg": "Only landscape images"
            """);

        Assert.False(result.Completed);
        Assert.Equal(("FILE_FILTER_DECLINED_FILE", "f"), (result.Error, result.FailedStep));
        Assert.Contains("Only landscape images ('tall.png')", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_catastrophically_backtracking_regex_ends_as_a_step_error()
    {
        var result = await FilterAsync($$"""
            "accepts": [["{{new string('a', 40_000)}}!", "regex", "^(a|aa)+$"]]
            """);

        Assert.False(result.Completed);
        Assert.Equal(("FILE_FILTER_REGEX_TIMEOUT", "f"), (result.Error, result.FailedStep));
        Assert.Contains("accepts[0]: the regular expression ran longer than its limit of 1 s", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_JavaScript_condition_is_refused_with_where_it_runs()
    {
        var result = await FilterAsync("\"accepts\": \"${file.size <= 720}\"");

        Assert.Equal("FILE_FILTER_UNSUPPORTED", result.Error);
        Assert.Contains("--remote transloadit", result.Message, StringComparison.Ordinal);
    }
}
