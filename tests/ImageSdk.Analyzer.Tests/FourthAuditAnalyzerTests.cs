using System.Globalization;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using static ImageSdk.Analyzer.Tests.AnalyzerVerifier;

namespace ImageSdk.Analyzer.Tests;

/// <summary>
/// The fourth audit's engine fixes in C#: a number of a parameter checked by its schema fragment (an exclusive bound, a
/// union) is IMG1303 out of range, IMG1308 with a fraction where the numbers are integers, and IMG1309 as a number string
/// outside them, on the argument alone, as typed numbers are; the analyzer reports what the validator reports on the JSON.
/// </summary>
public class FourthAuditAnalyzerTests
{
    [Theory]
    [InlineData("""new VimeoImportStep().Path("/videos").FilesPerPage(101)""", "101", "IMG1303", DiagnosticSeverity.Error, "files_per_page is 101; it must be at most 100")]
    [InlineData("""new ImageMergeStep().Use(":original").Width(0)""", "0", "IMG1303", DiagnosticSeverity.Error, "width is 0; it must be more than 0")]
    [InlineData("""new VideoMergeStep().Use(":original").Framerate((System.Text.Json.Nodes.JsonNode)2.5)""", "(System.Text.Json.Nodes.JsonNode)2.5", "IMG1308", DiagnosticSeverity.Error, "framerate is 2.5; it must be a whole number")]
    [InlineData("""new VimeoImportStep().Path("/videos").FilesPerPage("101")""", "\"101\"", "IMG1309", DiagnosticSeverity.Warning, "files_per_page \"101\" must be at most 100")]
    public async Task A_fragment_checked_number_gets_the_typed_numbers_code_on_the_argument(string step, string argument, string id, DiagnosticSeverity severity, string message)
    {
        var code = Program($$"""return new AssemblyBuilder().Step(new UploadHandleStep()).Step("s", {{step}});""");

        var diagnostic = Assert.Single(await AnalyzeAsync(code));

        Assert.Equal((id, severity), (diagnostic.Id, diagnostic.Severity));
        Assert.Equal(argument, code.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
        Assert.StartsWith(message, diagnostic.GetMessage(CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
    }
}
