using System.IO;

namespace ImageSdk.Tests;

/// <summary>The one harness that runs the <c>imagesdk</c> command line in-process.</summary>
internal static class CliHarness
{
    /// <summary>Runs <paramref name="args"/> with <paramref name="stdin"/> as standard input (empty when null).</summary>
    public static (int ExitCode, string Stdout, string Stderr) Run(string? stdin, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = ImageSdk.Cli.ImageSdkCli.Run(args, stdout, stderr, new MemoryStream(System.Text.Encoding.UTF8.GetBytes(stdin ?? string.Empty)));
        return (code, stdout.ToString(), stderr.ToString());
    }
}
