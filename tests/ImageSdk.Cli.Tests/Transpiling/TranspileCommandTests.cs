using System;
using System.IO;
using System.Linq;
using System.Text;
using ImageSdk.Cli;
using ImageSdk.Tests.Validation;
using Xunit;

namespace ImageSdk.Tests.Transpiling;

/// <summary>The CLI contract of <c>imagesdk transpile</c>: C# or JSON out, reasons on failure, exit codes 0/1/2, nothing half-written.</summary>
public sealed class TranspileCommandTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("imagesdk-transpile-");

    public void Dispose() => _work.Delete(recursive: true);

    private static (int ExitCode, string Stdout, string Stderr) Run(params string[] args) => CliHarness.Run(null, args);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_work.FullName, name);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    [Fact]
    public void Json_becomes_a_csharp_file_on_stdout_with_the_chosen_namespace_and_class()
    {
        var (code, stdout, stderr) = Run("transpile", Path.Combine(Corpus.Directory, "seed-inpaint.json"), "--namespace", "Acme.Imaging", "--class", "Inpaint");

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, stderr);
        Assert.Contains("namespace Acme.Imaging;", stdout);
        Assert.Contains("public static class Inpaint", stdout);
        Assert.Contains(".Model(ImageModel.GoogleNanoBananaPro)", stdout);
        Assert.Contains(".Use(ImageGenerateInput.Image(\":original\"), ImageGenerateInput.Mask(\":original\"))", stdout);
        Assert.DoesNotContain("static void Main", stdout);
    }

    [Fact]
    public void Csharp_becomes_indented_json_and_both_directions_write_to_o()
    {
        var cs = Path.Combine(_work.FullName, "Seed.cs");
        Assert.Equal(0, Run("transpile", Path.Combine(Corpus.Directory, "seed-inpaint.json"), "-o", cs).ExitCode);
        var json = Path.Combine(_work.FullName, "seed.json");

        var (code, stdout, _) = Run("transpile", cs, "-o", json);

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, stdout);
        var text = File.ReadAllText(json);
        Assert.StartsWith("{\n  \"steps\": {\n", text.Replace("\r\n", "\n", StringComparison.Ordinal));
        Assert.True(TranspileHarness.JsonEquals(File.ReadAllText(Path.Combine(Corpus.Directory, "seed-inpaint.json")), text));
        Assert.Empty(Directory.GetFiles(_work.FullName, "*.tmp"));
    }

    [Fact]
    public void Json_the_builders_cannot_express_exits_1_with_the_validators_findings_and_writes_nothing()
    {
        var target = Write("Existing.cs", "// keep me");
        var file = Path.Combine(Corpus.Directory, "invalid-unknown-parameter.json");

        var (code, stdout, stderr) = Run("transpile", file, "-o", target);

        Assert.Equal(1, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains($"{file}(6,7): error IMG1204: /image/generate has no parameter 'negative_prompt'", stderr);
        Assert.Equal("// keep me", File.ReadAllText(target));
    }

    [Fact]
    public void A_value_the_validator_accepts_but_no_overload_takes_is_reported_at_its_position()
    {
        // 5000000000 takes Width(long) (a minimum alone leaves room beyond int); 1e300 is an integer to JavaScript, and no C# literal of a long.
        var file = Write("wide.json", "{\n  \"steps\": {\n    \"g\": {\n      \"robot\": \"/image/generate\",\n      \"prompt\": \"x\",\n      \"width\": 5000000000,\n      \"height\": 1e300\n    }\n  }\n}\n");

        var (code, stdout, stderr) = Run("transpile", file);

        Assert.Equal(1, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains($"{file}(7,17): error: /steps/g/height: the number 1e300 is an integer past 2^53 (9007199254740992) in size, which no C# literal of Height(long) states as JavaScript reads it", stderr);
        Assert.DoesNotContain("/steps/g/width", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Expressible_but_invalid_json_is_transpiled_for_the_analyzer_to_flag()
    {
        var (code, stdout, _) = Run("transpile", Path.Combine(Corpus.Directory, "invalid-svg-from-nano-banana.json"));

        Assert.Equal(0, code);
        Assert.Contains(".Format(ImageFormat.Svg)", stdout);
    }

    [Fact]
    public void A_value_that_is_not_constant_is_an_error_at_its_file_line_and_column()
    {
        var file = Write("Dynamic.cs", """
            using ImageSdk;

            public static class Dynamic
            {
                private static string Prompt() => "a fox";

                public static AssemblyBuilder Build() => new AssemblyBuilder()
                    .Step("gen", new ImageGenerateStep()
                        .Prompt(Prompt())
                        .NumOutputs(2));
            }
            """);

        var (code, stdout, stderr) = Run("transpile", file);

        Assert.Equal(1, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains($"{file}(9,21): error IMG2004: the value of /steps/gen/prompt is not a constant (Prompt())", stderr);
    }

    [Fact]
    public void Constants_enum_members_and_constant_interpolated_strings_are_evaluated()
    {
        var file = Write("Constants.cs", """
            using ImageSdk;

            public static class Constants
            {
                private const string Subject = "fox";
                private const int Count = 3;

                public static AssemblyBuilder Build() => new AssemblyBuilder()
                    .Step(new UploadHandleStep())
                    .Step("gen", new ImageGenerateStep()
                        .Use(ImageGenerateInput.Image(":original"))
                        .Prompt($"A red {Subject} in the snow")
                        .Model(ImageModel.FluxSchnell)
                        .NumOutputs(Count + 1)
                        .Format(ImageFormat.Webp)
                        .Seed(Interpolation.Field("seed")));
            }
            """);

        var (code, stdout, stderr) = Run("transpile", file);

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, stderr);
        Assert.True(TranspileHarness.JsonEquals(
            """
            {"steps": {":original": {"robot": "/upload/handle"}, "gen": {"robot": "/image/generate", "use": [{"name": ":original", "as": "image"}],
              "prompt": "A red fox in the snow", "model": "flux-schnell", "num_outputs": 4, "format": "webp", "seed": "${fields.seed}"}}}
            """,
            stdout), stdout);
    }

    [Fact]
    public void A_file_without_an_assembly_chain_or_with_two_is_reported()
    {
        var none = Write("None.cs", "public static class None { }");
        var two = Write("Two.cs", """
            using ImageSdk;
            public static class Two
            {
                public static AssemblyBuilder A() => new AssemblyBuilder();
                public static AssemblyBuilder B() => new AssemblyBuilder();
            }
            """);

        var (noneCode, _, noneErr) = Run("transpile", none);
        var (twoCode, _, twoErr) = Run("transpile", two);

        Assert.Equal(1, noneCode);
        Assert.Contains("error IMG2001: the file builds no assembly", noneErr);
        Assert.Equal(1, twoCode);
        Assert.Contains($"{two}(5,42): error IMG2002: the file builds 2 assemblies; pick one with --chain NAME: A (4,42), B (5,42)", twoErr);
    }

    [Theory]
    [InlineData("assembly.txt")]
    [InlineData("missing.json")]
    public void Usage_and_io_errors_exit_2(string name)
    {
        var path = name.EndsWith(".txt", StringComparison.Ordinal) ? Write(name, "{}") : Path.Combine(_work.FullName, name);

        var (code, stdout, stderr) = Run("transpile", path);

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, stdout);
        Assert.StartsWith("imagesdk: ", stderr);
    }

    [Theory]
    [InlineData("--class", "not a name")]
    [InlineData("--namespace", "Acme..Imaging")]
    [InlineData("--class", "class")]
    public void A_namespace_or_class_that_is_not_a_csharp_name_exits_2(string option, string value)
    {
        var (code, _, stderr) = Run("transpile", Path.Combine(Corpus.Directory, "seed-inpaint.json"), option, value);

        Assert.Equal(2, code);
        Assert.Contains($"'{value}' is not a C#", stderr);
    }

    private const string TwoChains = """
        using ImageSdk;

        public static class Assemblies
        {
            public static AssemblyBuilder Fox() =>
                new AssemblyBuilder().Step("g", new ImageGenerateStep().NumOutputs(2).Prompt("A fox").Model(ImageModel.FluxSchnell));

            public static AssemblyBuilder Whale()
            {
                var whale = new AssemblyBuilder().Step("w", new ImageGenerateStep().Prompt("A whale"));
                return whale;
            }
        }
        """;

    [Fact]
    public void A_file_with_several_chains_lists_them_and_chain_picks_one_by_method_or_variable()
    {
        var file = Write("Two.cs", TwoChains);

        var (code, _, stderr) = Run("transpile", file);
        Assert.Equal(1, code);
        Assert.Contains($"{file}(10,21): error IMG2002: the file builds 2 assemblies; pick one with --chain NAME: Fox (6,9), whale (10,21)", stderr, StringComparison.Ordinal);

        (code, var fox, _) = Run("transpile", file, "--chain", "Fox");
        Assert.Equal(0, code);
        Assert.True(TranspileHarness.JsonEquals("""{"steps": {"g": {"robot": "/image/generate", "model": "flux-schnell", "prompt": "A fox", "num_outputs": 2}}}""", fox));

        (code, var whale, _) = Run("transpile", file, "--chain", "whale");
        Assert.Equal(0, code);
        Assert.Contains("\"prompt\": \"A whale\"", whale, StringComparison.Ordinal);

        (code, _, stderr) = Run("transpile", file, "--chain", "nope");
        Assert.Equal(1, code);
        Assert.Contains("error IMG2003: no chain is named 'nope'; chains: Fox (6,9), whale (10,21)", stderr, StringComparison.Ordinal);
    }

    private const string ContinuedLater = """
        using ImageSdk;

        public static class Assemblies
        {
            public static AssemblyBuilder Small() => new AssemblyBuilder().Step("s", new ImageGenerateStep().Prompt("small"));

            public static AssemblyBuilder Large()
            {
                var big = new AssemblyBuilder();
                big.Step("a", new ImageGenerateStep().Prompt("a"));
                big = big.Field("n", 2);
                return big;
            }
        }
        """;

    [Fact]
    public void A_chain_added_to_in_later_statements_is_an_error_at_each_of_them_not_an_empty_assembly()
    {
        var file = Write("Later.cs", ContinuedLater);

        var (code, stdout, stderr) = Run("transpile", file, "--chain", "big");

        Assert.Equal(1, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains($"{file}(10,9): error IMG2007: 'big' is added to here, after its chain (line 9): transpile reads the chain alone, so this Step would be lost; chain the call to new AssemblyBuilder()", stderr, StringComparison.Ordinal);
        Assert.Contains($"{file}(11,15): error IMG2007: 'big' is added to here, after its chain (line 9): transpile reads the chain alone, so this Field would be lost; chain the call to new AssemblyBuilder()", stderr, StringComparison.Ordinal);
        Assert.Contains("cannot be transpiled (2 reasons)", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_chain_stored_and_then_only_read_or_passed_on_is_transpiled()
    {
        var file = Write("Stored.cs", """
            using ImageSdk;

            public static class Assemblies
            {
                public static string Build()
                {
                    var assembly = new AssemblyBuilder().Step("a", new ImageGenerateStep().Prompt("a"));
                    System.Console.WriteLine(assembly.Steps.Count);
                    Keep(assembly);
                    return assembly.ToJson();
                }

                private static void Keep(AssemblyBuilder assembly) { }
            }
            """);

        var (code, stdout, stderr) = Run("transpile", file);

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, stderr);
        Assert.True(TranspileHarness.JsonEquals("""{"steps": {"a": {"robot": "/image/generate", "prompt": "a"}}}""", stdout));
    }

    [Fact]
    public void A_field_set_twice_among_many_is_written_once_with_its_last_value_where_it_last_stands()
    {
        var calls = string.Concat(Enumerable.Range(0, 20).Select(i => $".Field(\"f{i}\", {i})")) + ".Field(\"f3\", 99)";
        var code = "using ImageSdk;\nclass C { static AssemblyBuilder B() => new AssemblyBuilder().Step(\"g\", new ImageGenerateStep().Prompt(\"x\"))" + calls + "; }";

        var fields = System.Text.Json.Nodes.JsonNode.Parse(ImageSdk.Transpiler.AssemblyTranspiler.ToJson(code).Output!)!["fields"]!.AsObject();

        Assert.Equal(Enumerable.Range(0, 20).Where(i => i != 3).Select(i => "f" + i).Append("f3"), fields.Select(f => f.Key));
        Assert.Equal(99, (int)fields["f3"]!);
    }

    [Fact]
    public void Every_transpiler_code_has_a_row_in_the_diagnostics_docs()
    {
        var docs = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "docs", "diagnostics.md"));
        var codes = typeof(ImageSdk.Transpiler.CSharpToJson.Codes).GetFields().Select(f => (string)f.GetValue(null)!).ToList();

        Assert.NotEmpty(codes);
        Assert.All(codes, code => Assert.Contains($"| <a id=\"{code.ToLowerInvariant()}\"></a>{code} |", docs, StringComparison.Ordinal));
    }

    [Fact]
    public void Csharp_to_json_writes_keys_in_the_order_the_builders_write_them()
    {
        var code = """
            using ImageSdk;
            public static class A
            {
                public static AssemblyBuilder B() => new AssemblyBuilder().Quiet(true).Field("n", 2)
                    .Step("g", new ImageGenerateStep().NumOutputs(2).Seed(7).Prompt("p").Use(":original").Model("flux-schnell"));
            }
            """;
        var builder = new AssemblyBuilder().Quiet(true).Field("n", 2)
            .Step("g", new ImageGenerateStep().NumOutputs(2).Seed(7).Prompt("p").Use(":original").Model("flux-schnell"));

        var json = ImageSdk.Transpiler.AssemblyTranspiler.ToJson(code).Output!;

        Assert.Equal(builder.ToJson(indented: false), System.Text.Json.Nodes.JsonNode.Parse(json)!.ToJsonString());
    }
}
