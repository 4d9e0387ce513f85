using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ImageSdk.Tests;

/// <summary>
/// The design's test of one truth, end to end: models added only to a copy of schema/models.json, and a parameter added
/// only to a copy of a robot schema, with no C# edit, show up in a real build of everything that reads the schema. The
/// copy, with all three additions, is built once (<see cref="EditedSchemaBuild"/>) and shared by the tests.
/// </summary>
public class OneTruthEndToEndTests(EditedSchemaBuild build) : IClassFixture<EditedSchemaBuild>
{
    /// <summary>The gpt-image-2 copy also duplicates its alias: the build must still pass (IMG9007 is info) and keep the alias with the original.</summary>
    [FullBuildTheory]
    [Trait("Category", "EndToEnd")]
    [InlineData("recraft-v3", "recraft-v4", "svg")]
    [InlineData("openai/gpt-image-2", "openai/gpt-image-3", "png")]
    public void A_model_added_only_to_models_json_appears_in_imagesdk_models_json(string existing, string added, string defaultFormat)
    {
        Assert.Contains((existing, added), EditedSchemaBuild.AddedModels);

        var (code, stdout) = build.Cli("models --json");

        Assert.Equal(0, code);
        using var models = JsonDocument.Parse(stdout);
        var entry = models.RootElement.EnumerateArray().Single(m => m.GetProperty("id").GetString() == added);
        Assert.Equal(defaultFormat, entry.GetProperty("default_format").GetString());
        Assert.Equal(build.CatalogIds, models.RootElement.EnumerateArray().Select(m => m.GetProperty("id").GetString()!).Order(StringComparer.Ordinal));
        var original = models.RootElement.EnumerateArray().Single(m => m.GetProperty("id").GetString() == existing);
        Assert.Equal(existing == "openai/gpt-image-2" ? "[\"gpt-image-2\"]" : "[]", JsonSerializer.Serialize(original.GetProperty("aliases")));
        Assert.Equal("[]", entry.GetProperty("aliases").GetRawText());
    }

    /// <summary>
    /// A parameter added only to a copy of robots/image-generate.schema.json reaches the builders and the runner's parameter
    /// constants (a consumer build calls <c>.NegativePrompt(...)</c> and reads <c>ImageGenerateStep.ParameterNames.NegativePrompt</c>),
    /// the schema tables and the validator (an empty value is IMG1304 at its pointer, a value is valid), the analyzer (the same
    /// IMG1304 on the builder call), the transpiler both ways, and a local run.
    /// </summary>
    [FullBuildFact]
    [Trait("Category", "EndToEnd")]
    public void A_parameter_added_only_to_a_robot_schema_reaches_builders_tables_analyzer_validator_transpiler_and_runner()
    {
        var work = Directory.CreateTempSubdirectory("imagesdk-one-truth-").FullName;
        try
        {
            // The validator and the schema tables: a value is valid (it was IMG1203, an unknown parameter), an empty one is too short.
            File.WriteAllText(Path.Combine(work, "valid.json"), """{"steps": {"g": {"robot": "/image/generate", "prompt": "A fox", "negative_prompt": "blurry"}}}""");
            File.WriteAllText(Path.Combine(work, "empty.json"), """{"steps": {"g": {"robot": "/image/generate", "prompt": "A fox", "negative_prompt": ""}}}""");
            var (validCode, validOutput) = build.Cli("validate valid.json", work);
            Assert.True(validCode == 0, validOutput);
            var (emptyCode, emptyOutput) = build.Cli("validate empty.json --json", work);
            Assert.Equal(1, emptyCode);
            Assert.Contains("\"code\": \"IMG1304\"", emptyOutput, StringComparison.Ordinal);
            Assert.Contains("\"path\": \"/steps/g/negative_prompt\"", emptyOutput, StringComparison.Ordinal);

            // The transpiler, both ways.
            var (toCode, toOutput) = build.Cli("transpile valid.json -o Valid.cs", work);
            Assert.True(toCode == 0, toOutput);
            var csharp = File.ReadAllText(Path.Combine(work, "Valid.cs"));
            Assert.Contains(".NegativePrompt(\"blurry\")", csharp, StringComparison.Ordinal);
            var (backCode, backOutput) = build.Cli("transpile Valid.cs -o back.json", work);
            Assert.True(backCode == 0, backOutput);
            using (var back = JsonDocument.Parse(File.ReadAllText(Path.Combine(work, "back.json"))))
            {
                Assert.Equal("blurry", back.RootElement.GetProperty("steps").GetProperty("g").GetProperty("negative_prompt").GetString());
            }

            // A local run takes the step.
            var (runCode, runOutput) = build.Cli("run valid.json --out out", work);
            Assert.True(runCode == 0, runOutput);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }

        // The builders, the runner's constants and the analyzer, in a consumer build against the copy's builds.
        var (consumerCode, consumerOutput) = build.Consumer.Run(new System.Collections.Generic.Dictionary<string, string>
        {
            ["Assemblies.cs"] = """
                using ImageSdk;

                public static class Assemblies
                {
                    public const string Name = ImageGenerateStep.ParameterNames.NegativePrompt;

                    public static AssemblyBuilder Valid() => new AssemblyBuilder().Step("g", new ImageGenerateStep().Prompt("A fox").NegativePrompt("blurry"));

                    public static AssemblyBuilder Empty() => new AssemblyBuilder().Step("g", new ImageGenerateStep().Prompt("A fox").NegativePrompt(""));
                }
                """,
        });
        Assert.NotEqual(0, consumerCode);
        var errors = consumerOutput.Split('\n').Where(line => line.Contains(": error ", StringComparison.Ordinal)).Distinct().ToList();
        Assert.True(errors.Count > 0 && errors.All(line => line.Contains("Assemblies.cs(9,", StringComparison.Ordinal) && line.Contains("error IMG1304", StringComparison.Ordinal)), consumerOutput);
    }
}

/// <summary>
/// A copy of the repository whose schema gains, with no C# edit, two models (copies of existing ones under new ids) and a
/// robot parameter (<c>negative_prompt</c>), built once (src/Cli, Debug) in its own <see cref="Workspace"/> on first use.
/// </summary>
public sealed class EditedSchemaBuild : IDisposable
{
    /// <summary>The models added: each a copy of an existing one under a new id.</summary>
    public static readonly (string Existing, string Added)[] AddedModels = [("recraft-v3", "recraft-v4"), ("openai/gpt-image-2", "openai/gpt-image-3")];

    private readonly Lazy<Built> _built = new(Build);

    /// <summary>The ids of the edited catalog, in ordinal order.</summary>
    public IReadOnlyList<string> CatalogIds => _built.Value.CatalogIds;

    /// <summary>A consumer of the copy's SDK and analyzer.</summary>
    internal ConsumerBuild Consumer => _built.Value.Consumer;

    /// <summary>Runs the copy's CLI in <paramref name="directory"/> (the workspace when null).</summary>
    public (int Code, string Output) Cli(string arguments, string? directory = null)
    {
        var built = _built.Value;
        return built.Workspace.Exec("dotnet", $"\"{built.Cli}\" {arguments}", directory ?? built.Workspace.Root);
    }

    public void Dispose()
    {
        if (_built.IsValueCreated)
        {
            _built.Value.Workspace.Dispose();
        }
    }

    private static Built Build()
    {
        var workspace = new Workspace("one-truth");
        try
        {
            var repo = workspace.CopyRepository();

            var catalogPath = Path.Combine(repo, "schema", "models.json");
            var catalog = File.ReadAllText(catalogPath);
            foreach (var (existing, added) in AddedModels)
            {
                var start = catalog.IndexOf($"    {{\n      \"id\": \"{existing}\"", StringComparison.Ordinal);
                var end = catalog.IndexOf("\n    },\n", start, StringComparison.Ordinal) + "\n    },\n".Length;
                var copy = catalog[start..end].Replace($"\"id\": \"{existing}\"", $"\"id\": \"{added}\"", StringComparison.Ordinal);
                catalog = catalog.Insert(end, copy);
            }

            File.WriteAllText(catalogPath, catalog);

            var robotPath = Path.Combine(repo, "schema", "robots", "image-generate.schema.json");
            var robot = JsonNode.Parse(File.ReadAllText(robotPath))!;
            robot["properties"]!.AsObject().Add("negative_prompt", new JsonObject
            {
                ["description"] = "What the image must not show.",
                ["type"] = "string",
                ["minLength"] = 1,
            });
            File.WriteAllText(robotPath, robot.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

            Workspace.Ok(workspace.Dotnet($"build \"{Path.Combine(repo, "src", "Cli")}\" -c Debug -nologo -v q"));
            return new Built(
                workspace,
                Path.Combine(repo, "src", "Cli", "bin", "Debug", "net10.0", "ImageSdk.Cli.dll"),
                new ConsumerBuild(
                    workspace,
                    Path.Combine(repo, "src", "Sdk", "bin", "Debug", "net10.0", "ImageSdk.dll"),
                    Path.Combine(repo, "src", "Analyzer", "bin", "Debug", "netstandard2.0", "ImageSdk.Analyzer.dll")),
                JsonNode.Parse(catalog)!["models"]!.AsArray().Select(m => m!["id"]!.GetValue<string>()).Order(StringComparer.Ordinal).ToList());
        }
        catch
        {
            workspace.Dispose();
            throw;
        }
    }

    private sealed record Built(Workspace Workspace, string Cli, ConsumerBuild Consumer, IReadOnlyList<string> CatalogIds);
}
