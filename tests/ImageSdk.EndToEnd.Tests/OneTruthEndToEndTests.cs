using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace ImageSdk.Tests;

/// <summary>
/// The design's test of one truth, end to end: a model added only to a copy of schema/models.json, or a parameter added
/// only to a copy of a robot schema, with no C# edit, shows up in a real build of everything that reads the schema.
/// </summary>
public class OneTruthEndToEndTests
{
    /// <summary>The gpt-image-2 copy also duplicates its alias: the build must still pass (IMG9007 is info) and keep the alias with the original.</summary>
    [Theory]
    [Trait("Category", "EndToEnd")]
    [InlineData("recraft-v3", "recraft-v4", "svg")]
    [InlineData("openai/gpt-image-2", "openai/gpt-image-3", "png")]
    public void A_model_added_only_to_models_json_appears_in_imagesdk_models_json(string existing, string added, string defaultFormat)
    {
        var repo = FindRepositoryRoot();
        var work = Directory.CreateTempSubdirectory("imagesdk-one-truth-").FullName;
        try
        {
            CopyRepository(repo, work);

            var catalogPath = Path.Combine(work, "schema", "models.json");
            var catalog = File.ReadAllText(catalogPath);
            var start = catalog.IndexOf($"    {{\n      \"id\": \"{existing}\"", StringComparison.Ordinal);
            var end = catalog.IndexOf("\n    },\n", start, StringComparison.Ordinal) + "\n    },\n".Length;
            var copy = catalog[start..end].Replace($"\"id\": \"{existing}\"", $"\"id\": \"{added}\"", StringComparison.Ordinal);
            File.WriteAllText(catalogPath, catalog.Insert(end, copy));

            var (buildCode, buildOutput) = Exec("dotnet", $"build \"{Path.Combine(work, "src", "Cli")}\" -c Debug -nologo -v q", work);
            Assert.True(buildCode == 0, buildOutput);

            var cli = Path.Combine(work, "src", "Cli", "bin", "Debug", "net10.0", "ImageSdk.Cli.dll");
            var (code, stdout) = Exec("dotnet", $"\"{cli}\" models --json", work);
            Assert.Equal(0, code);
            using var models = JsonDocument.Parse(stdout);
            var entry = models.RootElement.EnumerateArray().Single(m => m.GetProperty("id").GetString() == added);
            Assert.Equal(defaultFormat, entry.GetProperty("defaultFormat").GetString());
            Assert.Equal(9, models.RootElement.GetArrayLength());
            var original = models.RootElement.EnumerateArray().Single(m => m.GetProperty("id").GetString() == existing);
            Assert.Equal(existing == "openai/gpt-image-2" ? "[\"gpt-image-2\"]" : "[]", JsonSerializer.Serialize(original.GetProperty("aliases")));
            Assert.Equal("[]", entry.GetProperty("aliases").GetRawText());
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>
    /// A parameter added only to a copy of robots/image-generate.schema.json reaches the builders and the runner's parameter
    /// constants (a consumer build calls <c>.NegativePrompt(...)</c> and reads <c>ImageGenerateStep.ParameterNames.NegativePrompt</c>),
    /// the schema tables and the validator (an empty value is IMG1304 at its pointer, a value is valid), the analyzer (the same
    /// IMG1304 on the builder call), the transpiler both ways, and a local run.
    /// </summary>
    [Fact]
    [Trait("Category", "EndToEnd")]
    public void A_parameter_added_only_to_a_robot_schema_reaches_builders_tables_analyzer_validator_transpiler_and_runner()
    {
        var repo = FindRepositoryRoot();
        var work = Directory.CreateTempSubdirectory("imagesdk-one-truth-").FullName;
        try
        {
            CopyRepository(repo, work);
            var robotPath = Path.Combine(work, "schema", "robots", "image-generate.schema.json");
            var robot = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(robotPath))!;
            robot["properties"]!.AsObject().Add("negative_prompt", new System.Text.Json.Nodes.JsonObject
            {
                ["description"] = "What the image must not show.",
                ["type"] = "string",
                ["minLength"] = 1,
            });
            File.WriteAllText(robotPath, robot.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

            var (buildCode, buildOutput) = Exec("dotnet", $"build \"{Path.Combine(work, "src", "Cli")}\" -c Debug -nologo -v q", work);
            Assert.True(buildCode == 0, buildOutput);
            var cli = Path.Combine(work, "src", "Cli", "bin", "Debug", "net10.0", "ImageSdk.Cli.dll");

            // The validator and the schema tables: a value is valid (it was IMG1203, an unknown parameter), an empty one is too short.
            File.WriteAllText(Path.Combine(work, "valid.json"), """{"steps": {"g": {"robot": "/image/generate", "prompt": "A fox", "negative_prompt": "blurry"}}}""");
            File.WriteAllText(Path.Combine(work, "empty.json"), """{"steps": {"g": {"robot": "/image/generate", "prompt": "A fox", "negative_prompt": ""}}}""");
            var (validCode, validOutput) = Exec("dotnet", $"\"{cli}\" validate valid.json", work);
            Assert.True(validCode == 0, validOutput);
            var (emptyCode, emptyOutput) = Exec("dotnet", $"\"{cli}\" validate empty.json --json", work);
            Assert.Equal(1, emptyCode);
            Assert.Contains("\"code\": \"IMG1304\"", emptyOutput, StringComparison.Ordinal);
            Assert.Contains("\"path\": \"/steps/g/negative_prompt\"", emptyOutput, StringComparison.Ordinal);

            // The transpiler, both ways.
            var (toCode, toOutput) = Exec("dotnet", $"\"{cli}\" transpile valid.json -o Valid.cs", work);
            Assert.True(toCode == 0, toOutput);
            var csharp = File.ReadAllText(Path.Combine(work, "Valid.cs"));
            Assert.Contains(".NegativePrompt(\"blurry\")", csharp, StringComparison.Ordinal);
            var (backCode, backOutput) = Exec("dotnet", $"\"{cli}\" transpile Valid.cs -o back.json", work);
            Assert.True(backCode == 0, backOutput);
            using (var back = JsonDocument.Parse(File.ReadAllText(Path.Combine(work, "back.json"))))
            {
                Assert.Equal("blurry", back.RootElement.GetProperty("steps").GetProperty("g").GetProperty("negative_prompt").GetString());
            }

            // A local run takes the step.
            var (runCode, runOutput) = Exec("dotnet", $"\"{cli}\" run valid.json --out out", work);
            Assert.True(runCode == 0, runOutput);

            // The builders, the runner's constants and the analyzer, in a consumer build against the copied tree.
            var (consumerCode, consumerOutput) = ConsumerBuild.Run(new System.Collections.Generic.Dictionary<string, string>
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
            }, repo: work);
            Assert.NotEqual(0, consumerCode);
            var errors = consumerOutput.Split('\n').Where(line => line.Contains(": error ", StringComparison.Ordinal)).Distinct().ToList();
            Assert.True(errors.Count > 0 && errors.All(line => line.Contains("Assemblies.cs(9,", StringComparison.Ordinal) && line.Contains("error IMG1304", StringComparison.Ordinal)), consumerOutput);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    internal static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ImageSdk.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("ImageSdk.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Copies what a build of src/ needs: the build props, schema/ and src/.</summary>
    private static void CopyRepository(string repo, string work)
    {
        foreach (var file in new[] { "Directory.Build.props", "Directory.Packages.props", ".editorconfig" })
        {
            File.Copy(Path.Combine(repo, file), Path.Combine(work, file));
        }

        CopyTree(Path.Combine(repo, "schema"), Path.Combine(work, "schema"));
        CopyTree(Path.Combine(repo, "src"), Path.Combine(work, "src"));
    }

    private static void CopyTree(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            var parts = relative.Split(Path.DirectorySeparatorChar);
            if (parts.Contains("bin") || parts.Contains("obj"))
            {
                continue;
            }

            var target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    internal static (int Code, string Output) Exec(string fileName, string arguments, string workingDirectory)
    {
        var info = new ProcessStartInfo(fileName, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var variable in new[] { "MSBuildSDKsPath", "MSBuildExtensionsPath", "MSBUILD_EXE_PATH", "MSBuildLoadMicrosoftTargetsReadOnly" })
        {
            info.Environment.Remove(variable);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {arguments} ran over 5 minutes");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
