using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using Xunit;

namespace ImageSdk.Tests;

/// <summary>Usage as a person meets it: the name, unknown options, the version, messages in our words; and <c>imagesdk generate</c>.</summary>
public sealed class CliUsageTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("imagesdk-cli-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    /// <summary>Runs the command line with <paramref name="arguments"/> split at '|', SAMPLE standing for the seed assembly.</summary>
    private static (int Code, string Stdout, string Stderr) Run(string arguments)
    {
        var sample = Samples.Path("assemblies/seed-inpaint.json");
        return CliHarness.Run(null, arguments.Split('|').Select(a => a == "SAMPLE" ? sample : a).ToArray());
    }

    [Fact]
    public void Help_names_the_tool_imagesdk()
    {
        var (code, stdout, _) = CliHarness.Run(null, "--help");

        Assert.Equal(0, code);
        Assert.Contains("imagesdk [command] [options]", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("ImageSdk.Cli", stdout, StringComparison.Ordinal);
        Assert.Contains("Transloadit Assembly Instructions with every robot", stdout, StringComparison.Ordinal); // not one robot: the tool judges, transpiles and runs them all
        Assert.Contains("imagesdk validate <FILE>...", CliHarness.Run(null, "validate", "--help").Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("run", "--file <[FIELD=]PATH>", "--field <NAME=VALUE>", "--out <DIR>", "--endpoint <URL>", "--input <PATH>", "--concurrency <N>")]
    [InlineData("generate", "--input <[FIELD=]PATH>", "-o, --output <PATH>")]
    [InlineData("transpile", "-o, --output <PATH>")]
    public void Help_shows_what_an_option_takes_not_its_own_name_again(string command, params string[] expected)
    {
        var (code, stdout, _) = CliHarness.Run(null, command, "--help");

        Assert.Equal(0, code);
        Assert.All(expected, e => Assert.Contains(e, stdout, StringComparison.Ordinal));
        Assert.DoesNotContain("<o>", stdout, StringComparison.Ordinal); // was: -o, --output <o>
        Assert.DoesNotContain("--file <file>", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_command_the_help_lists_is_built_when_it_is_the_first_argument()
    {
        // The CLI builds only the command its first argument names (start-up), by a table of names: each name the root's
        // help lists must reach its own command.
        var help = CliHarness.Run(null, "--help").Stdout;
        var names = help[help.IndexOf("Commands:", StringComparison.Ordinal)..].Split('\n').Skip(1)
            .Where(l => l.StartsWith("  ", StringComparison.Ordinal) && !l.StartsWith("   ", StringComparison.Ordinal))
            .Select(l => l.Trim().Split(' ')[0]).ToList();

        Assert.Equal(new[] { "assemblies", "generate", "models", "providers", "robots", "run", "schema", "transpile", "validate" }, names.Order(StringComparer.Ordinal));
        foreach (var name in names)
        {
            var (code, stdout, stderr) = CliHarness.Run(null, name, "--help");
            Assert.True(code == 0, name + ": " + stderr);
            Assert.Contains("imagesdk " + name, stdout, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("validate", "imagesdk: 'validate' needs FILE: Assembly JSON files; - reads standard input.\nRun 'imagesdk validate --help' for usage.\n")]
    [InlineData("assemblies|get", "imagesdk: 'assemblies get' needs ID: The assembly id, or its assembly_ssl_url.\nRun 'imagesdk assemblies get --help' for usage.\n")]
    [InlineData("run|SAMPLE|--file", "imagesdk: --file needs a value: An upload, as [FIELD=]PATH; it becomes a :original result. Repeatable.\nRun 'imagesdk run --help' for usage.\n")]
    [InlineData("robots|/image/resize|/s3/store", "imagesdk: 'robots' does not take the argument '/s3/store'\nRun 'imagesdk robots --help' for usage.\n")]
    [InlineData("valdate|SAMPLE", "imagesdk: unknown command 'valdate' (did you mean 'validate'?); commands: run, generate, validate, models, robots, schema, transpile, providers, assemblies\nRun 'imagesdk --help' for usage.\n")]
    public void A_usage_error_says_what_is_missing_or_unknown_in_the_help_words_and_which_help_to_read(string arguments, string expected)
    {
        var (code, stdout, stderr) = Run(arguments);

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Equal(expected, stderr.Replace("\r", string.Empty, StringComparison.Ordinal)); // not "Required argument missing for command: 'validate'."
    }

    [Theory]
    [InlineData("generate|--prompt|x|--width|abc", "imagesdk: --width: 'abc' is not a whole number\n")]
    [InlineData("generate|--prompt|x|--num-outputs|2.5", "imagesdk: --num-outputs: '2.5' is not a whole number\n")]
    [InlineData("generate|--prompt|x|--seed|99999999999999999999", "imagesdk: --seed: 99999999999999999999 is out of range\n")]
    [InlineData("run|SAMPLE|--input|SAMPLE|--concurrency|3000000000", "imagesdk: --concurrency: 3000000000 is out of range\n")]
    public void A_number_option_given_something_else_says_so_in_words_not_the_type_name(string arguments, string expected)
    {
        var (code, _, stderr) = Run(arguments);

        Assert.Equal(2, code);
        Assert.StartsWith(expected, stderr.Replace("\r", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("System.", stderr, StringComparison.Ordinal); // never "System.Nullable`1[System.Int64]"
    }

    [Theory]
    [InlineData("run|SAMPLE|--input|SAMPLE|--concurrency|-3", 2, "imagesdk: --concurrency must be at least 1")]
    [InlineData("generate|--prompt|x|--width|-5", 1, "imagesdk: error IMG1303: --width: width is -5; allowed: >= 1")]
    public void A_negative_number_is_the_options_value_judged_as_such_not_an_unknown_option(string arguments, int exitCode, string expected)
    {
        var (code, _, stderr) = Run(arguments);

        Assert.Equal(exitCode, code);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("unknown option", stderr, StringComparison.Ordinal); // was: unknown option '-3' for 'run' (did you mean '-h'?)
    }

    [Theory]
    [InlineData("validate|SAMPLE|--strict", "unknown option '--strict' for 'validate'")]
    [InlineData("run|--jsno|SAMPLE", "unknown option '--jsno' for 'run' (did you mean '--json'?)")]
    [InlineData("generate|--prompt|x|--num-output|2", "unknown option '--num-output' for 'generate' (did you mean '--num-outputs'?)")]
    public void An_unknown_option_is_named_as_an_unknown_option_with_a_did_you_mean(string arguments, string expected)
    {
        var (code, stdout, stderr) = Run(arguments);

        Assert.Equal(2, code);
        Assert.Contains("imagesdk: " + expected, stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("does not exist", stdout + stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Version_prints_the_package_version()
    {
        var (code, stdout, _) = CliHarness.Run(null, "--version");

        Assert.Equal(0, code);
        Assert.StartsWith("0.1.0-preview.1", stdout.Trim(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"steps": {},}""", "a trailing comma")]
    [InlineData("{\"steps\": {} // note\n}", "a comment")]
    [InlineData("""{"steps": {""", "the text ends inside an object or array")]
    public void Syntax_errors_are_told_in_our_words_not_the_json_readers(string json, string expected)
    {
        var (code, stdout, _) = CliHarness.Run(json, "validate", "-");

        Assert.Equal(1, code);
        Assert.Contains("error IMG1001: invalid JSON: " + expected, stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("reader options", stdout, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("in this mode", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_writes_the_requested_number_of_files_into_a_folder_or_one_file_where_asked()
    {
        var folder = Path.Combine(_work, "many");
        var one = Path.Combine(_work, "one.webp");

        var (code, stdout, _) = CliHarness.Run(null, "generate", "--prompt", "A red fox", "--model", "flux-schnell", "--num-outputs", "3", "--seed", "7", "-o", folder, "--provider", "offline");
        Assert.Equal(0, code);
        Assert.Equal(3, Directory.GetFiles(folder, "*.jpg").Length);
        Assert.Equal(3, stdout.Split('\n').Count(l => l.StartsWith("wrote ", StringComparison.Ordinal)));

        (code, _, _) = CliHarness.Run(null, "generate", "--prompt", "A red fox", "--format", "webp", "-o", one, "--provider", "offline");
        Assert.Equal(0, code);
        Assert.Equal("RIFF", System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(one), 0, 4));
        Assert.Equal(new[] { "many", "one.webp" }, Directory.EnumerateFileSystemEntries(_work).Select(Path.GetFileName).Order(StringComparer.Ordinal)); // no work folder left
    }

    [Fact]
    public void Generate_edits_an_input_image_and_prints_the_result_json_with_paths()
    {
        var edited = Path.Combine(_work, "edited.png");

        var (code, stdout, _) = CliHarness.Run(null, "generate", "--prompt", "Fill the hole with sea", "--model", "google/nano-banana", "--input", Samples.CoastWithHole, "-o", edited, "--json", "--provider", "offline");

        Assert.Equal(0, code);
        var result = JsonNode.Parse(stdout)!;
        var file = result["results"]!["generated"]!.AsArray().Single()!;
        Assert.Equal(edited, file["path"]!.GetValue<string>());
        Assert.Equal("coast-with-hole.png", result["uploads"]![0]!["name"]!.GetValue<string>());
        using var image = SixLabors.ImageSharp.Image.Load(edited);
        using var original = SixLabors.ImageSharp.Image.Load(Samples.CoastWithHole);
        Assert.Equal((original.Width, original.Height), (image.Width, image.Height)); // an edit keeps its input's size
    }

    [Fact]
    public void Generate_names_the_option_a_finding_is_about()
    {
        var (code, _, stderr) = CliHarness.Run(null, "generate", "--prompt", "x", "--format", "svg", "-o", Path.Combine(_work, "x.svg"));

        Assert.Equal(1, code);
        Assert.Contains("imagesdk: error IMG1502: --format: google/nano-banana cannot deliver format 'svg'", stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_work));
    }
}

/// <summary><c>imagesdk models [MODEL]</c>: one model in full, and a listing that never breaks a word in 80 columns.</summary>
public sealed class ModelsCommandDetailTests
{
    [Fact]
    public void Models_MODEL_lists_routes_ratios_and_styles_in_full()
    {
        var (code, stdout, _) = CliHarness.Run(null, "models", "recraft-v3");

        Assert.Equal(0, code);
        Assert.Contains("aspect ratios:   1:1, 4:3, 3:4, 3:2, 2:3, 16:9, 9:16, 1:2, 2:1, 7:5, 5:7, 4:5, 5:4, 3:5, 5:3 (default 1:1)", stdout, StringComparison.Ordinal);
        Assert.Contains("digital_illustration/pixel_art", stdout, StringComparison.Ordinal);
        Assert.Contains("styles for svg:  any, engraving, line_art", stdout, StringComparison.Ordinal);
        Assert.Contains("route replicate: recraft-ai/recraft-v3", stdout, StringComparison.Ordinal);
        Assert.Contains("svg from recraft-ai/recraft-v3-svg", stdout, StringComparison.Ordinal);

        var json = JsonNode.Parse(CliHarness.Run(null, "models", "gpt-image-2", "--json").Stdout)!;
        Assert.Equal("openai/gpt-image-2", json["id"]!.GetValue<string>()); // by alias, one object
    }

    [Fact]
    public void An_unknown_model_is_a_usage_error_with_a_did_you_mean()
    {
        var (code, _, stderr) = CliHarness.Run(null, "models", "flux-schnel");

        Assert.Equal(2, code);
        Assert.Contains("unknown model 'flux-schnel' (did you mean 'flux-schnell'?)", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void In_80_columns_the_listing_breaks_lines_between_words_only()
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(CliHarness.Dll);
        start.ArgumentList.Add("models");
        start.Environment["COLUMNS"] = "80";
        using var process = System.Diagnostics.Process.Start(start)!;
        var lines = process.StandardOutput.ReadToEnd().TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        process.WaitForExit();

        Assert.Equal(0, process.ExitCode);
        Assert.All(lines, l => Assert.True(l.Length <= 80, l));
        var words = string.Join(" ", lines).Split(new[] { ' ', ',', ';', '(', ')' }, StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        foreach (var model in ImageSdk.Tables.SchemaTables.Models)
        {
            Assert.Contains(model.Id, words);
            Assert.All(model.Capabilities.Formats, f => Assert.Contains(f, words));
        }
    }
}
