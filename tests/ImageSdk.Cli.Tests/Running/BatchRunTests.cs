using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Xunit;

namespace ImageSdk.Tests.Running;

/// <summary><c>imagesdk run ASSEMBLY --input PATH...</c>: one assembly per image, fresh ones skipped, bounded concurrency, one assembly for all, and --watch.</summary>
public sealed class BatchRunTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("imagesdk-batch-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private string Inputs()
    {
        var inputs = Path.Combine(_work, "in");
        Directory.CreateDirectory(Path.Combine(inputs, "sub"));
        foreach (var name in new[] { "a.png", "b.png", "sub/c.png" })
        {
            File.Copy(Samples.CoastWithHole, Path.Combine(inputs, name));
        }

        File.WriteAllText(Path.Combine(inputs, "notes.txt"), "not an image");
        return inputs;
    }

    private static (int Code, string Stdout, string Stderr) Run(params string[] args) => CliHarness.Run(null, args);

    [Fact]
    public void Each_image_gets_its_own_assembly_and_folder_and_a_second_run_skips_the_fresh_ones()
    {
        var inputs = Inputs();
        var output = Path.Combine(_work, "out");
        var seed = Samples.Path("assemblies/seed-inpaint.json");

        var (code, stdout, _) = Run("run", seed, "--input", inputs, "--recursive", "--out", output, "--concurrency", "2", "--json");

        Assert.Equal(0, code);
        var outcomes = JsonNode.Parse(stdout)!.AsArray();
        Assert.Equal(new[] { "a.png", "b.png", Path.Combine("sub", "c.png") }, outcomes.Select(o => o!["input"]!.GetValue<string>()));
        Assert.All(outcomes, o => Assert.Equal("ASSEMBLY_COMPLETED", o!["result"]!["ok"]!.GetValue<string>()));
        Assert.True(File.Exists(Path.Combine(output, "a.png", "inpainted", "a.png")));
        Assert.True(File.Exists(Path.Combine(output, "sub", "c.png", "inpainted", "c.png")));

        (code, stdout, _) = Run("run", seed, "--input", inputs, "--recursive", "--out", output);
        Assert.Equal(0, code);
        Assert.Contains("0 ran, 3 skipped", stdout, StringComparison.Ordinal);

        File.SetLastWriteTimeUtc(Path.Combine(inputs, "b.png"), DateTime.UtcNow.AddMinutes(5)); // changed after its outputs
        (code, stdout, _) = Run("run", seed, "--input", inputs, "--recursive", "--out", output);
        Assert.Contains("1 ran, 2 skipped", stdout, StringComparison.Ordinal);

        (code, stdout, _) = Run("run", seed, "--input", inputs, "--out", output, "--reprocess-all");
        Assert.Contains("2 ran, 0 skipped", stdout, StringComparison.Ordinal); // not --recursive: sub/ is left alone
        Assert.Equal(2, Directory.GetFiles(Path.Combine(output, "a.png", "inpainted")).Length); // a second file beside the first, never over it
    }

    [Fact]
    public void A_skipped_input_names_the_option_that_runs_it_again_as_the_help_lists_it()
    {
        var inputs = Path.Combine(_work, "one");
        Directory.CreateDirectory(inputs);
        File.Copy(Samples.CoastWithHole, Path.Combine(inputs, "a.png"));
        var seed = Samples.Path("assemblies/seed-inpaint.json");
        var output = Path.Combine(_work, "out");
        Assert.Equal(0, Run("run", seed, "--input", inputs, "--out", output).Code);

        var (code, stdout, _) = Run("run", seed, "--input", inputs, "--out", output);

        Assert.Equal(0, code);
        Assert.Contains("a.png: skipped, its outputs in ", stdout, StringComparison.Ordinal);
        Assert.Contains("are newer (--reprocess-all runs it again)", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("--reprocess-stale", stdout, StringComparison.Ordinal); // the hidden former name
    }

    [Fact]
    public void A_folder_of_only_subfolders_without_recursive_hints_at_it_and_the_old_reprocess_name_is_a_hidden_alias()
    {
        var inputs = Path.Combine(_work, "nested");
        Directory.CreateDirectory(Path.Combine(inputs, "day1"));
        File.Copy(Samples.CoastWithHole, Path.Combine(inputs, "day1", "a.png"));
        var seed = Samples.Path("assemblies/seed-inpaint.json");
        var output = Path.Combine(_work, "out");

        var (code, stdout, stderr) = Run("run", seed, "--input", inputs, "--out", output);

        Assert.Equal(0, code);
        Assert.Contains("0 ran", stdout, StringComparison.Ordinal);
        Assert.Contains("1 subfolder(s) that were not read; add --recursive", stderr, StringComparison.Ordinal);

        (code, stdout, stderr) = Run("run", seed, "--input", inputs, "--out", output, "--recursive", "--reprocess-stale");
        Assert.Equal(0, code);
        Assert.Contains("1 ran", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("--recursive", stderr, StringComparison.Ordinal);

        (_, stdout, _) = Run("run", "--help");
        Assert.Contains("--reprocess-all", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("--reprocess-stale", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Single_assembly_runs_every_input_as_an_upload_of_one_assembly()
    {
        var inputs = Inputs();
        var output = Path.Combine(_work, "out");

        var (code, stdout, _) = Run("run", Samples.Path("assemblies/seed-inpaint.json"), "--input", inputs, "--out", output, "--single-assembly", "--json");

        Assert.Equal(0, code);
        var outcome = JsonNode.Parse(stdout)!.AsArray().Single()!;
        Assert.Equal(2, outcome["result"]!["uploads"]!.AsArray().Count);
        Assert.Equal(2, Directory.GetFiles(Path.Combine(output, "inpainted")).Length);
    }

    [Fact]
    public void A_missing_input_is_a_usage_error_and_a_failing_input_fails_the_batch()
    {
        Assert.Equal(2, Run("run", Samples.Path("assemblies/seed-inpaint.json"), "--input", Path.Combine(_work, "nope")).Code);

        // A step the local runner cannot run (a variable only Transloadit fills) fails its assembly; the others still run.
        var inputs = Inputs();
        var assembly = Path.Combine(_work, "per-file.json");
        File.WriteAllText(assembly, """{"steps": {"g": {"robot": "/image/generate", "prompt": "Like ${file.name}", "use": ":original"}}}""");
        var (code, stdout, _) = Run("run", assembly, "--input", inputs, "--out", Path.Combine(_work, "out"));
        Assert.Equal(1, code);
        Assert.Contains("a.png: ASSEMBLY_VARIABLE_UNSUPPORTED", stdout, StringComparison.Ordinal);
        Assert.Contains("0 ran, 0 skipped (outputs newer than the input), 2 failed.", stdout, StringComparison.Ordinal);
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    [Fact]
    public async Task Watch_runs_images_that_arrive_until_it_is_stopped()
    {
        var inputs = Path.Combine(_work, "drop");
        Directory.CreateDirectory(inputs);
        var output = Path.Combine(_work, "out");
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { CliHarness.Dll, "run", Samples.Path("assemblies/seed-inpaint.json"), "--input", inputs, "--out", output, "--watch" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = process.StandardOutput;
        Assert.Contains("watching", await stdout.ReadLineAsync(), StringComparison.Ordinal);

        File.Copy(Samples.CoastWithHole, Path.Combine(inputs, "arrived.png"));
        var line = await stdout.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.StartsWith("arrived.png: 1 file(s)", line, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(output, "arrived.png", "inpainted", "arrived.png")));

        Assert.Equal(0, Kill(process.Id, 15)); // SIGTERM stops the watch, which reports
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(20)));
        Assert.Equal(130, process.ExitCode);
        Assert.Contains("1 ran, 0 skipped", await stdout.ReadToEndAsync(), StringComparison.Ordinal);
    }
}
