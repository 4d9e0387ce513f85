using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using ImageSdk.Running;
using Xunit;

namespace ImageSdk.Tests.Running;

/// <summary>A fact that needs Unix: FIFOs (mkfifo), symbolic and hard links, permission bits and signals.</summary>
public sealed class UnixFactAttribute : FactAttribute
{
    /// <summary>Skips the test on Windows, with the reason.</summary>
    public UnixFactAttribute()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = "FIFOs, links, modes and signals are Unix file-system features";
        }
    }
}

/// <summary>
/// A Unix test that needs a folder its process cannot write to. Root writes into any folder, so as root the CLI runs as user
/// <c>nobody</c>; the test is skipped, with the reason, where <c>nobody</c> cannot reach the CLI's build (a clone in a 0700
/// temporary folder).
/// </summary>
public sealed class UnprivilegedFactAttribute : FactAttribute
{
    /// <summary>Skips the test on Windows, or as root where the build is out of <c>nobody</c>'s reach.</summary>
    public UnprivilegedFactAttribute()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = "folder modes are a Unix file-system feature";
        }
        else if (FileHardeningTests.Geteuid() == 0 && FirstClosedFolder(CliHarness.Dll) is { } closed)
        {
            Skip = $"running as root, and user nobody cannot enter {closed} to start the CLI build";
        }
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static string? FirstClosedFolder(string file)
    {
        for (var folder = Path.GetDirectoryName(Path.GetFullPath(file)); !string.IsNullOrEmpty(folder); folder = Path.GetDirectoryName(folder))
        {
            if ((File.GetUnixFileMode(folder) & UnixFileMode.OtherExecute) == 0)
            {
                return folder;
            }
        }

        return null;
    }
}

/// <summary>
/// Hostile files, after issue 29: a link planted at a temporary name, links, modes and hard links under <c>validate --fix</c>,
/// FIFOs and devices wherever a file is read, endless inputs, link loops in a batch, and <c>-o</c>, <c>--dry-run</c> and
/// <c>--class</c> checked before anything is done.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class FileHardeningTests : IDisposable
{
    private const string Fixable = """{"steps":{"g":{"robot":"/image/generate","prompt":"a fox","model":"google/nano-banan"}}}""";
    private const string FixedModel = "\"model\":\"google/nano-banana\"";
    private static readonly TimeSpan s_hang = TimeSpan.FromSeconds(60);
    private readonly string _work = Directory.CreateTempSubdirectory("imagesdk-files-").FullName;

    public void Dispose()
    {
        foreach (var path in Directory.EnumerateFileSystemEntries(_work, "*", SearchOption.AllDirectories))
        {
            if (!OperatingSystem.IsWindows() && Directory.Exists(path) && new DirectoryInfo(path).LinkTarget is null)
            {
                File.SetUnixFileMode(path, (UnixFileMode)0x1ED); // 0755: a read-only folder of a test is removed too
            }
        }

        Directory.Delete(_work, recursive: true);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_work, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private static void Shell(string command, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(command, args) { UseShellExecute = false })!;
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }

    private static void Mkfifo(string path) => Shell("mkfifo", path);

    /// <summary>Runs the CLI in-process, failing (instead of hanging the suite) if it waits on a FIFO.</summary>
    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(params string[] args) =>
        await Task.Run(() => CliHarness.Run(null, args)).WaitAsync(s_hang);

    [DllImport("libc", EntryPoint = "geteuid")]
    internal static extern uint Geteuid();

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    // 1. No file is overwritten through a planted link.

    [UnixFact]
    public async Task Validate_fix_never_writes_through_a_link_planted_at_a_temporary_name()
    {
        var assembly = Write("a.json", Fixable);
        var victim = Write("elsewhere/victim", "victim");
        // The fixed name the fixer used, and names a temporary file could be guessed to have.
        var planted = new[] { ".a.json.imagesdk-fix.tmp", ".a.json.tmp", ".a.json.imagesdk.tmp", ".imagesdk-fix.tmp", ".imagesdk-0000000000000000.tmp" }
            .Concat(Enumerable.Range(0, 8).Select(_ => $".a.json.{Guid.NewGuid():N}.tmp"))
            .Select(name => Path.Combine(_work, name))
            .ToList();
        planted.ForEach(link => File.CreateSymbolicLink(link, victim));

        var (code, stdout, _) = await RunAsync("validate", "--fix", assembly);

        Assert.Equal(0, code);
        Assert.Contains("fixed IMG1501", stdout, StringComparison.Ordinal);
        Assert.Equal("victim", File.ReadAllText(victim));
        Assert.Contains(FixedModel, File.ReadAllText(assembly), StringComparison.Ordinal);
        Assert.All(planted, link => Assert.Equal(victim, new FileInfo(link).LinkTarget)); // left as they were
        Assert.DoesNotContain(Directory.GetFiles(_work, ".imagesdk-*.tmp"), f => !planted.Contains(f));
    }

    [UnixFact]
    public async Task The_output_folder_never_claims_a_name_a_dangling_link_holds()
    {
        var root = Path.Combine(_work, "out");
        Directory.CreateDirectory(Path.Combine(root, "g"));
        var victim = Path.Combine(_work, "victim.png");
        File.CreateSymbolicLink(Path.Combine(root, "g", "x.png"), victim); // dangling: File.Exists says false

        var written = await new OutputFolder(root, ["g"]).WriteAsync("g", "x.png", new byte[] { 1, 2, 3 }, CancellationToken.None);

        Assert.Equal(Path.Combine(root, "g", "x~2.png"), written);
        Assert.False(File.Exists(victim));
        Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(written));
    }

    [UnixFact]
    public async Task Transpile_o_writes_the_file_a_link_leads_to_keeps_the_link_and_refuses_a_fifo()
    {
        var real = Write("real/Out.cs", "// old");
        var link = Path.Combine(_work, "Out.cs");
        File.CreateSymbolicLink(link, real);
        var seed = Samples.Path("assemblies/seed-inpaint.json");

        Assert.Equal(0, (await RunAsync("transpile", seed, "-o", link)).Code);
        Assert.Equal(real, new FileInfo(link).LinkTarget);
        Assert.Contains("new AssemblyBuilder()", File.ReadAllText(real), StringComparison.Ordinal);

        var fifo = Path.Combine(_work, "Pipe.cs");
        Mkfifo(fifo);
        var (code, _, stderr) = await RunAsync("transpile", seed, "-o", fifo);
        Assert.Equal(2, code);
        Assert.Contains("is a named pipe (FIFO), not a regular file; nothing was changed", stderr, StringComparison.Ordinal);
    }

    // 2. validate --fix on links, modes, hard links and read-only folders.

    [UnixFact]
    public async Task Validate_fix_of_a_link_fixes_the_file_it_leads_to_and_keeps_the_link()
    {
        var real = Write("real/a.json", Fixable);
        var link = Path.Combine(_work, "a.json");
        File.CreateSymbolicLink(link, real);

        var (code, stdout, _) = await RunAsync("validate", "--fix", link);

        Assert.Equal(0, code);
        Assert.Contains("fixed IMG1501", stdout, StringComparison.Ordinal);
        Assert.Equal(real, new FileInfo(link).LinkTarget);
        Assert.Contains(FixedModel, File.ReadAllText(real), StringComparison.Ordinal);
    }

    [UnixFact]
    public async Task Validate_fix_keeps_the_mode_of_a_private_file()
    {
        var assembly = Write("a.json", Fixable);
        File.SetUnixFileMode(assembly, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        Assert.Equal(0, (await RunAsync("validate", "--fix", assembly)).Code);

        Assert.Contains(FixedModel, File.ReadAllText(assembly), StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(assembly));
    }

    [UnixFact]
    public async Task Validate_fix_of_a_read_only_file_changes_nothing_and_says_so()
    {
        var assembly = Write("a.json", Fixable);
        var readOnly = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        File.SetUnixFileMode(assembly, readOnly);

        var (code, stdout, _) = await RunAsync("validate", "--fix", assembly);

        Assert.Equal(2, code);
        Assert.Contains("is read-only; nothing was changed", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("fixed IMG", stdout, StringComparison.Ordinal);
        Assert.Equal(Fixable, File.ReadAllText(assembly));
        Assert.Equal(readOnly, File.GetUnixFileMode(assembly));
    }

    [UnixFact]
    public async Task Validate_fix_of_a_hard_linked_file_keeps_the_link_whole_and_says_so()
    {
        var assembly = Write("a.json", Fixable);
        var twin = Path.Combine(_work, "twin.json");
        Shell("ln", assembly, twin);
        var inode = FileFacts.Of(assembly, followLinks: false).Inode;

        var (code, stdout, _) = await RunAsync("validate", "--fix", assembly);

        Assert.Equal(2, code);
        Assert.Contains("has 2 hard links; replacing it would split them, so nothing was changed", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("fixed IMG", stdout, StringComparison.Ordinal);
        Assert.Equal(Fixable, File.ReadAllText(twin));
        Assert.Equal(inode, FileFacts.Of(assembly, followLinks: false).Inode);
        Assert.Equal(2, FileFacts.Of(twin, followLinks: false).Links);
    }

    [UnprivilegedFact]
    public void Validate_fix_in_a_read_only_folder_prints_no_fixed_line_and_says_nothing_was_changed()
    {
        var folder = Path.Combine(_work, "locked");
        var assembly = Write("locked/a.json", Fixable);
        File.SetUnixFileMode(_work, (UnixFileMode)0x1ED); // 0755: another user can reach it
        File.SetUnixFileMode(folder, (UnixFileMode)0x16D); // 0555
        File.SetUnixFileMode(assembly, (UnixFileMode)0x1A4); // 0644

        // root writes into any folder: the CLI runs as nobody there.
        var root = Geteuid() == 0;
        var start = new ProcessStartInfo(root ? "setpriv" : "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (root ? new[] { "--reuid=65534", "--regid=65534", "--clear-groups", "dotnet" } : []).Concat([CliHarness.Dll, "validate", "--fix", assembly]))
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(s_hang));

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("permission denied; nothing was changed", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("fixed IMG", stdout, StringComparison.Ordinal);
        Assert.Equal(Fixable, File.ReadAllText(assembly));
    }

    // 3. FIFOs and devices are refused before they are opened; signals work while a read waits.

    [UnixFact]
    public async Task A_fifo_given_as_any_file_is_refused_at_once()
    {
        var assembly = Write("ok.json", """{"steps":{"g":{"robot":"/image/generate","prompt":"a fox"}}}""");
        var image = Path.Combine(_work, "f.png");
        var json = Path.Combine(_work, "f.json");
        Mkfifo(image);
        Mkfifo(json);
        var output = Path.Combine(_work, "out");

        foreach (var args in new string[][]
        {
            ["run", assembly, "--file", image, "--out", output],
            ["run", json, "--out", output],
            ["run", assembly, "--input", image, "--out", output],
            ["generate", "--prompt", "a fox", "--input", image, "-o", output, "--provider", "offline"],
            ["validate", json],
            ["validate", "--fix", json],
            ["transpile", json],
        })
        {
            var (code, stdout, stderr) = await RunAsync(args);
            Assert.True(code == 2, string.Join(' ', args) + " exited " + code);
            Assert.Contains("is a named pipe (FIFO), not a regular file", stdout + stderr, StringComparison.Ordinal);
        }

        Assert.False(Directory.Exists(output));
    }

    [UnixFact]
    public async Task A_fifo_in_an_input_folder_is_left_out_with_a_note()
    {
        var inputs = Path.Combine(_work, "in");
        Directory.CreateDirectory(inputs);
        File.Copy(Samples.CoastWithHole, Path.Combine(inputs, "a.png"));
        Mkfifo(Path.Combine(inputs, "f.png"));

        var (code, stdout, stderr) = await RunAsync("run", Samples.Path("assemblies/seed-inpaint.json"), "--input", inputs, "--out", Path.Combine(_work, "out"));

        Assert.Equal(0, code);
        Assert.Contains("1 ran, 0 skipped", stdout, StringComparison.Ordinal);
        Assert.Contains("f.png' is a named pipe (FIFO), not a regular file", stderr, StringComparison.Ordinal);
    }

    [UnixFact]
    public async Task A_dot_env_that_is_a_fifo_or_leads_to_dev_zero_is_no_dot_env_and_a_regular_one_still_is()
    {
        var fifo = Path.Combine(_work, "fifo");
        Directory.CreateDirectory(fifo);
        Mkfifo(Path.Combine(fifo, ".env"));
        var zero = Path.Combine(_work, "zero");
        Directory.CreateDirectory(zero);
        File.CreateSymbolicLink(Path.Combine(zero, ".env"), "/dev/zero");
        var regular = Path.Combine(_work, "regular");
        Write("regular/.env", "export GEMINI_API_KEY=\"k-123\"\n");

        Assert.Empty(await Task.Run(() => global::ImageSdk.Providers.ProviderCredentials.ReadDotEnv(fifo)).WaitAsync(s_hang));
        Assert.Empty(await Task.Run(() => global::ImageSdk.Providers.ProviderCredentials.ReadDotEnv(zero)).WaitAsync(s_hang));
        Assert.Equal("k-123", global::ImageSdk.Providers.ProviderCredentials.ReadDotEnv(regular)["GEMINI_API_KEY"]);

        // Every command reads .env: the CLI in a folder whose .env is a FIFO still answers.
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = fifo, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(CliHarness.Dll);
        start.ArgumentList.Add("providers");
        start.ArgumentList.Add("--json");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        Assert.True(process.WaitForExit(s_hang), "imagesdk providers waited on a FIFO .env");
        Assert.Equal(0, process.ExitCode);
        Assert.Contains("offline", await stdout, StringComparison.Ordinal);
    }

    [UnixFact]
    public async Task Sigint_ends_validate_while_it_waits_on_standard_input()
    {
        // python puts SIGINT back to its default (a test runner may start us with it ignored), then runs the CLI on a pipe
        // that stays open and silent.
        var start = new ProcessStartInfo("python3") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-c", "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])", "dotnet", CliHarness.Dll, "validate", "--fix", "-" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        // SIGINT once a second until it ends: a signal that lands while the runtime is still starting (slow on a loaded
        // machine) is not the case under test, and any later one must end the read.
        await Task.Delay(TimeSpan.FromSeconds(3)); // let it start reading first
        var ended = false;
        for (var waited = TimeSpan.Zero; !ended && waited < s_hang; waited += TimeSpan.FromSeconds(1))
        {
            _ = Kill(process.Id, 2);
            ended = process.WaitForExit(1000);
        }

        Assert.True(ended, "SIGINT did not end a read of standard input");
        Assert.NotEqual(0, process.ExitCode);
        process.StandardInput.Close();
        await stderr;
    }

    // 4. Readers count what they read.

    [UnixFact]
    public async Task Validate_fix_of_dev_zero_or_of_endless_standard_input_stops_at_the_limit()
    {
        var (code, stdout, _) = await RunAsync("validate", "--fix", "/dev/zero");
        Assert.Equal(2, code);
        Assert.Contains("'/dev/zero' is a character device, not a regular file", stdout, StringComparison.Ordinal);

        var link = Path.Combine(_work, "zero.json");
        File.CreateSymbolicLink(link, "/dev/zero");
        Assert.Throws<IOException>(() => BoundedFile.ReadAllBytes(link, 1024));

        var stderr = new StringWriter();
        code = await Task.Run(() => global::ImageSdk.Cli.ImageSdkCli.Run(["validate", "--fix", "-"], new StringWriter(), stderr, new Endless())).WaitAsync(s_hang);
        Assert.Equal(2, code);
        Assert.Contains("standard input is larger than the limit of 4,194,304 bytes", stderr.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Zeros without end, as <c>/dev/zero</c> piped in.</summary>
    private sealed class Endless : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            Array.Clear(buffer, offset, count);
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    // 5. A batch runs each file once, never out of --input, never its own outputs.

    [UnixFact]
    public async Task A_batch_runs_each_file_once_never_follows_links_out_of_input_and_never_reads_its_own_out()
    {
        var inputs = Path.Combine(_work, "in");
        Directory.CreateDirectory(Path.Combine(inputs, "sub"));
        foreach (var name in new[] { "a.png", "b.png", "sub/c.png" })
        {
            File.Copy(Samples.CoastWithHole, Path.Combine(inputs, name));
        }

        var outside = Path.Combine(_work, "outside");
        Directory.CreateDirectory(outside);
        File.Copy(Samples.CoastWithHole, Path.Combine(outside, "secret.png"));
        File.CreateSymbolicLink(Path.Combine(inputs, "sub", "loop"), ".."); // a loop
        File.CreateSymbolicLink(Path.Combine(inputs, "sub", "again.png"), "../a.png"); // a second name for a.png
        File.CreateSymbolicLink(Path.Combine(inputs, "ext"), outside); // out of --input
        File.CreateSymbolicLink(Path.Combine(inputs, "leak.png"), Path.Combine(outside, "secret.png"));
        var output = Path.Combine(inputs, "out"); // --out inside --input
        var seed = Samples.Path("assemblies/seed-inpaint.json");

        var (code, stdout, stderr) = await RunAsync("run", seed, "--input", inputs, "--recursive", "--out", output, "--json");

        Assert.Equal(0, code);
        Assert.Equal(new[] { "a.png", "b.png", Path.Combine("sub", "c.png") }, JsonNode.Parse(stdout)!.AsArray().Select(o => o!["input"]!.GetValue<string>()));
        Assert.Contains("'" + Path.Combine(inputs, "ext") + "' is a link that leads out of --input", stderr, StringComparison.Ordinal);
        Assert.Contains("'" + Path.Combine(inputs, "leak.png") + "' is a link that leads out of --input", stderr, StringComparison.Ordinal);

        // Again, with every input run: the outputs under in/out are not inputs.
        (code, stdout, _) = await RunAsync("run", seed, "--input", inputs, "--recursive", "--out", output, "--reprocess-stale");
        Assert.Equal(0, code);
        Assert.Contains("3 ran, 0 skipped", stdout, StringComparison.Ordinal);
        Assert.Equal(new[] { "a.png", "b.png", "sub" }, Directory.GetDirectories(output).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    // 6. -o, --dry-run and --class are checked before anything is done.

    [Fact]
    public async Task Generate_refuses_a_file_for_several_outputs_before_any_call()
    {
        var existing = Write("existing.png", "keep me");

        var (code, stdout, stderr) = await RunAsync("generate", "--prompt", "a fox", "--num-outputs", "2", "-o", existing, "--provider", "offline");

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains("is a file, but --num-outputs 2 makes 2 images; give a folder", stderr, StringComparison.Ordinal);
        Assert.Equal("keep me", File.ReadAllText(existing));
        Assert.Equal(new[] { existing }, Directory.GetFileSystemEntries(_work));
    }

    [Fact]
    public async Task Dry_run_plans_each_batch_input_and_a_remote_run_as_the_steps_transloadit_runs()
    {
        var inputs = Path.Combine(_work, "in");
        Directory.CreateDirectory(inputs);
        foreach (var name in new[] { "a.png", "b.png", "c.png" })
        {
            File.Copy(Samples.CoastWithHole, Path.Combine(inputs, name));
        }

        var seed = Samples.Path("assemblies/seed-inpaint.json");
        var output = Path.Combine(_work, "out");

        var (code, stdout, _) = await RunAsync("run", seed, "--input", inputs, "--out", output, "--dry-run", "--json", "--provider", "offline");
        Assert.Equal(0, code);
        var inpainted = JsonNode.Parse(stdout)!["steps"]!.AsArray().Single(s => s!["step"]!.GetValue<string>() == "inpainted")!;
        Assert.Equal(3, inpainted["calls"]!.GetValue<int>());
        Assert.Equal(3, inpainted["images"]!.GetValue<int>());

        (code, stdout, _) = await RunAsync("run", seed, "--input", inputs, "--out", output, "--dry-run", "--single-assembly", "--provider", "offline");
        Assert.Equal(0, code);
        Assert.Contains("One assembly with 3 input(s) as its uploads", stdout, StringComparison.Ordinal);

        (code, stdout, _) = await RunAsync("run", seed, "--dry-run", "--remote", "transloadit", "--endpoint", "https://api2.example.test");
        Assert.Equal(0, code);
        Assert.Contains("The whole assembly runs on Transloadit (api2.example.test); its steps:", stdout, StringComparison.Ordinal);
        Assert.Contains("inpainted: /image/generate (google/nano-banana-pro)", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(" via ", stdout, StringComparison.Ordinal);
        Assert.Contains("Dry run: nothing was sent.", stdout, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    [Theory]
    [InlineData("AssemblyBuilder", "is the name of ImageSdk.AssemblyBuilder, in a namespace the code imports")]
    [InlineData("ImageGenerateStep", "is the name of ImageSdk.ImageGenerateStep, in a namespace the code imports")]
    [InlineData("Build", "is the name of its method Build")]
    [InlineData("record", "is a C# keyword")]
    [InlineData("ImageSdk", "is a namespace the code imports")]
    public async Task Transpile_rejects_a_class_name_that_would_not_compile_as_a_usage_error(string className, string why)
    {
        var target = Path.Combine(_work, "Out.cs");

        var (code, stdout, stderr) = await RunAsync("transpile", Samples.Path("assemblies/seed-inpaint.json"), "--class", className, "-o", target);

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains($"the class name '{className}' {why}; give another with --class.", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(target));
    }
}
