using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using ImageSdk.Transpiler;
using Xunit;

namespace ImageSdk.Tests.Transpiling;

/// <summary>
/// Transpile on inputs that overflowed Roslyn's stack, threw from its guards or grew its work faster than the input:
/// each is an error at its line (exit 1, a code, never a stack trace), found before Roslyn reads the file.
/// </summary>
public sealed class TranspilerHostileInputTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("imagesdk-hostile-");

    public void Dispose() => _work.Delete(recursive: true);

    /// <summary>A file whose chain's 7th line holds <paramref name="expression"/>, an argument of a call on the chain.</summary>
    private static string OnLine7(string expression) => $$"""
        using ImageSdk;
        using System.Text.Json.Nodes;
        class C
        {
            static AssemblyBuilder B() => new AssemblyBuilder()
                .Step("g", new ImageGenerateStep().Prompt("x"))
                {{expression}};
        }
        """;

    private static string Repeat(string text, int count) => string.Concat(Enumerable.Repeat(text, count));

    private static string Nested(string open, string inner, string close, int depth) => Repeat(open, depth) + inner + Repeat(close, depth);

    /// <summary>The hostile files of the probe that found them: the C#, and the line where the error belongs.</summary>
    private static (string Code, int Line) Hostile(string name) => name switch
    {
        "1,001 nested JsonObject" => (OnLine7(".Auth(" + Nested("new JsonObject { [\"a\"] = ", "1", " }", 1_001) + ")"), 7),
        "5,000 nested JsonObject" => (OnLine7(".Auth(" + Nested("new JsonObject { [\"a\"] = ", "1", " }", 5_000) + ")"), 7),
        "20,000-call chain" => (OnLine7(string.Join("\n", Enumerable.Range(0, 20_000).Select(i => $"    .Field(\"f{i}\", 1)"))), 6 + 10_000), // .Step on line 6 is the first call
        "150,000-call chain" => (OnLine7(string.Join("\n", Enumerable.Range(0, 150_000).Select(i => $"    .Field(\"f{i}\", 1)"))), 6 + 10_000),
        "100,000 nested braces" => ("using ImageSdk;\nclass C\n{\n    static AssemblyBuilder B()\n    {\n" + Nested("{", string.Empty, "}", 100_000)
            + "\n        return new AssemblyBuilder().Step(\"g\", new ImageGenerateStep().Prompt(\"x\"));\n    }\n}\n", 6),
        "50,000 nested conditionals" => (OnLine7(".Field(\"f\", " + Repeat("true ? \"a\" : ", 50_000) + "\"b\")"), 7),
        "200,000 unary minus" => (OnLine7(".Field(\"f\", " + Repeat("- ", 200_000) + "1)"), 7),
        "5,000 nested interpolated strings" => (OnLine7(".Field(\"f\", " + Nested("$\"{", "\"x\"", "}\"", 5_000) + ")"), 7),
        "100,000 nested parentheses" => (OnLine7(".Field(\"f\", " + Nested("(", "1", ")", 100_000) + ")"), 7),
        "200,000-term concatenation" => (OnLine7(".Field(\"f\", " + string.Join(" + ", Enumerable.Repeat("\"a\"", 200_000)) + ")"), 7),
        "50,000 nested ifs" => ("using ImageSdk;\nclass C\n{\n    static object M(bool a)\n    {\n        " + Repeat("if (a) ", 50_000)
            + "a = !a;\n        return new AssemblyBuilder().Step(\"g\", new ImageGenerateStep().Prompt(\"x\"));\n    }\n}\n", 6),
        "100,000 nested collection expressions" => (OnLine7(".Field(\"f\", " + Nested("[", "1", "]", 100_000) + ")"), 7),
        "100,000 nested lambdas" => (OnLine7(".Field(\"f\", " + Repeat("x => ", 100_000) + "1)"), 7),
        "a 4 MB file of parentheses nested 90 deep" => ("using ImageSdk;\nclass C\n{\n    static object M()\n    {\n"
            + Repeat("        var v = " + Nested("(", "1", ")", 90) + ";\n", 20_000)
            + "        return new AssemblyBuilder().Step(\"g\", new ImageGenerateStep().Prompt(\"x\"));\n    }\n}\n", 0),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    public static TheoryData<string> HostileNames => new()
    {
        "1,001 nested JsonObject", "5,000 nested JsonObject", "20,000-call chain", "150,000-call chain", "100,000 nested braces",
        "50,000 nested conditionals", "200,000 unary minus", "5,000 nested interpolated strings", "100,000 nested parentheses",
        "200,000-term concatenation", "50,000 nested ifs", "100,000 nested collection expressions", "100,000 nested lambdas",
        "a 4 MB file of parentheses nested 90 deep",
    };

    [Theory]
    [MemberData(nameof(HostileNames))]
    public void Deep_or_long_csharp_is_an_IMG2006_error_at_its_line_not_a_crash_or_a_hang(string name)
    {
        var (code, line) = Hostile(name);
        var file = Path.Combine(_work.FullName, "Hostile.cs");
        File.WriteAllText(file, code, new UTF8Encoding(false));
        Assert.InRange(new FileInfo(file).Length, 1, 4 * 1024 * 1024); // within the input limit: the transpiler itself must refuse it

        var (exit, stdout, stderr) = CliHarness.Run(null, "transpile", file);

        Assert.Equal(1, exit);
        Assert.Equal(string.Empty, stdout);
        var error = Assert.Single(stderr.Split('\n'), l => l.Contains(": error ", StringComparison.Ordinal));
        Assert.Contains(": error IMG2006: ", error, StringComparison.Ordinal);
        if (line > 0)
        {
            Assert.StartsWith($"{file}({line},", error, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_doc_comment_of_300000_nested_elements_is_a_comment_and_the_chain_is_read()
    {
        var code = "using ImageSdk;\nclass C\n{\n    /// " + Repeat("<a>", 300_000) + "\n    static AssemblyBuilder B() => new AssemblyBuilder().Step(\"g\", new ImageGenerateStep().Prompt(\"x\"));\n}\n";

        var result = AssemblyTranspiler.ToJson(code);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.True(TranspileHarness.JsonEquals("""{"steps": {"g": {"robot": "/image/generate", "prompt": "x"}}}""", result.Output!));
    }

    [Fact]
    public void The_chain_error_names_where_the_chain_starts_and_the_call_beyond_the_limit()
    {
        var (code, _) = Hostile("20,000-call chain");

        var result = AssemblyTranspiler.ToJson(code);

        var error = Assert.Single(result.Errors);
        Assert.Equal(("IMG2006", 6 + SourceBudget.MaxChainedCalls, 5), (error.Code, error.Line, error.Column));
        Assert.Equal("the chain whose first call is at line 6, column 9 has more than 10,000 calls; transpile reads chains of up to 10,000 (an assembly of up to 10,000 steps, fields and keys)", error.Message);
    }

    [Fact]
    public void Values_nested_deeper_than_json_may_nest_are_an_error_at_the_first_too_deep_one()
    {
        // 70 JsonObjects: within the C# limits, beyond the 64 levels the validator allows (the assembly and fields are two more).
        const string Level = "new JsonObject { [\"a\"] = ";
        var code = OnLine7(".Field(\"f\", " + Nested(Level, "1", " }", 70) + ")");

        var result = AssemblyTranspiler.ToJson(code);

        var error = Assert.Single(result.Errors);
        Assert.Equal(("IMG2006", 7, 21 + (62 * Level.Length)), (error.Code, error.Line, error.Column));
        Assert.Equal("the values here nest deeper than 64 levels, more than assembly JSON may (IMG1003); flatten the value", error.Message);
    }

    [Fact]
    public void Values_nested_as_deep_as_json_may_nest_are_read()
    {
        var code = OnLine7(".Field(\"f\", " + Nested("new JsonObject { [\"a\"] = ", "1", " }", 62) + ")");

        var result = AssemblyTranspiler.ToJson(code);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.DoesNotContain(ImageSdk.Validation.AssemblyValidator.Validate(Encoding.UTF8.GetBytes(result.Output!)).Findings, f => f.Severity == ImageSdk.Validation.ValidationSeverity.Error);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Deeply_nested_json_is_an_IMG1003_error_at_its_line_in_the_other_direction(int line)
    {
        var steps = """{"g": {"robot": "/image/generate", "prompt": "x"}}""";
        var deep = Nested("[", "1", "]", 1_000_000);
        var json = line == 1 ? deep : "{\n  \"steps\": " + steps + ",\n  \"fields\": {\"f\": " + deep + "}\n}\n";
        var file = Path.Combine(_work.FullName, "deep.json");
        File.WriteAllText(file, json);

        var (exit, stdout, stderr) = CliHarness.Run(null, "transpile", file);

        Assert.Equal(1, exit);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains($"{file}({line},", stderr, StringComparison.Ordinal);
        Assert.Contains("error IMG1003: ", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_with_more_steps_than_a_chain_may_hold_is_refused_since_its_csharp_could_not_come_back()
    {
        var steps = new JsonObject();
        foreach (var i in Enumerable.Range(0, SourceBudget.MaxChainedCalls + 1))
        {
            steps["s" + i] = new JsonObject { ["robot"] = "/image/generate", ["prompt"] = "p" };
        }

        var result = AssemblyTranspiler.ToCSharp(Encoding.UTF8.GetBytes(new JsonObject { ["steps"] = steps }.ToJsonString()));

        var error = Assert.Single(result.Errors);
        Assert.Equal((1, 1), (error.Line, error.Column));
        Assert.Equal("/: the assembly has 10,001 steps, fields and keys; its C# would chain more than the 10,000 calls transpile reads back", error.Message);
    }

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
        Assert.Equal("IMG2006", error.Code);
        Assert.Contains("interpolated strings nest more than 8 deep", error.Message, StringComparison.Ordinal);
        Assert.Equal((3, "    .Step(\"g\", new ImageGenerateStep().Prompt(".Length + 1 + (8 * 3)), (error.Line, error.Column)); // the 9th $
    }
}
