using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using ImageSdk.Validation;
using Xunit;

namespace ImageSdk.Tests.Validation;

/// <summary><c>imagesdk validate --fix</c> and <see cref="AssemblyFixer"/>: the analyzer's fixes applied to JSON text, nothing else touched.</summary>
public class FixTests
{
    // Odd spacing and key order on purpose: the fixer must keep every byte it does not fix.
    private const string Broken = """
        {
          "steps": {
            "generated": {
              "robot": "/image/generate",
              "prompt": "A fox",   "model": "google/nano-banan",
              "num_output": 4,
              "width": 0,
              "format": "svg"
            },
            "second": { "robot": "/image/generate", "prompt": "x", "use": "generatd", "num_outputs": 12, "seed": 4.6 },
            "third": { "robot": "/image/generate", "prompt": "x", "format": "svg", "num_outputs": "11" }
          }
        }
        """;

    private const string Fixed = """
        {
          "steps": {
            "generated": {
              "robot": "/image/generate",
              "prompt": "A fox",   "model": "google/nano-banana",
              "num_outputs": 4,
              "width": 1,
              "format": "png"
            },
            "second": { "robot": "/image/generate", "prompt": "x", "use": "generated", "num_outputs": 10, "seed": 5 },
            "third": { "robot": "/image/generate", "prompt": "x", "model": "recraft-v3", "format": "svg", "num_outputs": "10" }
          }
        }
        """;

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
    public void A_name_whose_did_you_mean_is_already_set_is_not_renamed_into_a_duplicate()
    {
        var text = """{"steps": {"g": {"robot": "/image/generate", "prompt": "x", "num_outputs": 2, "num_output": 3}}}""";

        var result = AssemblyFixer.Fix(Encoding.UTF8.GetBytes(text));

        Assert.Empty(result.Fixes);
        Assert.Equal(text, Encoding.UTF8.GetString(result.Utf8Json));
        Assert.Equal("IMG1204", Assert.Single(result.Remaining.Findings).Code);
    }

    [Fact]
    public void Validate_fix_rewrites_the_file_in_place_prints_the_changes_and_exits_by_what_remains()
    {
        var directory = Directory.CreateTempSubdirectory("imagesdk-fix-").FullName;
        try
        {
            var fixable = Path.Combine(directory, "fixable.json");
            var stuck = Path.Combine(directory, "stuck.json");
            var clean = Path.Combine(directory, "clean.json");
            File.WriteAllText(fixable, Broken);
            File.WriteAllText(stuck, """{"steps": {"g": {"robot": "/image/generate", "prompt": "", "model": "flux-schnel"}}}""");
            File.WriteAllText(clean, Fixed);
            var cleanWritten = File.GetLastWriteTimeUtc(clean);

            var (code, stdout, _) = CliHarness.Run(null, "validate", "--fix", fixable, clean);
            Assert.Equal(0, code);
            Assert.Equal(Fixed, File.ReadAllText(fixable));
            Assert.Contains($"{fixable}(5,37): fixed IMG1501: /steps/generated/model: \"google/nano-banan\" -> \"google/nano-banana\"", stdout, StringComparison.Ordinal);
            Assert.Equal(cleanWritten, File.GetLastWriteTimeUtc(clean)); // nothing to fix: not written
            Assert.Empty(Directory.GetFiles(directory, "*.tmp"));

            (code, stdout, _) = CliHarness.Run(null, "validate", "--fix", stuck);
            Assert.Equal(1, code); // the model is fixed, the empty prompt remains
            Assert.Contains("fixed IMG1501", stdout, StringComparison.Ordinal);
            Assert.Contains("error IMG1304", stdout, StringComparison.Ordinal);
            Assert.Contains("\"flux-schnell\"", File.ReadAllText(stuck), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Validate_fix_of_standard_input_writes_the_json_to_stdout_and_the_report_to_stderr()
    {
        var (code, stdout, stderr) = CliHarness.Run(Broken, "validate", "--fix", "-", "--json");

        Assert.Equal(0, code);
        Assert.Equal(Fixed, stdout);
        var report = JsonNode.Parse(stderr[stderr.IndexOf('[', StringComparison.Ordinal)..])!.AsArray().Single()!;
        Assert.True(report["valid"]!.GetValue<bool>());
        Assert.Equal(9, report["fixed"]!.AsArray().Count);
        Assert.Equal("\"google/nano-banana\"", report["fixed"]![0]!["after"]!.GetValue<string>());
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
