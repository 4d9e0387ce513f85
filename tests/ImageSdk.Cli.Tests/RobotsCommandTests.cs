using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using ImageSdk.Cli.Commands;
using ImageSdk.Tables;
using Xunit;

namespace ImageSdk.Tests;

public class RobotsCommandTests
{
    private static (int ExitCode, string Stdout, string Stderr) Run(params string[] args) => CliHarness.Run(null, args);

    [Fact]
    public void Robots_json_lists_every_robot_with_its_tier_and_docs_link()
    {
        var (code, stdout, stderr) = Run("robots", "--json");

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, stderr);
        using var document = JsonDocument.Parse(stdout);
        var robots = document.RootElement.EnumerateArray().ToList();
        Assert.Equal(SchemaTables.Robots.Select(r => r.Name), robots.Select(r => r.GetProperty("name").GetString()));
        Assert.True(robots.Count >= 93);
        var local = robots.Where(r => r.GetProperty("tier").GetString() == "local").Select(r => r.GetProperty("name").GetString()).ToList();
        Assert.Equal(new ImageSdk.Running.AssemblyRunner().LocalRobots.OrderBy(n => n, StringComparer.Ordinal), local.OrderBy(n => n, StringComparer.Ordinal));
        Assert.Contains("/image/generate", local);
        Assert.Contains("/upload/handle", local);
        Assert.All(robots.Where(r => !local.Contains(r.GetProperty("name").GetString())), r => Assert.Equal("remote-only", r.GetProperty("tier").GetString()));
        var resize = robots.Single(r => r.GetProperty("name").GetString() == "/image/resize");
        Assert.Equal("https://transloadit.com/docs/robots/image-resize/", resize.GetProperty("docs").GetString());
        Assert.Equal("ImageResizeStep", resize.GetProperty("builder").GetString());
        Assert.Equal(SchemaTables.FindRobot("/image/resize")!.Parameters.Count, resize.GetProperty("parameter_count").GetInt32());
    }

    [Fact]
    public void The_docs_link_rule_is_the_one_each_imported_schema_records()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "schema", "robots"), "*.schema.json"))
        {
            using var schema = JsonDocument.Parse(File.ReadAllText(file));
            if (schema.RootElement.TryGetProperty("x-imagesdk-docs", out var docs))
            {
                var robot = schema.RootElement.GetProperty("properties").GetProperty("robot").GetProperty("const").GetString()!;
                Assert.Equal(docs.GetString(), RobotsCommand.DocsLink(robot));
            }
        }
    }

    [Fact]
    public void Robots_json_with_a_robot_shows_its_parameters_types_and_defaults()
    {
        var (code, stdout, stderr) = Run("robots", "/image/resize", "--json");

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, stderr);
        using var document = JsonDocument.Parse(stdout);
        var root = document.RootElement;
        Assert.Equal("/image/resize", root.GetProperty("name").GetString());
        Assert.Equal("local", root.GetProperty("tier").GetString()); // ImageResizeExecutor runs it here
        var parameters = root.GetProperty("parameters").EnumerateArray().ToList();
        Assert.Equal(SchemaTables.FindRobot("/image/resize")!.Parameters.Select(p => p.Name), parameters.Select(p => p.GetProperty("name").GetString()));
        var quality = parameters.Single(p => p.GetProperty("name").GetString() == "quality");
        Assert.Equal(92, quality.GetProperty("default").GetInt32());
        Assert.Contains("integer", quality.GetProperty("types").EnumerateArray().Select(t => t.GetString()));
        Assert.False(quality.GetProperty("required").GetBoolean());
        var strategy = parameters.Single(p => p.GetProperty("name").GetString() == "resize_strategy");
        Assert.Contains("fit", strategy.GetProperty("enum").EnumerateArray().Select(t => t.GetString()));
        Assert.All(parameters, p => Assert.All(p.EnumerateObject(), member => Assert.Matches("^[a-z_]+$", member.Name)));
    }

    [Fact]
    public void Robots_with_a_robot_prints_its_tier_docs_and_parameter_table()
    {
        var (code, stdout, _) = Run("robots", "image/generate");

        Assert.Equal(0, code);
        Assert.StartsWith("/image/generate (C#: ImageGenerateStep)\n", stdout.Replace("\r", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("Tier: local", stdout, StringComparison.Ordinal);
        Assert.Contains("Docs: https://transloadit.com/docs/robots/image-generate/", stdout, StringComparison.Ordinal);
        Assert.Matches(@"\n  prompt\s+string.*\(required\)", stdout);
        Assert.Matches(@"\n  use\s+The steps whose result files this step takes as input: a step name, an array of step names, .*\n", stdout); // its forms, not the word "use"
    }

    [Fact]
    public void Robots_with_a_robot_shows_the_forms_of_a_schema_judged_parameter_in_words()
    {
        var (code, stdout, _) = Run("robots", "/video/encode");

        Assert.Equal(0, code);
        var text = stdout.Replace("\r", string.Empty, StringComparison.Ordinal);
        Assert.Matches(@"\n  preset\s+One of ""android"", ""android-high"", .* and 196 more or a whole \$\{\.\.\.\} variable\n", text); // not "string | ${...}"
        Assert.Matches(@"\n  rotate\s+One of 0, 90, 180, 270, 360, false or a whole \$\{\.\.\.\} variable\n", text); // not "${...}"
        Assert.Matches(@"\n  resize_strategy\s+enum: crop, fit, fillcrop, min_fit, pad, stretch \| \$\{\.\.\.\}  default ""pad""\n", text); // typed: as before
        // What it is for, then its forms: the allowed versions stay in sight.
        Assert.Matches(@"\n  ffmpeg_stack\s+The version of FFmpeg that runs the step\. One of ""v6"", ""v7"", ""v8"" or a string matching [^\n]*  default ""v6\.0\.0""\n", text);
    }

    [Fact]
    public void Robots_with_a_robot_names_the_csharp_types_its_builder_methods_take()
    {
        var (code, stdout, _) = Run("robots", "/image/resize");

        Assert.Equal(0, code);
        var text = stdout.Replace("\r", string.Empty, StringComparison.Ordinal);
        Assert.Contains("\nC#: new ImageResizeStep(), a method per parameter (imagemagick_stack: .ImagemagickStack(...)); the types they take:\n", text, StringComparison.Ordinal);
        Assert.Matches(@"\n  resize_strategy\s+ImageResizeResizeStrategy\n", text); // the enum name a newcomer cannot guess
        Assert.Matches(@"\n  use\s+ImageGenerateInput\n  model\s+ImageModel\n  format\s+ImageFormat\n", Run("robots", "/image/generate").Stdout.Replace("\r", string.Empty, StringComparison.Ordinal));

        // Every name it prints, for every robot, is a type of the SDK.
        foreach (var robot in SchemaTables.Robots)
        {
            var section = Run("robots", robot.Name).Stdout.Replace("\r", string.Empty, StringComparison.Ordinal).Split("\nC#: ")[1];
            Assert.StartsWith($"new {robot.BuilderTypeName}()", section, StringComparison.Ordinal);
            foreach (var line in section.Split('\n').Skip(1).Where(l => l.Length > 0))
            {
                var name = line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1];
                Assert.True(typeof(AssemblyBuilder).Assembly.GetType("ImageSdk." + name) is not null, $"{robot.Name}: {line}");
            }
        }
    }

    [Fact]
    public void Robots_prints_one_row_per_robot_and_the_counts()
    {
        var (code, stdout, _) = Run("robots");

        Assert.Equal(0, code);
        var lines = stdout.Replace("\r", string.Empty, StringComparison.Ordinal).TrimEnd().Split('\n');
        Assert.Equal(SchemaTables.Robots.Count + 2, lines.Length); // a header, one row per robot, the counts
        Assert.Contains(lines, l => l.StartsWith("/s3/store ", StringComparison.Ordinal) && l.Contains("remote-only", StringComparison.Ordinal) && l.EndsWith("https://transloadit.com/docs/robots/s3-store/", StringComparison.Ordinal));
        Assert.StartsWith($"{SchemaTables.Robots.Count} robots: {new ImageSdk.Running.AssemblyRunner().LocalRobots.Count} run locally", lines[^1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/image/resise", "/image/resize")]
    [InlineData("s3/stor", "/s3/store")]
    public void An_unknown_robot_exits_1_with_a_did_you_mean(string name, string suggestion)
    {
        var (code, stdout, stderr) = Run("robots", name);

        Assert.Equal(1, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains($"unknown robot '{name}' (did you mean '{suggestion}'?)", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }
}
