using System;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using ImageSdk.Transpiler;
using Xunit;

namespace ImageSdk.Tests.Transpiling;

/// <summary>Transpile on inputs that overflowed Roslyn's stack or grew its work exponentially.</summary>
public sealed class TranspilerHostileInputTests
{
    [Fact]
    public void A_six_thousand_step_assembly_goes_to_csharp_and_back_without_overflowing_the_stack()
    {
        var steps = new JsonObject();
        foreach (var i in Enumerable.Range(0, 6000))
        {
            steps["s" + i] = new JsonObject { ["robot"] = "/image/generate", ["prompt"] = "p" + i, ["model"] = "flux-schnell" };
        }

        var json = new JsonObject { ["steps"] = steps }.ToJsonString();

        var csharp = AssemblyTranspiler.ToCSharp(Encoding.UTF8.GetBytes(json));
        Assert.True(csharp.Succeeded, string.Join("\n", csharp.Errors));
        var back = AssemblyTranspiler.ToJson(csharp.Output!);

        Assert.True(back.Succeeded, string.Join("\n", back.Errors));
        Assert.True(TranspileHarness.JsonEquals(json, back.Output!));
    }

    [Fact]
    public void Interpolated_strings_nested_deeper_than_the_cap_are_an_error_at_their_position()
    {
        var nested = "\"x\"";
        for (var i = 0; i < 22; i++)
        {
            nested = "$\"{" + nested + "}\"";
        }

        var code = "using ImageSdk;\nclass C { static object B() => new AssemblyBuilder()\n    .Step(\"g\", new ImageGenerateStep().Prompt(" + nested + ")); }";

        var result = AssemblyTranspiler.ToJson(code);

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors);
        Assert.Contains("interpolated strings nest more than 8 deep", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, error.Line);
    }
}
