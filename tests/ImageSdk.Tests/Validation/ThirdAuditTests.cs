using System.Linq;
using ImageSdk.Validation;
using Xunit;
using static ImageSdk.Tests.Validation.ValidationErrors;

namespace ImageSdk.Tests.Validation;

/// <summary>
/// What the third hostile audit of issue 26 against Transloadit's linter (@transloadit/node 4.12.0, tools/transloadit-lint)
/// found beyond the corpus: line breaks written as a lone carriage return, and a use cycle through a step named
/// <c>:original</c> that the linter does not follow. The linter's verdict on each input is in the comments.
/// </summary>
public class ThirdAuditTests
{
    private const string Resize = "{\"steps\": {NL  \":original\": {\"robot\": \"/upload/handle\"},NL  \"r\": {\"robot\": \"/image/resize\", \"use\": \":original\",NL    \"width\": true}}}";

    [Theory]
    [InlineData("\r")] // classic Mac line breaks: the linter's row 3, column 13 (0-based)
    [InlineData("\r\n")]
    [InlineData("\n")]
    public void A_finding_is_placed_on_its_line_whichever_line_break_the_file_uses(string lineBreak)
    {
        var error = Assert.Single(Errors(Resize.Replace("NL", lineBreak, System.StringComparison.Ordinal)));

        Assert.Equal(("IMG1302", "/steps/r/width", 4, 14), (error.Code, error.Path, error.Line, error.Column));
    }

    [Theory]
    [InlineData("\r")]
    [InlineData("\r\n")]
    public void A_syntax_error_is_placed_on_its_line_after_carriage_returns(string lineBreak)
    {
        var json = Resize.Replace("NL", lineBreak, System.StringComparison.Ordinal).Replace("true}}}", "5,}}}", System.StringComparison.Ordinal);

        var error = Assert.Single(Errors(json));

        Assert.Equal(("IMG1001", 4, 16), (error.Code, error.Line, error.Column)); // the } after the trailing comma
    }

    [Fact]
    public void An_escaped_carriage_return_in_a_string_is_no_line_break()
    {
        // An escaped \r is two characters of text: the finding stays on line 1.
        var error = Assert.Single(Errors("{\"steps\": {\":original\": {\"robot\": \"/upload/handle\"}, \"r\": {\"robot\": \"/image/resize\", \"use\": \":original\", \"format\": \"a\\rb\", \"width\": true}}}"));

        Assert.Equal(("IMG1302", 1, 133), (error.Code, error.Line, error.Column));
    }

    [Fact]
    public void A_use_cycle_through_a_step_named_original_is_a_cycle_though_the_linter_skips_its_references()
    {
        // Linter: success. Its cycle search skips every reference out of a step named :original except one to itself (its
        // comment means to skip only that self-reference, which its normalization adds); a self-use of :original is
        // infinite-assembly there. Here the resize step named :original waits on b, and b on it (IMG1206 says steps that
        // use :original get that step's files).
        var result = AssemblyValidator.Validate("{\"steps\": {\":original\": {\"robot\": \"/image/resize\", \"use\": \"b\", \"width\": 10}, \"b\": {\"robot\": \"/image/resize\", \"use\": \":original\"}}}");

        var error = Assert.Single(result.Findings, f => f.Severity == ValidationSeverity.Error);
        Assert.Equal(("IMG1403", "/steps/b/use"), (error.Code, error.Path));
        Assert.Contains(":original -> b -> :original", error.Message, System.StringComparison.Ordinal);
        Assert.Equal("IMG1206", Assert.Single(result.Findings, f => f.Severity == ValidationSeverity.Warning).Code);
    }

    [Theory]
    [InlineData("{\"imported\": {\"robot\": \"/tigris/import\", \"credentials\": \"c\", \"path\": \"in/\"}, \"served\": {\"robot\": \"/file/serve\", \"use\": \"imported\"}}")]
    [InlineData("{\"imported\": {\"robot\": \"/http/import\", \"url\": \"https://example.com/a.jpg\"}, \"stored\": {\"robot\": \"/tigris/store\", \"use\": \"imported\", \"credentials\": \"c\"}, \"served\": {\"robot\": \"/file/serve\", \"use\": \"stored\"}}")]
    public void The_tigris_robots_are_allowed_in_a_Smart_CDN_assembly_as_their_definitions_say_though_the_linter_misses_them(string steps)
    {
        // Linter: smart-cdn-robot-not-allowed. Their definitions say isAllowedForUrlTransform: true; the linter looks a robot's
        // meta up as "<name>Meta" (tigrisImportMeta), and the package exports these two as tigrisImport and tigrisStore.
        var result = AssemblyValidator.Validate("{\"steps\": " + steps + "}");

        Assert.True(result.IsValid, string.Join(" | ", result.Findings.Select(f => f.Code + " " + f.Path)));
        Assert.Empty(result.Findings);
    }

    [Theory]
    [InlineData("\"\": {\"robot\": \"/image/resize\", \"use\": \"\", \"width\": 128}, \"t\": {\"robot\": \"/image/resize\", \"use\": \":original\"}", "/steps//use")]
    [InlineData("\"\": {\"robot\": \"/image/resize\", \"use\": \"b\", \"width\": 128}, \"b\": {\"robot\": \"/image/resize\", \"use\": \"\"}", "/steps/b/use")]
    public void A_use_cycle_through_the_empty_step_name_in_the_string_form_is_a_cycle_though_the_linter_skips_it(string steps, string path)
    {
        // Linter: success. Its cycle search leaves out a step whose use is falsy (isInfiniteAssembly: !stepValue.use), and
        // "" is; the array form [""] is infinite-assembly there. The step named "" waits on itself, directly or through b.
        var errors = Errors("{\"steps\": {\":original\": {\"robot\": \"/upload/handle\"}, " + steps + "}}");

        var error = Assert.Single(errors);
        Assert.Equal(("IMG1403", path), (error.Code, error.Path));
    }
}

