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

    private static string Sample(string relative) => Path.Combine(AppContext.BaseDirectory, "samples", relative);

    private static (int ExitCode, string Stdout, string Stderr) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = ImageSdkCli.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

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
}
