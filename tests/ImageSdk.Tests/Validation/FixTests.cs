using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using ImageSdk.Validation;
using Xunit;

namespace ImageSdk.Tests.Validation;

/// <summary><see cref="AssemblyFixer"/>: the analyzer's fixes applied to JSON text, nothing else touched.</summary>
public class FixTests
{
    private const string Broken = FixExamples.Broken;

    private const string Fixed = FixExamples.Fixed;

    [Fact]
    public void Each_fix_of_the_analyzer_changes_only_its_token_and_the_result_is_valid()
    {
        var result = AssemblyFixer.Fix(Encoding.UTF8.GetBytes(Broken));

        Assert.Equal(Fixed, Encoding.UTF8.GetString(result.Utf8Json));
        Assert.True(result.Remaining.IsValid, string.Join("; ", result.Remaining.Findings));
        Assert.Empty(result.Remaining.Findings);
        Assert.Equal(
            new[]
            {
                ("IMG1501", "/steps/generated/model", "\"google/nano-banan\"", "\"google/nano-banana\""),
                ("IMG1204", "/steps/generated/num_output", "\"num_output\"", "\"num_outputs\""),
                ("IMG1303", "/steps/generated/width", "0", "1"),
                ("IMG1402", "/steps/second/use", "\"generatd\"", "\"generated\""),
                ("IMG1303", "/steps/second/num_outputs", "12", "10"),
                ("IMG1308", "/steps/second/seed", "4.6", "5"),
                ("IMG1502", "/steps/third/format", "", "\"model\": \"recraft-v3\""), // no model named: one that draws svg
                ("IMG1309", "/steps/third/num_outputs", "\"11\"", "\"10\""), // a string stays a string
                ("IMG1502", "/steps/generated/format", "\"svg\"", "\"png\""), // round two: the corrected model's own format
            },
            result.Fixes.Select(f => (f.Code, f.Path, f.Before, f.After)));
        Assert.Equal((5, 37), (result.Fixes[0].Line, result.Fixes[0].Column));
    }

    /// <summary>
    /// The issue's case: svg on an inpainting step. recraft-v3 draws svg but takes no image and no mask (two new IMG1503
    /// errors), so the one planned fix is the model's own format, whether the step names the model or takes the default.
    /// </summary>
    [Theory]
    [InlineData("")]
    [InlineData("\"model\": \"google/nano-banana-pro\", ")]
    public void Svg_on_an_inpainting_step_takes_the_models_format_never_a_model_that_takes_no_inputs(string model)
    {
        var text = """{"steps": {":original": {"robot": "/upload/handle"}, "inpainted": {"robot": "/image/generate", "use": [{"name": ":original", "as": "image"}, {"name": ":original", "as": "mask"}], """
            + model + "\"prompt\": \"x\", \"format\": \"svg\"}}}";

        var result = AssemblyFixer.Fix(Encoding.UTF8.GetBytes(text));

        Assert.Equal(text.Replace("\"svg\"", "\"png\"", StringComparison.Ordinal), Encoding.UTF8.GetString(result.Utf8Json));
        Assert.Equal(("IMG1502", "/steps/inpainted/format", "\"svg\"", "\"png\""), Assert.Single(result.Fixes.Select(f => (f.Code, f.Path, f.Before, f.After))));
        Assert.Empty(result.Remaining.Findings);
    }

    [Fact]
    public void A_did_you_mean_that_would_bring_an_error_of_its_own_is_not_made()
    {
        // The inpainting model needs image and mask inputs, which this step does not give: the correction would trade IMG1501 for IMG1504.
        var text = """{"steps": {"g": {"robot": "/image/generate", "prompt": "x", "model": "stability-ai/stable-diffusion-inpaintin"}}}""";

        var result = AssemblyFixer.Fix(Encoding.UTF8.GetBytes(text));

        Assert.Empty(result.Fixes);
        Assert.Equal("IMG1501", Assert.Single(result.Remaining.Findings).Code);
    }

    [Fact]
    public void A_fix_that_reveals_an_error_with_a_fix_of_its_own_is_made_and_so_is_that_fix()
    {
        // An unknown parameter's value is not checked; once renamed, 42 is out of range and is clamped in the next round.
        var text = """{"steps": {"g": {"robot": "/image/generate", "prompt": "x", "num_output": 42}}}""";

        var result = AssemblyFixer.Fix(Encoding.UTF8.GetBytes(text));

        Assert.Equal("""{"steps": {"g": {"robot": "/image/generate", "prompt": "x", "num_outputs": 10}}}""", Encoding.UTF8.GetString(result.Utf8Json));
        Assert.Equal(new[] { "IMG1204", "IMG1303" }, result.Fixes.Select(f => f.Code));
        Assert.Empty(result.Remaining.Findings);
    }

    [Fact]
    public void What_has_no_fix_stays_and_a_byte_order_mark_is_kept()
    {
        var text = "\uFEFF{\"steps\": {\"g\": {\"robot\": \"/image/generate\", \"prompt\": \"\", \"modle\": \"flux-schnell\"}}}";
        var result = AssemblyFixer.Fix(Encoding.UTF8.GetBytes(text));

        Assert.Equal(Encoding.UTF8.GetBytes(text.Replace("modle", "model", StringComparison.Ordinal)), result.Utf8Json);
        Assert.Equal("IMG1304", Assert.Single(result.Remaining.Findings).Code); // an empty prompt has no fix
        Assert.False(result.Remaining.IsValid);
    }

    [Fact]
    public void A_misspelt_robot_and_a_misspelt_listed_value_take_their_did_you_mean()
    {
        var text = """
            {"steps": {":original": {"robot": "/upload/handle"},
              "thumb": {"robot": "/image/resize", "use": ":original", "width": 256, "resize_strategy": "fitt", "watermark_position": ["top-lft"]},
              "exported": {"robot": "/s3/stor", "use": "thumb", "credentials": "my_s3"}}}
            """;

        var result = AssemblyFixer.Fix(Encoding.UTF8.GetBytes(text));

        Assert.Equal(
            text.Replace("\"fitt\"", "\"fit\"", StringComparison.Ordinal).Replace("\"top-lft\"", "\"top-left\"", StringComparison.Ordinal).Replace("\"/s3/stor\"", "\"/s3/store\"", StringComparison.Ordinal),
            Encoding.UTF8.GetString(result.Utf8Json));
        Assert.Equal(
            new[]
            {
                ("IMG1306", "/steps/thumb/resize_strategy", "\"fitt\"", "\"fit\""),
                ("IMG1306", "/steps/thumb/watermark_position/0", "\"top-lft\"", "\"top-left\""), // a listed string of a schema fragment's array
                ("IMG1203", "/steps/exported/robot", "\"/s3/stor\"", "\"/s3/store\""),
            },
            result.Fixes.Select(f => (f.Code, f.Path, f.Before, f.After)).OrderBy(f => f.Path.StartsWith("/steps/exported", StringComparison.Ordinal)));
        Assert.Empty(result.Remaining.Findings);
    }

    [Fact]
    public void A_robot_did_you_mean_that_would_bring_errors_is_not_made()
    {
        // /image/resiz is nearest /image/resize, which has no "prompt": the correction would trade IMG1203 for IMG1204.
        var text = """{"steps": {":original": {"robot": "/upload/handle"}, "g": {"robot": "/image/resiz", "use": ":original", "prompt": "x"}}}""";

        var result = AssemblyFixer.Fix(Encoding.UTF8.GetBytes(text));

        Assert.Empty(result.Fixes);
        Assert.Equal(text, Encoding.UTF8.GetString(result.Utf8Json));
        Assert.Equal("IMG1203", Assert.Single(result.Remaining.Findings).Code);
    }

    [Fact]
    public void A_name_whose_did_you_mean_is_already_set_is_not_renamed_into_a_duplicate()
    {
        var text = """{"steps": {"g": {"robot": "/image/generate", "prompt": "x", "num_outputs": 2, "num_output": 3}}}""";

        var result = AssemblyFixer.Fix(Encoding.UTF8.GetBytes(text));

        Assert.Empty(result.Fixes);
        Assert.Equal(text, Encoding.UTF8.GetString(result.Utf8Json));
        Assert.Equal("IMG1204", Assert.Single(result.Remaining.Findings).Code);
    }
}

/// <summary>Transloadit's partial interpolation, <c>/\${.+}/</c>: a string holds a variable only with something between the braces.</summary>
public class InterpolationFormTests
{
    [Theory]
    [InlineData("${fields.x}", true, true)]
    [InlineData("a ${fields.x} b", true, false)]
    [InlineData("${x}", true, true)]
    [InlineData("${}", false, false)]
    [InlineData("ends with ${", false, false)]
    [InlineData("${", false, false)]
    [InlineData("$", false, false)]
    [InlineData("{x}", false, false)]
    public void A_variable_is_found_anywhere_in_a_string_and_whole_only_alone(string text, bool anywhere, bool whole)
    {
        Assert.Equal(anywhere, ImageSdk.Tables.SchemaTables.ContainsInterpolation(text));
        Assert.Equal(whole, ImageSdk.Tables.SchemaTables.IsInterpolation(text));
    }
}
