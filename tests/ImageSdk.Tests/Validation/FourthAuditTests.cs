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
