using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using ImageSdk.Cli;
using ImageSdk.Cli.Commands;
using Xunit;

namespace ImageSdk.Tests.Running;

/// <summary>The CLI contract of <c>imagesdk run</c>.</summary>
public sealed class RunCommandTests : IDisposable
{
    private readonly string _out = Path.Combine(Path.GetTempPath(), "imagesdk-cli-run-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_out))
        {
            Directory.Delete(_out, recursive: true);
        }
    }

    private static string Sample(string relative) => Samples.Path(relative);

    private static (int ExitCode, string Stdout, string Stderr) Run(params string[] args) => CliHarness.Run(null, args);

    [Fact]
    public void Json_prints_only_the_result_with_a_path_on_every_file_written_under_out_step()
    {
        var (code, stdout, _) = Run("run", Sample("assemblies/seed-inpaint.json"), "--file", "photo=" + Sample("images/coast-with-hole.png"), "--out", _out, "--json");

        Assert.Equal(0, code);
        var result = JsonNode.Parse(stdout)!;
        Assert.Equal("ASSEMBLY_COMPLETED", result["ok"]!.GetValue<string>());
        Assert.True(result["offline"]!.GetValue<bool>());
        var upload = result["uploads"]![0]!;
        Assert.Equal("photo", upload["field"]!.GetValue<string>());
        var file = result["results"]!["inpainted"]![0]!;
        foreach (var key in new[] { "id", "name", "basename", "ext", "size", "mime", "type", "field", "original_id", "meta", "path" })
        {
            Assert.True(file.AsObject().ContainsKey(key), "missing " + key);
        }

        var path = file["path"]!.GetValue<string>();
        Assert.Equal(Path.Combine(Path.GetFullPath(_out), "inpainted"), Path.GetDirectoryName(path));
        Assert.True(File.Exists(path));
        Assert.Equal(upload["id"]!.GetValue<string>(), file["original_id"]!.GetValue<string>());
    }

    [Fact]
    public void A_remote_only_steps_finding_has_a_json_pointer_path_as_validates_findings_do()
    {
        var assembly = Path.Combine(Directory.CreateDirectory(_out).FullName, "export.json");
        File.WriteAllText(assembly, """
            {"steps": {
              "g": {"robot": "/image/generate", "model": "flux-schnell", "prompt": "x"},
              "to/s3": {"robot": "/s3/store", "use": "g", "credentials": "my_s3"}}}
            """);

        var (code, stdout, _) = Run("run", assembly, "--out", _out, "--json");

        Assert.Equal(1, code);
        var finding = JsonNode.Parse(stdout)!["findings"]!.AsArray().Single()!;
        Assert.Equal("ROBOT_REMOTE_ONLY", finding["code"]!.GetValue<string>());
        Assert.Equal("/steps/to~1s3", finding["path"]!.GetValue<string>()); // RFC 6901: '/' in a name is ~1
        Assert.Equal((3, 3), (finding["line"]!.GetValue<int>(), finding["column"]!.GetValue<int>()));
    }

    [Fact]
    public void A_run_whose_steps_use_original_without_a_file_warns_and_names_file()
    {
        var (code, stdout, stderr) = Run("run", Sample("assemblies/seed-inpaint.json"), "--out", _out);

        Assert.Equal(0, code);
        Assert.Contains("0 result file(s) listed", stdout, StringComparison.Ordinal);
        Assert.Contains("'inpainted' use ':original', but no file was uploaded", stderr, StringComparison.Ordinal);
        Assert.Contains("--file [FIELD=]PATH", stderr, StringComparison.Ordinal);

        (code, _, stderr) = Run("run", Sample("assemblies/seed-inpaint.json"), "--file", "photo=" + Sample("images/coast-with-hole.png"), "--out", _out);
        Assert.Equal(0, code);
        Assert.DoesNotContain("--file", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Fields_fill_variables_and_human_output_names_the_files()
    {
        var assembly = Path.Combine(Path.GetTempPath(), Guid.NewGuid() + ".json");
        File.WriteAllText(assembly, """{"steps": {"g": {"robot": "/image/generate", "prompt": "${fields.subject}", "model": "flux-schnell", "num_outputs": "${fields.n}"}}}""");
        try
        {
            var (code, stdout, _) = Run("run", assembly, "--field", "subject=a red fox", "--field", "n=2", "--out", _out);

            Assert.Equal(0, code);
            Assert.Equal(2, stdout.Split('\n').Count(l => l.StartsWith("g: wrote ", StringComparison.Ordinal)));
            Assert.Equal(2, Directory.GetFiles(Path.Combine(_out, "g")).Length);
        }
        finally
        {
            File.Delete(assembly);
        }
    }

    [Fact]
    public void An_invalid_assembly_exits_1_with_its_findings_and_writes_nothing()
    {
        var (code, _, stderr) = Run("run", Sample("assemblies/invalid-svg-from-nano-banana.json"), "--out", _out);

        Assert.Equal(1, code);
        Assert.Contains("error IMG1502", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_out));
    }

    [Theory]
    [InlineData("--field", "novalue")]
    [InlineData("--file", "/no/such/file.png")]
    public void Usage_and_io_errors_exit_2(string option, string value)
    {
        var (code, _, stderr) = Run("run", Sample("assemblies/seed-inpaint.json"), option, value, "--out", _out);

        Assert.Equal(2, code);
        Assert.StartsWith("imagesdk: ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_assembly_file_exits_2()
    {
        Assert.Equal(2, Run("run", "/no/such/assembly.json").ExitCode);
    }

    [Theory]
    [InlineData("photo.png", "file", "photo.png")]
    [InlineData("image=photo.png", "image", "photo.png")]
    [InlineData("mask=dir/a=b.png", "mask", "dir/a=b.png")]
    [InlineData("dir/a=b.png", "file", "dir/a=b.png")]
    public void File_options_take_an_optional_field(string value, string field, string path)
    {
        Assert.Equal(new ImageSdk.Running.RunUpload(field, path), RunCommand.ParseUpload(value));
    }

    [Theory]
    [InlineData("--out", "", "--out is empty")]
    [InlineData("--file", "/tmp", "'/tmp' is a folder, not a file")]
    public void Bad_paths_get_true_messages_and_exit_2(string option, string value, string message)
    {
        var args = option == "--out"
            ? new[] { "run", Sample("assemblies/seed-inpaint.json"), "--out", value, "--json" }
            : new[] { "run", Sample("assemblies/seed-inpaint.json"), option, value, "--out", _out, "--json" };

        var (code, _, stderr) = Run(args);

        Assert.Equal(2, code);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Out_pointing_at_a_file_and_an_oversized_assembly_exit_2_with_the_result_json()
    {
        Directory.CreateDirectory(_out);
        var file = Path.Combine(_out, "taken");
        File.WriteAllText(file, "x");
        var large = Path.Combine(_out, "large.json");
        File.WriteAllBytes(large, new byte[50 * 1024 * 1024]);

        var (outCode, outJson, _) = Run("run", Sample("assemblies/seed-inpaint.json"), "--out", file, "--json");
        var (largeCode, _, largeError) = Run("run", large, "--out", _out);

        Assert.Equal(2, outCode);
        Assert.Equal("OUTPUT_DIRECTORY_INVALID", JsonNode.Parse(outJson)!["error"]!.GetValue<string>());
        Assert.Equal(2, largeCode);
        Assert.Contains("is 52,428,800 bytes; the limit is 4,194,304 bytes", largeError, StringComparison.Ordinal);
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    [SignalTheory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public async System.Threading.Tasks.Task A_signal_cancels_a_real_run_which_reports_exits_130_and_leaves_no_temporary_file(string signal)
    {
        var cli = CliHarness.Dll;
        Directory.CreateDirectory(_out);
        var assembly = Path.Combine(_out, "long.json");
        var steps = string.Join(", ", Enumerable.Range(0, 12).Select(i => $"\"s{i}\": {{\"robot\": \"/image/generate\", \"prompt\": \"p{i}\", \"model\": \"openai/gpt-image-2\", \"width\": 2048, \"height\": 2048, \"num_outputs\": 10, \"output_meta\": true}}"));
        File.WriteAllText(assembly, "{\"steps\": {" + steps + "}}");
        var output = Path.Combine(_out, "files");

        // A process started in the background inherits SIGINT ignored (as POSIX shells do), and .NET keeps it so; env
        // (coreutils) puts SIGINT back to its default before it starts the CLI, as an interactive terminal has it.
        var start = new System.Diagnostics.ProcessStartInfo("env") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "--default-signal=INT", "dotnet", cli, "run", assembly, "--out", output, "--json" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while ((!Directory.Exists(output) || Directory.GetFiles(output, "*.png", SearchOption.AllDirectories).Length == 0) && waited.Elapsed < TimeSpan.FromSeconds(60) && !process.HasExited)
        {
            await System.Threading.Tasks.Task.Delay(50);
        }

        if (process.HasExited)
        {
            Assert.Fail("the run ended before it could be interrupted: " + await stderr);
        }

        var interrupted = waited.Elapsed;
        Assert.Equal(0, Kill(process.Id, signal == "INT" ? 2 : 15));

        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(10)), $"the process did not exit within 10 s of SIG{signal}");
        Assert.True(process.ExitCode == 130, $"exit {process.ExitCode} after {waited.Elapsed}, interrupted at {interrupted}: {await stderr}");
        Assert.Equal("ASSEMBLY_CANCELED", JsonNode.Parse(await stdout)!["error"]!.GetValue<string>());
        Assert.Empty(Directory.GetFiles(output, "*.tmp", SearchOption.AllDirectories));
    }
}
