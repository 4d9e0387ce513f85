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
    /// <summary>A misspelt parameter method of an imported robot gets the nearest of its parameters and a fix; a method far from every parameter gets neither.</summary>
    [Theory]
    [InlineData("""new ImageResizeStep().Use(":original").Widht(512)""", "Widht", "/image/resize has no parameter 'Widht' (did you mean 'Width', which sets 'width'?); ImageResizeStep sets: Use, ", "Use 'Width'")]
    [InlineData("""new S3StoreStep().Use(":original").Frobnicate(1)""", "Frobnicate", "/s3/store has no parameter 'Frobnicate'; S3StoreStep sets: ", null)]
    public async Task An_unknown_parameter_method_is_IMG1204_at_the_name_with_the_robots_did_you_mean(string step, string name, string message, string? fix)
    {
        var code = Program($$"""return new AssemblyBuilder().Step(new UploadHandleStep()).Step("s", {{step}});""");

        var diagnostic = Assert.Single(await AnalyzeAsync(code));

        Assert.Equal("IMG1204", diagnostic.Id);
        Assert.Equal(name, code.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
        Assert.StartsWith(message, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(fix is null ? System.Array.Empty<string>() : new[] { fix }, await FixTitlesAsync(code));
    }

    /// <summary>
    /// The name is judged on the receiver's type, wherever the receiver comes from: a step in a local, and a method of another
    /// robot's builder on a chain that the syntax alone would take for a known one.
    /// </summary>
    [Theory]
    [InlineData("""var step = new ImageResizeStep().Use(":original"); step.Widht(512);""", "Widht", "/image/resize has no parameter 'Widht' (did you mean 'Width', which sets 'width'?)")]
    [InlineData("""_ = new ImageResizeStep().Use(":original").Prompt("a cat");""", "Prompt", "/image/resize has no parameter 'Prompt'")]
    [InlineData("""_ = (new ImageResizeStep()).Use(":original").Widht(512);""", "Widht", "/image/resize has no parameter 'Widht' (did you mean 'Width', which sets 'width'?)")]
    public async Task An_unknown_method_on_a_step_in_a_local_or_of_another_robot_is_IMG1204(string statement, string name, string message)
    {
        var code = Program($$"""{{statement}} return new AssemblyBuilder().Step(new UploadHandleStep());""");

        var diagnostic = Assert.Single((await AnalyzeAsync(code)).Where(d => d.Id == "IMG1204"));

        Assert.Equal(name, code.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
        Assert.StartsWith(message, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Names that bind, and names that do not bind on anything but a step builder, get no IMG1204 or IMG1203.</summary>
    [Fact]
    public async Task Calls_that_bind_and_unbound_names_off_the_builders_get_no_did_you_mean()
    {
        var code = Program("""
            System.Console.WriteLine(ImageGenerateInput.Image(":original"));
            var list = new System.Collections.Generic.List<int>();
            list.Add(1);
            list.Frobnicate();
            var builder = new AssemblyBuilder().Step(new UploadHandleStep());
            return builder.Step("g", new ImageGenerateStep().Prompt("a cat").Use(ImageGenerateInput.Image(":original")));
            """);

        var diagnostics = await AnalyzeAsync(code);

        Assert.DoesNotContain(diagnostics, d => d.Id is "IMG1204" or "IMG1203");
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

    /// <summary>The fix writes the did-you-mean in place of the misspelt method or step builder (both with the compiler's error, CS1061 and CS0246).</summary>
    [Theory]
    [InlineData("""new ImageResizeStep().Use(":original").{|CS1061:{|IMG1204:Widht|}|}(512)""", """new ImageResizeStep().Use(":original").Width(512)""", "Use 'Width'")]
    [InlineData("""new {|CS0246:{|IMG1203:S3StorStep|}|}().Use(":original")""", """new S3StoreStep().Use(":original")""", "Use 'S3StoreStep'")]
    public async Task The_fix_renames_the_misspelt_name_to_the_suggestion(string step, string fixedStep, string title)
    {
        await VerifyFixAsync(
            Program($$"""return new AssemblyBuilder().Step(new UploadHandleStep()).Step("s", {{step}});"""),
            Program($$"""return new AssemblyBuilder().Step(new UploadHandleStep()).Step("s", {{fixedStep}});"""),
            title: title);
    }
}
