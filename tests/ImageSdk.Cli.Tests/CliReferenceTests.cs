using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Xunit;

namespace ImageSdk.Tests;

/// <summary>
/// docs/cli.md is the command line's help, command by command, as the command definitions print it: this test renders it
/// and fails on any difference (IMAGESDK_REGENERATE=1 rewrites the file).
/// </summary>
public class CliReferenceTests
{
    private static readonly string[][] s_commands =
    [
        [], ["validate"], ["run"], ["generate"], ["transpile"], ["models"], ["robots"], ["schema"], ["providers"], ["assemblies"], ["assemblies", "get"], ["assemblies", "cancel"],
    ];

    private static string Render()
    {
        var text = new StringBuilder()
            .AppendLine("# imagesdk command line reference")
            .AppendLine()
            .AppendLine("Generated from the command definitions (`imagesdk COMMAND --help`); `tests/ImageSdk.Cli.Tests/CliReferenceTests.cs` holds it equal.")
            .AppendLine("Exit codes everywhere: 0 success, 1 invalid input or a failed assembly, 2 usage or I/O, 130 cancelled.");
        foreach (var command in s_commands)
        {
            var (code, stdout, _) = CliHarness.Run(null, command.Append("--help").ToArray());
            Assert.Equal(0, code);
            text.AppendLine().AppendLine("## imagesdk " + string.Join(' ', command)).AppendLine().AppendLine("```text").AppendLine(stdout.Replace("\r", string.Empty, StringComparison.Ordinal).TrimEnd()).AppendLine("```");
        }

        return text.ToString().Replace("imagesdk \n", "imagesdk\n", StringComparison.Ordinal);
    }

    [Fact]
    public void Docs_cli_md_is_the_help_of_every_command()
    {
        var rendered = Render();
        var docs = System.IO.Path.Combine(FindRoot(), "docs", "cli.md");
        if (Environment.GetEnvironmentVariable("IMAGESDK_REGENERATE") == "1")
        {
            File.WriteAllText(docs, rendered);
        }

        // Help wraps to the terminal's width: compared with runs of whitespace as one space.
        Assert.Equal(Normalize(rendered), Normalize(File.ReadAllText(docs)));
    }

    private static string Normalize(string text) => Regex.Replace(text, @"\s+", " ").Trim();

    /// <summary>The repository root: the nearest folder above the test output that holds ImageSdk.sln.</summary>
    internal static string FindRoot()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(System.IO.Path.Combine(root, "ImageSdk.sln")))
        {
            root = System.IO.Path.GetDirectoryName(root)!;
        }

        return root;
    }
}
