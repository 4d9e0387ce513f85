using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using Xunit;

namespace ImageSdk.Tests;

/// <summary>
/// The packages as a stranger uses them: packed to a folder, a fresh console app from <c>dotnet new console</c> adds
/// <c>ImageSdk</c> from it, gets the builders, an IMG1502 build error at its line, the code fix through
/// <c>dotnet format</c>, runs an assembly offline with <c>ImageSdk.Runtime</c>, and installs the <c>imagesdk</c> tool.
/// </summary>
public class PackageConsumerTests
{
    private const string SvgFromGoogle = """
        using ImageSdk;

        var assembly = new AssemblyBuilder()
            .Step("generated", new ImageGenerateStep()
                .Prompt("A lighthouse at dusk")
                .Model(ImageModel.GoogleNanoBanana)
                .Format(ImageFormat.Svg));

        System.Console.WriteLine(assembly.ToJson());
        """;

    private const string RunOffline = """
        using ImageSdk;
        using ImageSdk.Running;

        var assembly = new AssemblyBuilder()
            .Step("generated", new ImageGenerateStep().Prompt("A lighthouse at dusk").Model(ImageModel.FluxSchnell).NumOutputs(2));
        var result = await new AssemblyRunner().RunAsync(assembly, [], new RunOptions { OutputDirectory = "out", Provider = "offline" });
        System.Console.WriteLine($"{result.Ok} {result.Results["generated"].Count} {System.IO.File.Exists(result.Results["generated"][0].Path)}");
        """;

    private const string ResizeRobot = """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "$id": "https://example.com/robots/image-resize.schema.json",
          "title": "/image/resize",
          "description": "Resizes images.",
          "x-imagesdk-builder": "ImageResizeStep",
          "type": "object",
          "properties": {
            "robot": { "const": "/image/resize" },
            "use": { "$ref": "https://schemas.imagesdk.dev/robot-shared.schema.json#/$defs/use" },
            "width": { "description": "The new width in pixels.", "type": "integer", "minimum": 1 },
            "resize_strategy": { "description": "How to fit the image.", "enum": ["fit", "fillcrop", "stretch"], "x-imagesdk-enum": "ResizeStrategy" },
            "result": { "$ref": "https://schemas.imagesdk.dev/robot-shared.schema.json#/$defs/result" }
          },
          "required": ["robot"],
          "additionalProperties": false
        }
        """;

    private const string UseOwnRobot = """
        using ImageSdk;

        var assembly = new AssemblyBuilder()
            .Step("generated", new ImageGenerateStep().Prompt("A lighthouse at dusk"))
            .Step("resized", new ImageResizeStep().Use("generated").Width(320).ResizeStrategy(ResizeStrategy.Fillcrop));
        System.Console.WriteLine(assembly.ToJson(indented: false));
        """;

    [Fact]
    public void A_new_console_app_builds_against_the_packages_gets_the_analyzer_and_its_fix_runs_offline_and_installs_the_tool()
    {
        var repo = OneTruthEndToEndTests.FindRepositoryRoot();
        var work = Directory.CreateTempSubdirectory("imagesdk-packages-").FullName;
        var version = "0.1.0-e2e." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture); // never a stale cached package
        try
        {
            var feed = Path.Combine(work, "feed");
            foreach (var project in new[] { "src/Sdk/ImageSdk.csproj", "src/Runtime/ImageSdk.Runtime.csproj", "src/Cli/ImageSdk.Cli.csproj" })
            {
                Ok(Dotnet($"pack \"{Path.Combine(repo, project)}\" -c Release -o \"{feed}\" -p:Version={version} -nologo -v q", repo));
            }

            // ImageSdk: the library with the generator, the analyzer and the code fixes, no NetVips, at most 3 MB.
            var package = Path.Combine(feed, $"ImageSdk.{version}.nupkg");
            Assert.True(new FileInfo(package).Length <= 3 * 1024 * 1024, $"ImageSdk is {new FileInfo(package).Length} bytes");
            using (var zip = ZipFile.OpenRead(package))
            {
                var entries = zip.Entries.Select(e => e.FullName).ToList();
                Assert.Contains("analyzers/dotnet/roslyn4.8/cs/ImageSdk.Generators.dll", entries);
                Assert.Contains("analyzers/dotnet/roslyn4.8/cs/ImageSdk.Analyzer.dll", entries);
                Assert.Contains("analyzers/dotnet/roslyn4.8/cs/ImageSdk.Analyzer.CodeFixes.dll", entries);
                Assert.Contains("lib/net10.0/ImageSdk.dll", entries);
                Assert.Contains("README.md", entries);
                using var nuspec = new StreamReader(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
                var metadata = nuspec.ReadToEnd();
                Assert.DoesNotContain("NetVips", metadata, StringComparison.OrdinalIgnoreCase);
                Assert.Contains("<license type=\"expression\">MIT</license>", metadata, StringComparison.Ordinal);
                Assert.Contains("<icon>icon.png</icon>", metadata, StringComparison.Ordinal);
                Assert.Contains("<repository type=\"git\" url=\"https://github.com/imagesdk/imagesdk\"", metadata, StringComparison.Ordinal);
            }

            Assert.True(File.Exists(Path.Combine(feed, $"ImageSdk.{version}.snupkg")));

            // A fresh console app: the analyzer fails the build at the line of the svg format...
            Ok(Dotnet("new console -o app", work));
            var app = Path.Combine(work, "app");
            Ok(Dotnet($"add package ImageSdk --version {version} --source \"{feed}\"", app));
            File.WriteAllText(Path.Combine(app, "Program.cs"), SvgFromGoogle);
            var (code, output) = Dotnet("build -nologo -v q", app);
            Assert.NotEqual(0, code);
            Assert.Contains("Program.cs(7,17): error IMG1502", output, StringComparison.Ordinal);

            // ...dotnet format applies the code fix, and the fixed program builds and runs.
            Ok(Dotnet("format analyzers --diagnostics IMG1502 --severity error", app));
            var fixedProgram = File.ReadAllText(Path.Combine(app, "Program.cs"));
            Assert.Contains(".Format(ImageFormat.Png)", fixedProgram, StringComparison.Ordinal);
            Assert.Contains(".Model(ImageModel.GoogleNanoBanana)", fixedProgram, StringComparison.Ordinal); // the model the app names stays
            var ran = Ok(Dotnet("run -nologo -v q", app));
            Assert.Contains("\"format\": \"png\"", ran, StringComparison.Ordinal);

            // The runtime package runs an assembly offline.
            Ok(Dotnet($"add package ImageSdk.Runtime --version {version} --source \"{feed}\"", app));
            File.WriteAllText(Path.Combine(app, "Program.cs"), RunOffline);
            Assert.Contains("ASSEMBLY_COMPLETED 2 True", Ok(Dotnet("run -nologo -v q", app)), StringComparison.Ordinal);

            // A robot schema of the app's own, as AdditionalFiles with ImageSdkSchema="robot", gets a builder in the app, with
            // the package's shared definitions by $ref; the generated source can be looked at with EmitCompilerGeneratedFiles.
            Directory.CreateDirectory(Path.Combine(app, "robots"));
            File.WriteAllText(Path.Combine(app, "robots", "image-resize.schema.json"), ResizeRobot);
            var appProject = Path.Combine(app, "app.csproj");
            File.WriteAllText(appProject, File.ReadAllText(appProject).Replace("</Project>", """
                  <ItemGroup>
                    <AdditionalFiles Include="robots/image-resize.schema.json" ImageSdkSchema="robot" />
                  </ItemGroup>
                </Project>
                """, StringComparison.Ordinal));
            File.WriteAllText(Path.Combine(app, "Program.cs"), UseOwnRobot);
            Ok(Dotnet("build -nologo -v q -p:EmitCompilerGeneratedFiles=true", app));
            Assert.Single(Directory.GetFiles(app, "ImageSdk.ImageResizeStep.g.cs", SearchOption.AllDirectories));
            Assert.Empty(Directory.GetFiles(app, "ImageSdk.ImageGenerateStep.g.cs", SearchOption.AllDirectories)); // the package's own: in ImageSdk.dll
            Assert.Contains("""{"robot":"/image/resize","use":"generated","width":320,"resize_strategy":"fillcrop"}""", Ok(Dotnet("run -nologo -v q", app)), StringComparison.Ordinal);

            // The tool installs as imagesdk from the folder, within 100 MB, and validates.
            var tools = Path.Combine(work, "tools");
            Ok(Dotnet($"tool install ImageSdk.Cli --version {version} --tool-path \"{tools}\" --add-source \"{feed}\"", work));
            var size = Directory.EnumerateFiles(tools, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
            Assert.True(size <= 100L * 1024 * 1024, $"the tool installs to {size / 1024 / 1024} MB");
            var sample = Path.Combine(repo, "samples", "assemblies", "seed-inpaint.json");
            var validated = Ok(OneTruthEndToEndTests.Exec(Path.Combine(tools, OperatingSystem.IsWindows() ? "imagesdk.exe" : "imagesdk"), $"validate \"{sample}\"", work));
            Assert.Contains("1 file: valid", validated, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static (int Code, string Output) Dotnet(string arguments, string directory) => OneTruthEndToEndTests.Exec("dotnet", arguments, directory);

    private static string Ok((int Code, string Output) result)
    {
        Assert.True(result.Code == 0, result.Output);
        return result.Output;
    }
}
