using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using Xunit;

namespace ImageSdk.Tests.Validation;

/// <summary><c>imagesdk validate --fix</c>: the file rewritten in place, or standard input fixed to standard output.</summary>
public class ValidateFixCommandTests
{
    private const string Broken = FixExamples.Broken;

    private const string Fixed = FixExamples.Fixed;

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
