using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace ImageSdk.Tests;

/// <summary>
/// The design's test of one truth, end to end: a model added only to a copy of schema/models.json, with no C# edit,
/// shows up in a real build of the CLI and in <c>imagesdk models --json</c>.
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
            foreach (var file in new[] { "Directory.Build.props", "Directory.Packages.props" })
            {
                File.Copy(Path.Combine(repo, file), Path.Combine(work, file));
            }

            CopyTree(Path.Combine(repo, "schema"), Path.Combine(work, "schema"));
            CopyTree(Path.Combine(repo, "src"), Path.Combine(work, "src"));

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
