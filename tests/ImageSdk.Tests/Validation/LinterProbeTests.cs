using System.Linq;
using ImageSdk.Validation;
using Xunit;
using static ImageSdk.Tests.Validation.ValidationErrors;

namespace ImageSdk.Tests.Validation;

/// <summary>
/// What the audit of issue 26 against Transloadit's linter (@transloadit/node 4.12.0, tools/transloadit-lint) found: the
/// linter's stack-version check, string lengths in UTF-16 code units, and the width and height strings that
/// complexWidthSchema reads with parseInt. The linter's verdict on each input is in the comments; the corpus holds the same
/// cases as files (samples/assemblies/*stack*, *youtube-title*, *parse-int*).
/// </summary>
public class LinterProbeTests
{
    private static string Step(string robot, string parameters) =>
        "{\"steps\": {\"imported\": {\"robot\": \"/http/import\", \"url\": \"https://example.com/in.mp4\"}, \"s\": {\"robot\": \"" + robot
        + "\", \"use\": \"imported\", " + parameters + "}}}";

    private static string Youtube(string title) =>
        Step("/youtube/store", "\"credentials\": \"c\", \"title\": \"" + title + "\", \"description\": \"d\", \"category\": \"comedy\", \"keywords\": \"k\", \"visibility\": \"private\"");

    [Theory]
    [InlineData("/video/encode", "ffmpeg_stack", "${fields.stack}")] // linter: wrong-ffmpeg-version
    [InlineData("/video/thumbs", "ffmpeg_stack", "v${fields.major}")] // linter: wrong-ffmpeg-version
    [InlineData("/audio/encode", "ffmpeg_stack", "${fields.stack}")] // linter: wrong-ffmpeg-version
    [InlineData("/image/resize", "imagemagick_stack", "${fields.stack}")] // linter: wrong-imagemagick-version
    [InlineData("/document/thumbs", "imagemagick_stack", "v${fields.stack}")] // linter: wrong-imagemagick-version
    public void A_variable_in_the_stack_version_of_an_ffmpeg_or_imagemagick_robot_is_an_error(string robot, string parameter, string value)
    {
        // The definitions take ${...} there; the linter's lintStackParameter does not: the version must match its pattern.
        var error = Assert.Single(Errors(Step(robot, $"\"{parameter}\": \"{value}\"")));

        Assert.Equal(("IMG1302", "/steps/s/" + parameter), (error.Code, error.Path));
    }

    [Theory]
    [InlineData("/audio/waveform", "ffmpeg_stack")] // linter: success (its meta lists no tools, so the check does not run)
    [InlineData("/video/adaptive", "ffmpeg_stack")] // linter: success
    [InlineData("/image/enhance", "imagemagick_stack")] // linter: success
    public void A_variable_in_the_stack_version_of_a_robot_the_check_skips_is_taken(string robot, string parameter)
    {
        Assert.Empty(Errors(Step(robot, $"\"{parameter}\": \"${{fields.stack}}\"")));
    }

    [Theory]
    [InlineData("v6")]
    [InlineData("7.1.2")]
    [InlineData("v8.0")]
    public void A_literal_stack_version_is_taken(string version) =>
        Assert.Empty(Errors(Step("/video/encode", $"\"ffmpeg_stack\": \"{version}\"")));

    [Fact]
    public void A_string_length_counts_utf16_code_units_as_zod_does()
    {
        var clapper = "\\ud83c\\udfac"; // one emoji: one code point, two UTF-16 code units
        var over = Errors(Youtube(string.Concat(Enumerable.Repeat(clapper, 41)))); // linter: "may have at most 80 characters"

        var error = Assert.Single(over);
        Assert.Equal(("IMG1302", "/steps/s/title"), (error.Code, error.Path));
        Assert.Contains("UTF-16", error.Message, System.StringComparison.Ordinal);
        Assert.Empty(Errors(Youtube(string.Concat(Enumerable.Repeat(clapper, 40))))); // 80 units: linter success
        Assert.Empty(Errors(Youtube(new string('a', 80))));
        Assert.Single(Errors(Youtube(new string('a', 81))));
        Assert.Empty(Errors(Youtube(string.Concat(Enumerable.Repeat(clapper, 41)) + "${fields.suffix}"))); // a variable: checked when it runs
    }

    [Theory]
    [InlineData(" 200")]
    [InlineData("+200")]
    [InlineData("200pt")]
    [InlineData("1e3")]
    [InlineData("5X")] // only a lower-case x stops parseInt's reading
    [InlineData("\\u00a0200")]
    [InlineData("\\ufeff200")]
    [InlineData("\\n7")]
    [InlineData("25000.9")]
    [InlineData("5${fields.w}")]
    public void A_width_that_parseInt_reads_is_the_documented_stricter_IMG1308(string width)
    {
        // Transloadit's complexWidthSchema reads these with parseInt, and its linter says success; ImageSdk takes digits alone.
        foreach (var (robot, parameter) in new[] { ("/image/resize", "width"), ("/image/resize", "height"), ("/file/preview", "width") })
        {
            var error = Assert.Single(Errors(Step(robot, $"\"{parameter}\": \"{width}\"")));

            Assert.Equal(("IMG1308", "/steps/s/" + parameter), (error.Code, error.Path));
            Assert.Contains(parameter, ValidationRules.All.Single(r => r.Code == "IMG1308").StricterThanTransloadit!, System.StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("/image/resize", "width", "200px")] // parseInt reads 200, but the text holds an x: linter schema-violation
    [InlineData("/image/resize", "width", "0x10")] // linter: schema-violation
    [InlineData("/image/resize", "width", "-5")] // below the range: linter schema-violation
    [InlineData("/image/resize", "width", " 30000")] // above the range: linter schema-violation
    [InlineData("/video/thumbs", "count", "+1")] // a number string is ^\d+(\.\d+)?$ there: linter schema-violation
    [InlineData("/video/thumbs", "count", " 1")]
    public void A_string_the_linter_rejects_stays_a_type_error(string robot, string parameter, string value)
    {
        var error = Assert.Single(Errors(Step(robot, $"\"{parameter}\": \"{value}\"")));

        Assert.Equal(("IMG1302", "/steps/s/" + parameter), (error.Code, error.Path));
    }

    [Fact]
    public void A_negative_seed_string_stays_a_type_error()
    {
        var error = Assert.Single(Errors(Step("/image/generate", "\"prompt\": \"x\", \"seed\": \"-42\"")));

        Assert.Equal(("IMG1302", "/steps/s/seed"), (error.Code, error.Path));
    }

    [Fact]
    public void A_step_named_like_the_linters_line_table_is_a_step()
    {
        // Linter: schema-violation, /steps/__line/robot missing: its hidden __line position property replaces the step.
        var result = AssemblyValidator.Validate(Step("/image/resize", "\"width\": 10").Replace("\"s\":", "\"__line\":", System.StringComparison.Ordinal));

        Assert.True(result.IsValid, string.Join(" | ", result.Findings.Select(f => f.Code + " " + f.Path)));
    }

    [Fact]
    public void A_parameter_named_proto_is_unknown_though_the_linter_drops_it()
    {
        // Linter: success: its object builder assigns "__proto__", which sets the prototype and adds no key for zod's strict
        // check to see. JSON.parse keeps it as a key, and the robot defines no such parameter.
        var error = Assert.Single(Errors(Step("/image/resize", "\"__proto__\": {\"width\": 5}")));

        Assert.Equal(("IMG1204", "/steps/s/__proto__"), (error.Code, error.Path));
    }

    [Theory]
    [InlineData("3-1", false)] // linter: schema-violation, "Start must be ≥ 1 and end must be ≥ start"
    [InlineData("0-1", false)] // linter: schema-violation
    [InlineData("1-1", true)]
    [InlineData("02-10", true)]
    public void A_page_range_starts_at_1_and_ends_at_or_after_its_start(string range, bool valid)
    {
        var errors = Errors(Step("/document/thumbs", $"\"page_range\": \"{range}\""));

        Assert.Equal(valid, errors.Length == 0);
        Assert.All(errors, e => Assert.Equal(("IMG1302", "/steps/s/page_range"), (e.Code, e.Path)));
    }

    [Theory]
    [InlineData("[\"\"]")]
    [InlineData("[\"imported\", \"\"]")]
    public void An_empty_use_name_without_such_a_step_is_unknown_though_the_linter_skips_it(string use)
    {
        // Linter: success: lintUseArray checks a name only when it is truthy, and "" is not. The string form ("use": "") is
        // checked there (undefined-step), and no step named "" exists to take files from.
        var error = Assert.Single(Errors(Step("/image/resize", "\"width\": 10").Replace("\"use\": \"imported\"", "\"use\": " + use, System.StringComparison.Ordinal)));

        Assert.Equal("IMG1402", error.Code);
    }
}
