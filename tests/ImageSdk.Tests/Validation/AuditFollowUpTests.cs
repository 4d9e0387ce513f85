using System;
using System.Linq;
using ImageSdk.Validation;
using Xunit;
using static ImageSdk.Tests.Validation.ValidationErrors;

namespace ImageSdk.Tests.Validation;

/// <summary>
/// The four items the second audit of issue 26 left open: each bad item of one value at its own place, the parseInt
/// number strings inside blur_regions (IMG1308 as width's), and an empty use name in the object form judged as in the
/// string forms. The linter's verdict (@transloadit/node 4.12.0, tools/transloadit-lint) is in the comments.
/// </summary>
public class AuditFollowUpTests
{
    private static (string Code, string Path, int Line, int Column) Place(ValidationFinding f) => (f.Code, f.Path, f.Line, f.Column);

    private const string UrlArray = """
        {"steps": {
          "imported": {"robot": "/http/import", "url": ["nope", "https://example.com/a.jpg", "also nope"]}
        }}
        """;

    [Fact]
    public void Each_bad_item_of_an_array_is_reported_at_its_own_place()
    {
        // Linter: schema-violation at steps.imported.url.0 and steps.imported.url.2 ("should be a valid URL").
        var errors = Errors(UrlArray);

        Assert.Equal(
            new[] { ("IMG1302", "/steps/imported/url/0", 2, 49), ("IMG1302", "/steps/imported/url/2", 2, 86) },
            errors.Select(Place));
        Assert.Equal("url[0] must be a string (must be a URL, such as https://example.com/image.jpg); found the string \"nope\"", errors[0].Message);
        Assert.Equal("url[2] must be a string (must be a URL, such as https://example.com/image.jpg); found the string \"also nope\"", errors[1].Message);
    }

    private const string TwoBadConditions = """
        {"steps": {
          "imported": {"robot": "/http/import", "url": "https://example.com/a.jpg"},
          "images": {"robot": "/file/filter", "use": "imported", "accepts": [
            ["${file.mime}", "matches", "image"],
            ["${file.size}", "<=", 10],
            ["${file.ext}", "is", "png"]]}
        }}
        """;

    [Fact]
    public void Each_bad_condition_of_a_filter_is_reported_at_its_operator()
    {
        // Linter: schema-violation at steps.images.accepts (its union names the value, not the items).
        var errors = Errors(TwoBadConditions);

        Assert.Equal(
            new[] { ("IMG1306", "/steps/images/accepts/0/1", 4, 22), ("IMG1306", "/steps/images/accepts/2/1", 6, 21) },
            errors.Select(Place));
        Assert.StartsWith("accepts[0][1] 'matches' is not allowed; allowed: =, ==, ===, ", errors[0].Message, StringComparison.Ordinal);
        Assert.StartsWith("accepts[2][1] 'is' is not allowed; allowed: =, ==, ===, ", errors[1].Message, StringComparison.Ordinal);
    }

    private const string BlurRegions = """
        {"steps": {
          "imported": {"robot": "/http/import", "url": "https://example.com/a.jpg"},
          "thumbs": {"robot": "/image/resize", "use": "imported", "blur_regions": [
            {"x": " 200", "y": 1, "width": "+5", "height": 3},
            {"x": "abc", "y": 1, "width": 5, "height": 3},
            {"x": 1, "y": 2, "width": 5}]}
        }}
        """;

    [Fact]
    public void Each_bad_blur_region_is_reported_and_a_parseInt_number_string_there_is_IMG1308_as_widths()
    {
        // Linter: schema-violation at steps.thumbs.blur_regions (for "abc" and the missing height); the first region alone
        // (" 200" and "+5", which its complexWidthSchema reads with parseInt) is a success there: the documented stricter IMG1308.
        var errors = Errors(BlurRegions);

        Assert.Equal(
            new[]
            {
                ("IMG1308", "/steps/thumbs/blur_regions/0/x", 4, 11),
                ("IMG1308", "/steps/thumbs/blur_regions/0/width", 4, 36),
                ("IMG1302", "/steps/thumbs/blur_regions/1/x", 5, 11),
                ("IMG1302", "/steps/thumbs/blur_regions/2", 6, 5),
            },
            errors.Select(Place));
        Assert.Equal("blur_regions[0].x \" 200\" is not a whole number written in digits alone (no sign, space or other text); write \"200\"", errors[0].Message);
        Assert.Equal("blur_regions[0].width \"+5\" is not a whole number written in digits alone (no sign, space or other text); write \"5\"", errors[1].Message);
        Assert.StartsWith("blur_regions[1].x must be ", errors[2].Message, StringComparison.Ordinal);
        Assert.EndsWith("found the string \"abc\"", errors[2].Message, StringComparison.Ordinal);
        Assert.Contains("needs 'height'", errors[3].Message, StringComparison.Ordinal);
        Assert.Contains("blur_regions", ValidationRules.NotAnInteger.StricterThanTransloadit!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\" 30000\"")] // parseInt reads 30000, over the range: linter schema-violation, "may not exceed 25000"
    [InlineData("\"-5\"")] // linter: schema-violation, "must be 1 or greater"
    [InlineData("\"200px\"")] // a string holding an x is not read as a number: linter schema-violation
    public void A_blur_region_string_the_linter_rejects_stays_a_type_error(string x)
    {
        var error = Assert.Single(Errors(BlurRegions.Replace("\" 200\"", x, StringComparison.Ordinal).Replace("\"+5\"", "5", StringComparison.Ordinal)
            .Replace("\"abc\"", "1", StringComparison.Ordinal).Replace("\"width\": 5}]", "\"width\": 5, \"height\": 3}]", StringComparison.Ordinal)));

        Assert.Equal(("IMG1302", "/steps/thumbs/blur_regions/0/x"), (error.Code, error.Path));
    }

    [Fact]
    public void Places_in_one_value_stop_at_the_cap()
    {
        // Linter: one schema-violation per item (150).
        var urls = string.Join(", ", Enumerable.Repeat("\"nope\"", 150));
        var errors = Errors("{\"steps\": {\"imported\": {\"robot\": \"/http/import\", \"url\": [" + urls + "]}}}");

        Assert.Equal(100, errors.Length);
        Assert.Equal(Enumerable.Range(0, 100).Select(i => "/steps/imported/url/" + i), errors.Select(e => e.Path));
        Assert.DoesNotContain(errors.Take(99), e => e.Message.Contains("more places", StringComparison.Ordinal));
        Assert.EndsWith("found the string \"nope\"; url has more places that are not taken, and only the first 100 are reported", errors[99].Message, StringComparison.Ordinal);

        // Exactly 100 bad items: all are reported, and none is said to be left out.
        var exact = Errors("{\"steps\": {\"imported\": {\"robot\": \"/http/import\", \"url\": [" + string.Join(", ", Enumerable.Repeat("\"nope\"", 100)) + "]}}}");
        Assert.Equal(100, exact.Length);
        Assert.DoesNotContain(exact, e => e.Message.Contains("more places", StringComparison.Ordinal));
    }

    private const string EmptyNameInput = """
        {"steps": {
          "imported": {"robot": "/http/import", "url": "https://example.com/a.jpg"},
          "thumbs": {"robot": "/image/resize", "use": [{"name": ""}], "width": 5}
        }}
        """;

    [Theory]
    [InlineData("[{\"name\": \"\"}]", "/steps/thumbs/use/0/name", 57)] // linter: success (lintUseArray skips a falsy name)
    [InlineData("{\"steps\": [{\"name\": \"\"}]}", "/steps/thumbs/use/steps/0/name", 67)] // linter: success
    [InlineData("[\"\"]", "/steps/thumbs/use/0", 48)] // linter: success; the form the object one now matches
    public void An_empty_use_name_in_the_object_form_is_an_unknown_step_as_in_the_string_form(string use, string path, int column)
    {
        var error = Assert.Single(Errors(EmptyNameInput.Replace("[{\"name\": \"\"}]", use, StringComparison.Ordinal)));

        Assert.Equal(("IMG1402", path, 3, column), Place(error));
        Assert.Equal("step 'thumbs' uses '', which is not a step of this assembly; steps: imported, thumbs", error.Message);
    }

    [Theory]
    [InlineData("[{\"name\": \"\"}]")] // linter: success
    [InlineData("{\"steps\": [{\"name\": \"\", \"as\": \"image\"}]}")] // linter: success
    [InlineData("[\"\"]")] // linter: success
    [InlineData("\"\"")] // linter: success (the string form names the step called "")
    public void An_empty_use_name_names_the_step_called_empty_in_every_form(string use)
    {
        var json = EmptyNameInput.Replace("\"imported\":", "\"\":", StringComparison.Ordinal).Replace("[{\"name\": \"\"}]", use, StringComparison.Ordinal);

        Assert.Empty(Errors(json));
    }
}
