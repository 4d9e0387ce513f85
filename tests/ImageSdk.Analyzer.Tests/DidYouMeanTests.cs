using System.Linq;
using System.Threading.Tasks;
using static ImageSdk.Analyzer.Tests.AnalyzerVerifier;

namespace ImageSdk.Analyzer.Tests;

/// <summary>
/// The validator's did-you-mean over all robots and all parameters of the step's robot, in C#: a builder method that does
/// not exist (<c>.Widht(512)</c>, the compiler's CS1061) is IMG1204 and a step builder type that does not exist
/// (<c>new ImageResiseStep()</c>, CS0246) is IMG1203, each on the misspelt name alone, with a fix that writes the suggestion.
/// </summary>
public class DidYouMeanTests
{
    [Fact]
    public async Task A_misspelt_parameter_method_of_an_imported_robot_suggests_the_nearest_of_its_parameters_at_the_name()
    {
        var code = Program("""return new AssemblyBuilder().Step(new UploadHandleStep()).Step("thumbs", new ImageResizeStep().Use(":original").Widht(512));""");

        var diagnostic = Assert.Single(await AnalyzeAsync(code));

        Assert.Equal("IMG1204", diagnostic.Id);
        Assert.Equal("Widht", code.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
        Assert.StartsWith("/image/resize has no parameter 'Widht' (did you mean 'Width', which sets 'width'?); ImageResizeStep sets: Use, ", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(new[] { "Use 'Width'" }, await FixTitlesAsync(code));
    }

    [Fact]
    public async Task A_method_far_from_every_parameter_gets_no_suggestion_and_no_fix()
    {
        var code = Program("""return new AssemblyBuilder().Step(new UploadHandleStep()).Step("stored", new S3StoreStep().Use(":original").Frobnicate(1));""");

        var diagnostic = Assert.Single(await AnalyzeAsync(code));

        Assert.Equal("IMG1204", diagnostic.Id);
        Assert.Equal("Frobnicate", code.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
        Assert.StartsWith("/s3/store has no parameter 'Frobnicate'; S3StoreStep sets: ", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty(await FixTitlesAsync(code));
    }

    [Fact]
    public async Task A_misspelt_step_builder_suggests_the_nearest_of_all_robots_at_the_type_name()
    {
        var code = Program("""return new AssemblyBuilder().Step(new UploadHandleStep()).Step("thumbs", new ImageResiseStep().Use(":original"));""");

        var diagnostic = Assert.Single(await AnalyzeAsync(code));

        Assert.Equal("IMG1203", diagnostic.Id);
        Assert.Equal("ImageResiseStep", code.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
        Assert.Equal("no robot has the builder 'ImageResiseStep' (did you mean 'ImageResizeStep', the /image/resize robot?)", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_type_far_from_every_builder_is_left_to_the_compiler()
    {
        var diagnostics = await AnalyzeAsync(Program("""var x = new Frobnicator(); return new AssemblyBuilder().Step(new UploadHandleStep());"""));

        Assert.DoesNotContain(diagnostics, d => d.Id == "IMG1203");
    }

    [Fact]
    public async Task The_fix_renames_a_misspelt_method_to_the_parameter_method()
    {
        await VerifyFixAsync(
            Program("""return new AssemblyBuilder().Step(new UploadHandleStep()).Step("thumbs", new ImageResizeStep().Use(":original").{|CS1061:{|IMG1204:Widht|}|}(512));"""),
            Program("""return new AssemblyBuilder().Step(new UploadHandleStep()).Step("thumbs", new ImageResizeStep().Use(":original").Width(512));"""),
            title: "Use 'Width'");
    }

    [Fact]
    public async Task The_fix_renames_a_misspelt_step_builder_to_the_robots_builder()
    {
        await VerifyFixAsync(
            Program("""return new AssemblyBuilder().Step(new UploadHandleStep()).Step("stored", new {|CS0246:{|IMG1203:S3StorStep|}|}().Use(":original"));"""),
            Program("""return new AssemblyBuilder().Step(new UploadHandleStep()).Step("stored", new S3StoreStep().Use(":original"));"""),
            title: "Use 'S3StoreStep'");
    }
}
