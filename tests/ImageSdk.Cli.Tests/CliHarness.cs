using System;
using System.IO;

namespace ImageSdk.Tests;

/// <summary>The one harness that runs the <c>imagesdk</c> command line in-process, and finds its build to run it as a process.</summary>
internal static class CliHarness
{
    /// <summary>
    /// The CLI build this test project references (src/Cli/bin/CONFIGURATION/TFM/ImageSdk.Cli.dll), for tests that need a
    /// process of their own (signals, environment variables). Not the copy in the test's own folder: the ASP.NET Core
    /// framework reference here replaces some of the CLI's package assemblies, so that copy cannot run on its own.
    /// </summary>
    public static string Dll => TestedBuild.Path("ImageSdk.Cli");

    /// <summary>Runs <paramref name="args"/> with <paramref name="stdin"/> as standard input (empty when null).</summary>
    public static (int ExitCode, string Stdout, string Stderr) Run(string? stdin, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = ImageSdk.Cli.ImageSdkCli.Run(args, stdout, stderr, new MemoryStream(System.Text.Encoding.UTF8.GetBytes(stdin ?? string.Empty)));
        return (code, stdout.ToString(), stderr.ToString());
    }
}
