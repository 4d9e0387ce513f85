using System.Linq;
using ImageSdk.Validation;
using Xunit;

namespace ImageSdk.Tests.Validation;

/// <summary>
/// <c>"format": "uri"</c> in Transloadit's definitions (the <c>url</c> of <c>/http/import</c>, <c>/tus/store</c>'s
/// endpoint, watermark URLs) is zod's <c>.url()</c>, which is JavaScript's <c>new URL(text)</c>. The linter rejected
/// <c>"url": "not a url"</c> and the engine accepted it (a floor gap): the verdicts here are node's <c>new URL</c> on each text.
/// </summary>
public class UrlFormatTests
{
    [Theory]
    [InlineData("https://example.com/a.jpg", true)]
    [InlineData("https:example.com", true)]
    [InlineData(" https://a.com ", true)]
    [InlineData("abc:1", true)]
    [InlineData("mailto:x@y", true)]
    [InlineData("http://999", true)]
    [InlineData("http://a.com:0065535", true)]
    [InlineData("http://[::1]:80/x", true)]
    [InlineData("http://%41.com", true)]
    [InlineData("https://example.com/${fields.x}", true)]
    [InlineData("ftp://user@host/f", true)]
    [InlineData("http://a.com:", true)]
    [InlineData("http://@a.com", true)]
    [InlineData("not a url", false)]
    [InlineData("x", false)]
    [InlineData("http://", false)]
    [InlineData("http://exa mple.com", false)]
    [InlineData("http://1.2.3.256", false)]
    [InlineData("http://1.2.3.4.5", false)]
    [InlineData("http://a.com:65536", false)]
    [InlineData("http://a%20b.com", false)]
    [InlineData("http://a.b.c.09", false)]
    public void A_url_parameter_takes_what_javascripts_URL_parses(string url, bool parses)
    {
        var json = "{\"steps\": {\"imported\": {\"robot\": \"/http/import\", \"url\": " + System.Text.Json.JsonSerializer.Serialize(url) + "}}}";

        var result = AssemblyValidator.Validate(json);

        Assert.True(parses == result.IsValid, $"{url}: {string.Join(" | ", result.Findings.Select(f => $"{f.Code} {f.Path} {f.Message}"))}");
        if (!parses)
        {
            var finding = Assert.Single(result.Findings, f => f.Severity == ValidationSeverity.Error);
            Assert.Equal("/steps/imported/url", finding.Path);
            Assert.Contains("must be a URL, such as https://example.com/image.jpg", finding.Message, System.StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Each_url_of_an_array_is_judged_and_the_bad_one_is_named()
    {
        var result = AssemblyValidator.Validate("""{"steps": {"imported": {"robot": "/http/import", "url": ["https://a.com/x.jpg", "not a url"]}}}""");

        var finding = Assert.Single(result.Findings, f => f.Severity == ValidationSeverity.Error);
        Assert.Equal("/steps/imported/url/1", finding.Path);
    }
}
