using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using ImageSdk.Transpiler;
using ImageSdk.Validation;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace ImageSdk.Tests;

/// <summary>
/// The README as a newcomer follows it: its C# examples compile and build assemblies the validator accepts, its assembly JSON is valid,
/// every <c>imagesdk</c> command it shows is one the command line parses, and it names the robots that run locally.
/// </summary>
public class ReadmeTests
{
    private static readonly string s_readme = File.ReadAllText(Path.Combine(CliReferenceTests.FindRoot(), "README.md")).Replace("\r", string.Empty, StringComparison.Ordinal);

    /// <summary>The fenced blocks of one language, in order.</summary>
    private static List<string> Blocks(string language) =>
        Regex.Matches(s_readme, "^```" + language + "\n(.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline).Select(m => m.Groups[1].Value).ToList();

    [Fact]
    public void Each_csharp_example_that_builds_an_assembly_is_one_the_validator_accepts()
    {
        var examples = Blocks("csharp").Where(b => b.Contains("new AssemblyBuilder()", StringComparison.Ordinal)).ToList();

        Assert.True(examples.Count >= 2, "the README shows the inpainting assembly and a pipeline of other robots in C#");
        foreach (var example in examples)
        {
            // The transpiler evaluates the chain's constants as the analyzer reads them: a method or an enum member the SDK
            // does not have, or a value that is not a constant, is an error here.
            var json = AssemblyTranspiler.ToJson(example, "README.md", null, default);
            Assert.True(json.Succeeded, string.Join("\n", json.Errors.Select(e => e.ToCanonicalString("README.md"))) + "\n" + example);

            var verdict = AssemblyValidator.Validate(json.Output!);
            Assert.True(verdict.IsValid, string.Join("\n", verdict.Findings.Select(f => f.ToString())) + "\n" + json.Output);
        }

        Assert.Contains(examples, e => e.Contains("new ImageResizeStep()", StringComparison.Ordinal) && e.Contains("new S3StoreStep()", StringComparison.Ordinal));
    }

    [Fact]
    public void Each_csharp_example_compiles_as_a_console_program_against_the_sdk_and_the_runtime()
    {
        // A console app's implicit usings, and every assembly this test runs with (the SDK, the runtime, their dependencies).
        var implicitUsings = CSharpSyntaxTree.ParseText(string.Concat(new[] { "System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks" }.Select(n => $"global using {n};\n")));
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator).Select(p => MetadataReference.CreateFromFile(p)).ToList();
        var examples = Blocks("csharp");

        Assert.True(examples.Count >= 3, "the inpainting assembly, the pipeline that runs, the executor of your own");
        foreach (var example in examples)
        {
            var compilation = CSharpCompilation.Create(
                "Readme",
                [implicitUsings, CSharpSyntaxTree.ParseText(example)],
                references,
                new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));

            var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
            Assert.True(errors.Count == 0, string.Join("\n", errors) + "\n" + example);
        }
    }

    [Fact]
    public void Each_assembly_json_example_is_valid()
    {
        var examples = Blocks("json").Where(b => b.Contains("\"steps\"", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(examples);
        Assert.All(examples, example => Assert.True(AssemblyValidator.Validate(example).IsValid, example));
    }

    [Fact]
    public void Each_imagesdk_command_it_shows_parses_without_a_usage_error()
    {
        var commands = Blocks("sh").SelectMany(b => b.Split('\n')).Select(Arguments).OfType<string[]>().ToList();

        Assert.True(commands.Count >= 15, $"found {commands.Count} commands");
        foreach (var args in commands)
        {
            var (_, problems) = ImageSdk.Cli.ImageSdkCli.ParseArguments(args, TextWriter.Null, TextWriter.Null, null);
            Assert.True(problems.Count == 0, "imagesdk " + string.Join(' ', args) + ": " + string.Join("; ", problems));
        }
    }

    [Fact]
    public void It_names_the_robots_that_run_locally_as_the_runner_has_them()
    {
        var paragraph = Regex.Match(s_readme, @"\*\*Robots that run here:\*\*([^(]*)\(").Groups[1].Value;

        var named = Regex.Matches(paragraph, "`(/[a-z]+/[a-z]+)`").Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal);
        Assert.Equal(new ImageSdk.Running.AssemblyRunner().LocalRobots.Order(StringComparer.Ordinal), named);
    }

    [Fact]
    public void Its_robot_of_your_own_is_one_the_package_does_not_have()
    {
        var schema = Regex.Match(s_readme, @"<AdditionalFiles Include=""robots/([a-z0-9-]+)\.schema\.json"" ImageSdkSchema=""robot"" />");

        Assert.True(schema.Success, "the README shows how to add a robot schema of your own");
        var robot = "/" + schema.Groups[1].Value.Replace('-', '/');
        Assert.Null(ImageSdk.Tables.SchemaTables.FindRobot(robot)); // a package robot's name would clash with its builder
        Assert.Contains($"`{robot}`", s_readme, StringComparison.Ordinal);
    }

    /// <summary>
    /// The arguments of a README line that runs the tool (<c>imagesdk ...</c>, or <c>dotnet run --project src/Cli -- ...</c>),
    /// without its comment and redirection, split as a shell splits them; null for any other line.
    /// </summary>
    private static string[]? Arguments(string line)
    {
        var tokens = Regex.Matches(line, "\"[^\"]*\"|[^\\s\"]+").Select(m => m.Value).ToList();
        var start = tokens.Take(5).SequenceEqual(["dotnet", "run", "--project", "src/Cli", "--"])
            ? 4
            : tokens.FindIndex(t => !t.Contains('=', StringComparison.Ordinal)); // past VARIABLE=value prefixes
        if (start < 0 || tokens[start] is not ("imagesdk" or "--"))
        {
            return null; // not a call of the tool (dotnet pack, dotnet tool install ... ImageSdk.Cli, ...)
        }

        return tokens.Skip(start + 1).TakeWhile(t => t[0] is not ('#' or '>')).Select(t => t.Trim('"')).ToArray();
    }
}
