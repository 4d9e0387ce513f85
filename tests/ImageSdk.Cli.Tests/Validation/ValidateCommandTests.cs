using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using ImageSdk.Cli;
using Xunit;

namespace ImageSdk.Tests.Validation;

/// <summary>The CLI contract of <c>imagesdk validate FILE... [--json]</c>.</summary>
public class ValidateCommandTests
{
    private static (int ExitCode, string Stdout, string Stderr) Run(string? stdin, params string[] args) => CliHarness.Run(stdin, args);

    private static string CorpusFile(string name) => Path.Combine(Corpus.Directory, name);

    [Fact]
    public void Json_output_is_one_array_in_argument_order_with_the_contract_shape()
    {
        var (code, stdout, _) = Run(null, "validate", CorpusFile("seed-inpaint.json"), CorpusFile("invalid-svg-from-nano-banana.json"), CorpusFile("valid-warning-size-ignored.json"), "--json");

        Assert.Equal(1, code);
        var files = JsonNode.Parse(stdout)!.AsArray();
        Assert.Equal(3, files.Count);
        Assert.Equal(CorpusFile("seed-inpaint.json"), files[0]!["file"]!.GetValue<string>());
        Assert.True(files[0]!["valid"]!.GetValue<bool>());
        Assert.Empty(files[0]!["errors"]!.AsArray());

        Assert.False(files[1]!["valid"]!.GetValue<bool>());
        var error = files[1]!["errors"]!.AsArray().Single()!.AsObject();
        Assert.Equal(new[] { "code", "severity", "path", "line", "column", "message" }, error.Select(p => p.Key));
        Assert.Equal("IMG1502", error["code"]!.GetValue<string>());
        Assert.Equal("error", error["severity"]!.GetValue<string>());
        Assert.Equal("/steps/generated/format", error["path"]!.GetValue<string>());
        Assert.Equal(7, error["line"]!.GetValue<int>());
        Assert.Equal(17, error["column"]!.GetValue<int>());

        Assert.True(files[2]!["valid"]!.GetValue<bool>()); // warnings are listed but do not invalidate
        Assert.Equal("warning", files[2]!["errors"]![0]!["severity"]!.GetValue<string>());
    }

    [Fact]
    public void Human_output_is_msbuild_canonical_lines_then_a_summary()
    {
        var file = CorpusFile("invalid-num-outputs-eleven.json");
        var (code, stdout, _) = Run(null, "validate", file);

        var lines = stdout.TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal(1, code);
        Assert.Equal($"{file}(6,22): error IMG1303: num_outputs is 11; allowed: 1..10", lines[0]);
        Assert.Equal("1 file: 0 valid, 1 invalid; 1 error, 0 warnings.", lines[^1]);
    }

    [Fact]
    public void All_valid_files_exit_0()
    {
        var (code, stdout, _) = Run(null, "validate", CorpusFile("seed-inpaint.json"), CorpusFile("valid-chain.json"));

        Assert.Equal(0, code);
        Assert.Equal("2 files: valid; 0 errors, 0 warnings.", stdout.Trim());
    }

    [Fact]
    public void A_dash_reads_standard_input()
    {
        var (code, stdout, _) = Run("""{"steps": {"g": {"robot": "/image/generate", "prompt": ""}}}""", "validate", "-", "--json");

        Assert.Equal(1, code);
        var file = JsonNode.Parse(stdout)!.AsArray().Single()!;
        Assert.Equal("-", file["file"]!.GetValue<string>());
        Assert.Equal("/steps/g/prompt", file["errors"]![0]!["path"]!.GetValue<string>());
    }

    [Fact]
    public void A_missing_file_is_reported_the_others_are_still_validated_and_the_exit_code_is_2()
    {
        var missing = Path.Combine(Path.GetTempPath(), "imagesdk-no-such-file-" + Guid.NewGuid() + ".json");
        var (code, stdout, stderr) = Run(null, "validate", missing, CorpusFile("invalid-model-unknown.json"), "--json");

        Assert.Equal(2, code);
        Assert.Empty(stderr);
        var files = JsonNode.Parse(stdout)!.AsArray();
        Assert.Equal("IMG1000", files[0]!["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Contains("does not exist", files[0]!["errors"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("IMG1501", files[1]!["errors"]![0]!["code"]!.GetValue<string>());
    }

    [Fact]
    public void Options_turn_unknown_models_into_warnings_and_warnings_into_errors()
    {
        var file = CorpusFile("invalid-model-unknown-dall-e.json");

        Assert.Equal(0, Run(null, "validate", file, "--unknown-models-as-warnings").ExitCode);
        Assert.Equal(1, Run(null, "validate", file, "--unknown-models-as-warnings", "--warnings-as-errors").ExitCode);
    }

    [Fact]
    public void No_file_is_a_usage_error()
    {
        var (code, _, stderr) = Run(null, "validate");

        Assert.Equal(2, code);
        Assert.StartsWith("imagesdk: ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Inputs_that_are_not_json_files_get_true_messages()
    {
        var folder = Path.Combine(Path.GetTempPath(), "imagesdk-validate-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var lone = Path.Combine(folder, "lone.json");
            File.WriteAllText(lone, """{"steps": {"g": {"robot": "/image/generate", "prompt": "ok \ud83d\ude00 \\ud800 \ud800"}}}""");
            var utf16 = Path.Combine(folder, "utf16.json");
            File.WriteAllText(utf16, """{"steps": {}}""", System.Text.Encoding.Unicode);
            var large = Path.Combine(folder, "large.json");
            File.WriteAllBytes(large, new byte[50 * 1024 * 1024]);

            var (code, stdout, _) = Run(null, "validate", lone, utf16, folder, large);

            Assert.Equal(2, code);
            Assert.Contains("lone.json(1,81): error IMG1001: the string holds \\ud800, half of a surrogate pair", stdout, StringComparison.Ordinal);
            Assert.Contains("utf16.json(1,1): error IMG1002: the text is UTF-16 (little-endian, with a byte order mark), not UTF-8", stdout, StringComparison.Ordinal);
            Assert.Contains($"error IMG1000: '{folder}' is a folder, not a file", stdout, StringComparison.Ordinal);
            Assert.Contains("large.json(1,1): error IMG1005: the document is 52,428,800 bytes; the limit is 4,194,304 bytes", stdout, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
