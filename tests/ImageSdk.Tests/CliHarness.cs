using System;
using System.IO;
using System.Linq;

namespace ImageSdk.Tests;

/// <summary>The one harness that runs the <c>imagesdk</c> command line in-process, and finds its build to run it as a process.</summary>
internal static class CliHarness
{
    /// <summary>The built CLI (src/Cli/bin), for tests that need a process of their own (signals, environment variables).</summary>
    public static string Dll
    {
        get
        {
            var root = AppContext.BaseDirectory;
            while (!File.Exists(Path.Combine(root, "ImageSdk.sln")))
            {
                root = Path.GetDirectoryName(root)!;
            }

            return Directory.GetFiles(Path.Combine(root, "src", "Cli", "bin"), "ImageSdk.Cli.dll", SearchOption.AllDirectories).OrderByDescending(File.GetLastWriteTimeUtc).First();
        }
    }

    /// <summary>Runs <paramref name="args"/> with <paramref name="stdin"/> as standard input (empty when null).</summary>
    public static (int ExitCode, string Stdout, string Stderr) Run(string? stdin, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = ImageSdk.Cli.ImageSdkCli.Run(args, stdout, stderr, new MemoryStream(System.Text.Encoding.UTF8.GetBytes(stdin ?? string.Empty)));
        return (code, stdout.ToString(), stderr.ToString());
    }
}
