using System.Linq;
using System.Text;
using ImageSdk.Validation;
using Xunit;
using static ImageSdk.Tests.Validation.ValidationErrors;

namespace ImageSdk.Tests.Validation;

/// <summary>
/// What the fourth hostile audit of issue 26 against Transloadit's linter (@transloadit/node 4.12.0, tools/transloadit-lint)
/// found beyond the corpus. The linter's verdict on each input is in the comments.
/// </summary>
public class FourthAuditTests
{
    /// <summary>
    /// An assembly of an import and, on line 2, one step of <paramref name="robot"/> (using the import, or itself an import
    /// from a path) that sets <paramref name="parameter"/> to the JSON <paramref name="value"/>.
    /// </summary>
    private static string Step(string robot, string parameter, string value) =>
        "{\"steps\": {\"imported\": {\"robot\": \"/http/import\", \"url\": \"https://example.com/a.mp4\"},\n"
        + $"  \"s\": {{\"robot\": \"{robot}\", {(robot.EndsWith("/import", System.StringComparison.Ordinal) ? "\"path\": \"in/\"" : "\"use\": \"imported\"")}, \"{parameter}\": {value}}}}}}}";

    /// <summary>The 1-based column of the value of <paramref name="parameter"/> on line 2 of <paramref name="json"/>.</summary>
    private static int ValueColumn(string json, string parameter) =>
        json.Split('\n')[1].IndexOf("\"" + parameter + "\": ", System.StringComparison.Ordinal) + parameter.Length + 5;

    [Theory]
    // Numbers checked by their schema fragment (an exclusive bound, or a union the typed columns do not hold) get the codes
    // typed numbers get: out of range IMG1303, a fraction where the numbers are integers IMG1308. They were IMG1302, "a value
    // of the wrong JSON type", though the type is right. Linter: schema-violation at the parameter for each.
    [InlineData("/vimeo/import", "files_per_page", "101", "IMG1303", "files_per_page is 101; it must be at most 100")]
    [InlineData("/vimeo/import", "files_per_page", "0", "IMG1303", "files_per_page is 0; it must be more than 0")]
    [InlineData("/vimeo/import", "page_number", "1.5", "IMG1308", "page_number is 1.5; it must be a whole number, written without a decimal point")]
    [InlineData("/image/merge", "width", "0", "IMG1303", "width is 0; it must be more than 0")]
    [InlineData("/audio/waveform", "pixels_per_second", "0", "IMG1303", "pixels_per_second is 0; it must be more than 0")]
    [InlineData("/file/hash", "partial_size", "-5", "IMG1303", "partial_size is -5; it must be more than 0")]
    [InlineData("/image/resize", "shave", "-1", "IMG1303", "shave is -1; it must be at least 0")]
    [InlineData("/video/merge", "framerate", "2.5", "IMG1308", "framerate is 2.5; it must be a whole number, written without a decimal point")]
    [InlineData("/sftp/import", "port", "65536", "IMG1303", "port is 65536; allowed: 1..65535")] // a typed number, for comparison
    public void A_number_of_the_right_type_outside_its_range_is_IMG1303_or_IMG1308_whichever_way_its_schema_is_held(string robot, string parameter, string value, string code, string message)
    {
        var json = Step(robot, parameter, value);

        var error = Assert.Single(Errors(json));

        Assert.Equal((code, "/steps/s/" + parameter, 2, ValueColumn(json, parameter)), (error.Code, error.Path, error.Line, error.Column));
        Assert.StartsWith(message, error.Message, System.StringComparison.Ordinal);
    }

    [Theory]
    // A number in its string form, which Transloadit takes unchecked (the linter: success), outside what those parameters'
    // numbers take: the IMG1309 warning typed number strings get ("num_outputs": "11"), with the nearest whole number an
    // integer branch takes as its fix. It was no finding: the assembly is valid, and the step fails when it runs.
    [InlineData("/vimeo/import", "files_per_page", "\"101\"", "files_per_page \"101\" must be at most 100", "\"100\"")]
    [InlineData("/vimeo/import", "page_number", "\"0\"", "page_number \"0\" must be more than 0", "\"1\"")]
    [InlineData("/image/merge", "width", "\"12.5\"", "width \"12.5\" must be a whole number, written without a decimal point", "\"13\"")]
    [InlineData("/audio/waveform", "pixels_per_second", "\"0\"", "pixels_per_second \"0\" must be more than 0", null)] // a number above 0: no nearest one
    public void A_number_string_outside_those_parameters_numbers_is_the_IMG1309_warning_with_the_nearest_whole_number(string robot, string parameter, string value, string message, string? fixedValue)
    {
        var json = Step(robot, parameter, value);

        var result = AssemblyValidator.Validate(json);

        Assert.True(result.IsValid);
        var warning = Assert.Single(result.Findings);
        Assert.Equal(("IMG1309", ValidationSeverity.Warning, "/steps/s/" + parameter, 2, ValueColumn(json, parameter)), (warning.Code, warning.Severity, warning.Path, warning.Line, warning.Column));
        Assert.StartsWith(message + "; Transloadit accepts a number in a string unchecked", warning.Message, System.StringComparison.Ordinal);
        var fixedJson = Encoding.UTF8.GetString(AssemblyFixer.Fix(Encoding.UTF8.GetBytes(json)).Utf8Json);
        Assert.Equal(fixedValue is null ? json : json.Replace(value, fixedValue, System.StringComparison.Ordinal), fixedJson);
    }

    [Theory]
    [InlineData("/vimeo/import", "files_per_page", "\"100\"")]
    [InlineData("/vimeo/import", "files_per_page", "\"0100.0\"")] // the whole number 100, as 100.0 is
    [InlineData("/image/merge", "width", "\"${fields.w}\"")]
    [InlineData("/audio/waveform", "pixels_per_second", "\"0.5\"")]
    public void A_number_string_those_parameters_numbers_take_has_no_finding(string robot, string parameter, string value)
    {
        Assert.Empty(AssemblyValidator.Validate(Step(robot, parameter, value)).Findings);
    }

    [Theory]
    // The other faults of the same parameters stay what they were: a wrong type, a string that holds no number.
    [InlineData("/vimeo/import", "files_per_page", "true", "IMG1302")]
    [InlineData("/vimeo/import", "files_per_page", "\"ten\"", "IMG1302")]
    [InlineData("/image/merge", "width", "[1]", "IMG1302")]
    public void Other_faults_of_those_parameters_stay_IMG1302(string robot, string parameter, string value, string code)
    {
        var error = Assert.Single(Errors(Step(robot, parameter, value)));

        Assert.Equal((code, "/steps/s/" + parameter), (error.Code, error.Path));
    }
}
