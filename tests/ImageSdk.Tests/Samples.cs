using System;
using System.IO;

namespace ImageSdk.Tests;

/// <summary>The one place that knows where the samples are copied next to the tests.</summary>
internal static class Samples
{
    /// <summary>The samples folder in the test output.</summary>
    public static string Directory => System.IO.Path.Combine(AppContext.BaseDirectory, "samples");

    /// <summary>A file under samples/, e.g. <c>assemblies/seed-inpaint.json</c>.</summary>
    public static string Path(string relative) => System.IO.Path.Combine(Directory, relative);

    /// <summary>The seed photo with a transparent hole, its own mask.</summary>
    public static string CoastWithHole => Path("images/coast-with-hole.png");

    /// <summary>The seed inpainting assembly.</summary>
    public static byte[] SeedInpaint => File.ReadAllBytes(Path("assemblies/seed-inpaint.json"));
}

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
