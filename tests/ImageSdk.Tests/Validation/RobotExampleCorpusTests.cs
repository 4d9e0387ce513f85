using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using ImageSdk.Validation;
using Xunit;

namespace ImageSdk.Tests.Validation;

/// <summary>
/// samples/assemblies/robots/: each robot's documented example, judged by the engine as Transloadit's linter judged it
/// (samples/assemblies.robots.transloadit-lint.json). Floor: where the linter rejects for a schema reason, the engine
/// rejects, its <c>missing-input</c> rule included (an example whose only step needs an input step: <c>/video/generate</c>,
/// <c>/ai/chat</c>, the deliver robots; IMG1106). Ceiling: where the linter accepts, the engine accepts.
/// </summary>
public class RobotExampleCorpusTests
{
    private static readonly JsonObject Verdicts =
        JsonNode.Parse(File.ReadAllText(Samples.Path("assemblies.robots.transloadit-lint.json")))!["verdicts"]!.AsObject();

    public static TheoryData<string> Examples()
    {
        var data = new TheoryData<string>();
        foreach (var (file, _) in Verdicts)
        {
            data.Add(file);
        }

        return data;
    }

    [Fact]
    public void Every_robot_has_an_example_and_a_verdict()
    {
        var files = Directory.EnumerateFiles(Samples.Path(Path.Combine("assemblies", "robots")), "*.json").Select(Path.GetFileName).OrderBy(f => f, StringComparer.Ordinal);
        Assert.Equal(files, Verdicts.Select(v => v.Key).OrderBy(f => f, StringComparer.Ordinal));
        Assert.Equal(93, Verdicts.Count);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void The_engine_agrees_with_Transloadits_linter_on_each_robot_example(string file)
    {
        var verdict = Verdicts[file]!;
        var errors = verdict["errors"]!.AsArray().Select(e => e!.GetValue<string>()).ToList();
        var json = File.ReadAllText(Samples.Path(Path.Combine("assemblies", "robots", file)));

        var result = AssemblyValidator.Validate(json);
        var findings = string.Join("\n", result.Findings.Select(f => f.ToString()));

        if (verdict["success"]!.GetValue<bool>())
        {
            Assert.True(result.IsValid, file + " is accepted by the linter's schema, but the engine rejects it:\n" + findings);
        }
        else
        {
            Assert.False(result.IsValid, file + " is rejected by the linter (" + string.Join(", ", errors) + "), but the engine accepts it");
        }
    }
}
