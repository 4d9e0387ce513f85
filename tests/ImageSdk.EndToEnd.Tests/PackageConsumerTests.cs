using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Runtime.InteropServices;
using static ImageSdk.Tests.Workspace;

namespace ImageSdk.Tests;

/// <summary>
/// The packages as a stranger uses them: packed to a folder, a fresh console app from <c>dotnet new console</c> adds
/// <c>ImageSdk</c> from it, gets the builders, an IMG1502 build error at its line, the code fix through
/// <c>dotnet format</c>, runs an assembly offline with <c>ImageSdk.Runtime</c>, runs a robot of its own schema with its own
/// executor, and installs the <c>imagesdk</c> tool.
/// </summary>
public class PackageConsumerTests(PackedFeed feed) : IClassFixture<PackedFeed>
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

    private const string WatermarkRobot = """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "$id": "https://example.com/robots/acme-watermark.schema.json",
          "title": "/acme/watermark",
          "description": "Stamps a watermark (a robot of the app's own; the package has /image/resize).",
          "x-imagesdk-builder": "AcmeWatermarkStep",
          "type": "object",
          "properties": {
            "robot": { "const": "/acme/watermark" },
            "use": { "$ref": "https://schemas.imagesdk.dev/robot-shared.schema.json#/$defs/use" },
            "width": { "description": "The mark's width in pixels.", "type": "integer", "minimum": 1 },
            "position": { "description": "Where the mark goes.", "enum": ["center", "bottom-left", "bottom-right"], "x-imagesdk-enum": "WatermarkPosition" },
            "result": { "$ref": "https://schemas.imagesdk.dev/robot-shared.schema.json#/$defs/result" }
          },
          "required": ["robot"],
          "additionalProperties": false
        }
        """;

    /// <summary>An assembly run offline with ImageSdk.Runtime, then a step of the app's own robot schema, run by the app's own executor.</summary>
    private const string RunOfflineAndUseOwnRobot = """
        using ImageSdk;
        using ImageSdk.Running;

        var assembly = new AssemblyBuilder()
            .Step("generated", new ImageGenerateStep().Prompt("A lighthouse at dusk").Model(ImageModel.FluxSchnell).NumOutputs(2));
        var result = await new AssemblyRunner().RunAsync(assembly, [], new RunOptions { OutputDirectory = "out", Provider = "offline" });
        System.Console.WriteLine($"{result.Ok} {result.Results["generated"].Count} {System.IO.File.Exists(result.Results["generated"][0].Path)}");

        var marked = new AssemblyBuilder()
            .Step("generated", new ImageGenerateStep().Prompt("A lighthouse at dusk"))
            .Step("marked", new AcmeWatermarkStep().Use("generated").Width(320).Position(WatermarkPosition.BottomRight));
        System.Console.WriteLine(marked.ToJson(indented: false));

        // The app's own executor runs its robot here: validated by the robot's schema, planned and run like the package's.
        var runner = new AssemblyRunner(null, [new WatermarkExecutor()]);
        var stamped = await runner.RunAsync(marked, [], new RunOptions { OutputDirectory = "stamped", Provider = "offline" });
        System.Console.WriteLine($"STAMPED {stamped.Ok} {stamped.Results["marked"].Count} {System.IO.File.ReadAllText(stamped.Results["marked"][0].Path!)}");
        var refused = await runner.RunAsync("{\"steps\": {\"marked\": {\"robot\": \"/acme/watermark\", \"width\": 0}}}", [], new RunOptions { OutputDirectory = "refused" });
        System.Console.WriteLine($"REFUSED {refused.Error} {string.Join(",", refused.Findings.Select(f => f.Path))}");

        sealed class WatermarkExecutor : IStepExecutor
        {
            public string Robot => AcmeWatermarkStep.RobotName;

            public ImageSdk.Tables.RobotSpec? Schema => AcmeWatermarkStep.Spec;

            public StepPlan Plan(StepContext context) => StepPlan.Local(context);

            public async Task<IReadOnlyList<ResultFile>> ExecuteAsync(StepPlan plan, StepContext context)
            {
                var files = new List<ResultFile>();
                foreach (var file in context.Inputs.SelectMany(i => i.Files ?? []))
                {
                    var mark = $"{context.GetInteger(AcmeWatermarkStep.ParameterNames.Width)} {context.GetString(AcmeWatermarkStep.ParameterNames.Position)}";
                    files.Add(await context.WriteFileAsync(file.Basename + ".txt", System.Text.Encoding.UTF8.GetBytes(mark), from: file));
                }

                return files;
            }
        }
        """;

    [FullBuildFact]
    [Trait("Category", "EndToEnd")]
    public void A_new_console_app_builds_against_the_packages_gets_the_analyzer_and_its_fix_runs_offline_and_installs_the_tool()
    {
        var version = feed.Version;

        // ImageSdk: the library with the generator, the analyzer and the code fixes, no NetVips, at most 3 MB.
        var package = Path.Combine(feed.Workspace.Feed, $"ImageSdk.{version}.nupkg");
        Assert.True(new FileInfo(package).Length <= 3 * 1024 * 1024, $"ImageSdk is {new FileInfo(package).Length} bytes");
        using (var zip = ZipFile.OpenRead(package))
        {
            var entries = zip.Entries.Select(e => e.FullName).ToList();
            Assert.Contains("analyzers/dotnet/roslyn4.8/cs/ImageSdk.Generators.dll", entries);
            Assert.Contains("analyzers/dotnet/roslyn4.8/cs/ImageSdk.Analyzer.dll", entries);
            Assert.Contains("analyzers/dotnet/roslyn4.8/cs/ImageSdk.Analyzer.CodeFixes.dll", entries);
            Assert.Contains("buildTransitive/ImageSdk.targets", entries);
            Assert.Equal(
                ["buildTransitive/readytorun/linux-arm64/ImageSdk.Analyzer.dll", "buildTransitive/readytorun/linux-x64/ImageSdk.Analyzer.dll", "buildTransitive/readytorun/osx-arm64/ImageSdk.Analyzer.dll", "buildTransitive/readytorun/win-x64/ImageSdk.Analyzer.dll"],
                entries.Where(e => e.StartsWith("buildTransitive/readytorun/", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
            Assert.Contains("lib/net10.0/ImageSdk.dll", entries);
            Assert.Contains("README.md", entries);
            using var nuspec = new StreamReader(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
            var metadata = nuspec.ReadToEnd();
            Assert.DoesNotContain("NetVips", metadata, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("<license type=\"expression\">MIT</license>", metadata, StringComparison.Ordinal);
            Assert.Contains("<icon>icon.png</icon>", metadata, StringComparison.Ordinal);
            Assert.Contains("<repository type=\"git\" url=\"https://github.com/imagesdk/imagesdk\"", metadata, StringComparison.Ordinal);
        }

        Assert.True(File.Exists(Path.Combine(feed.Workspace.Feed, $"ImageSdk.{version}.snupkg")));

        // A fresh console app: the analyzer fails the build at the line of the svg format...
        var work = feed.Workspace.Root;
        Ok(feed.Workspace.Dotnet("new console -o app --no-restore", work));
        var app = Path.Combine(work, "app");
        Ok(feed.Workspace.Dotnet($"add package ImageSdk --version {version}", app));
        File.WriteAllText(Path.Combine(app, "Program.cs"), SvgFromGoogle);
        var (code, output) = feed.Workspace.Dotnet("build -nologo -v q --no-restore", app);
        Assert.NotEqual(0, code);
        Assert.Contains("Program.cs(7,17): error IMG1502", output, StringComparison.Ordinal);

        // ...with the ReadyToRun analyzer made for the platform the SDK runs on, where the package has one (the build above
        // proves that it loads and reports), instead of the IL one; -p:ImageSdkReadyToRunAnalyzer=false keeps the IL one.
        var sdkRid = Ok(feed.Workspace.Dotnet("msbuild -nologo -getProperty:NETCoreSdkRuntimeIdentifier", app)).Trim();
        var readyToRun = $"buildTransitive/readytorun/{sdkRid}/ImageSdk.Analyzer.dll";
        const string IlAnalyzer = "analyzers/dotnet/roslyn4.8/cs/ImageSdk.Analyzer.dll";
        var analyzers = Ok(feed.Workspace.Dotnet("msbuild -nologo -t:ResolveLockFileAnalyzers -getItem:Analyzer", app)).Replace("\\\\", "/", StringComparison.Ordinal);
        var hasCopy = sdkRid is "linux-x64" or "linux-arm64" or "osx-arm64" or "win-x64";
        Assert.Equal(hasCopy, analyzers.Contains(readyToRun, StringComparison.Ordinal));
        Assert.Equal(!hasCopy, analyzers.Contains(IlAnalyzer, StringComparison.Ordinal));
        var optedOut = Ok(feed.Workspace.Dotnet("msbuild -nologo -t:ResolveLockFileAnalyzers -getItem:Analyzer -p:ImageSdkReadyToRunAnalyzer=false", app)).Replace("\\\\", "/", StringComparison.Ordinal);
        Assert.Contains(IlAnalyzer, optedOut, StringComparison.Ordinal);
        Assert.DoesNotContain("readytorun", optedOut, StringComparison.Ordinal);

        // ...dotnet format applies the code fix, and the fixed program builds and runs.
        Ok(feed.Workspace.Dotnet("format analyzers --diagnostics IMG1502 --severity error --no-restore", app));
        var fixedProgram = File.ReadAllText(Path.Combine(app, "Program.cs"));
        Assert.Contains(".Format(ImageFormat.Png)", fixedProgram, StringComparison.Ordinal);
        Assert.Contains(".Model(ImageModel.GoogleNanoBanana)", fixedProgram, StringComparison.Ordinal); // the model the app names stays
        var ran = Ok(feed.Workspace.Dotnet("run -nologo -v q --no-restore", app));
        Assert.Contains("\"format\": \"png\"", ran, StringComparison.Ordinal);

        // The runtime package runs an assembly offline. A robot schema of the app's own, as AdditionalFiles with
        // ImageSdkSchema="robot", gets a builder in the app, with the package's shared definitions by $ref; the generated
        // source can be looked at with EmitCompilerGeneratedFiles.
        Ok(feed.Workspace.Dotnet($"add package ImageSdk.Runtime --version {version}", app));
        Directory.CreateDirectory(Path.Combine(app, "robots"));
        File.WriteAllText(Path.Combine(app, "robots", "acme-watermark.schema.json"), WatermarkRobot);
        var appProject = Path.Combine(app, "app.csproj");
        File.WriteAllText(appProject, File.ReadAllText(appProject).Replace("</Project>", """
              <PropertyGroup>
                <EmitCompilerGeneratedFiles>true</EmitCompilerGeneratedFiles>
              </PropertyGroup>
              <ItemGroup>
                <AdditionalFiles Include="robots/acme-watermark.schema.json" ImageSdkSchema="robot" />
              </ItemGroup>
            </Project>
            """, StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(app, "Program.cs"), RunOfflineAndUseOwnRobot);
        var both = Ok(feed.Workspace.Dotnet("run -nologo -v q --no-restore", app));
        Assert.Contains("ASSEMBLY_COMPLETED 2 True", both, StringComparison.Ordinal);
        Assert.Contains("""{"robot":"/acme/watermark","use":"generated","width":320,"position":"bottom-right"}""", both, StringComparison.Ordinal);
        Assert.Contains("STAMPED ASSEMBLY_COMPLETED 1 320 bottom-right", both, StringComparison.Ordinal);
        Assert.Contains("REFUSED INVALID_ASSEMBLY_INSTRUCTIONS /steps/marked/width", both, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(app, "ImageSdk.AcmeWatermarkStep.g.cs", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetFiles(app, "ImageSdk.ImageGenerateStep.g.cs", SearchOption.AllDirectories)); // the package's own: in ImageSdk.dll

        // The tool installs as imagesdk from the folder, within 100 MB, and validates.
        var tools = Path.Combine(work, "tools");
        Ok(feed.Workspace.Dotnet($"tool install ImageSdk.Cli --version {version} --tool-path \"{tools}\"", work));
        var size = Directory.EnumerateFiles(tools, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        Assert.True(size <= 100L * 1024 * 1024, $"the tool installs to {size / 1024 / 1024} MB");
        var sample = Path.Combine(Workspace.Repository, "samples", "assemblies", "seed-inpaint.json");
        var validated = Ok(feed.Workspace.Exec(Path.Combine(tools, OperatingSystem.IsWindows() ? "imagesdk.exe" : "imagesdk"), $"validate \"{sample}\"", work));
        Assert.Contains("1 file: valid", validated, StringComparison.Ordinal);

        // Everything restored went to the workspace's packages folder: nothing of this version in the user's NuGet cache.
        Assert.NotEmpty(Directory.GetDirectories(feed.Workspace.Packages, version, SearchOption.AllDirectories));
        foreach (var id in new[] { "imagesdk", "imagesdk.runtime", "imagesdk.cli", "imagesdk.cli." + PackedFeed.ToolPlatform })
        {
            Assert.False(Directory.Exists(Path.Combine(Workspace.UserPackages, id, version)), $"{id} {version} is in {Workspace.UserPackages}");
        }
    }
}

/// <summary>
/// The packages, packed once from a copy of the repository (Release, into a <see cref="Workspace"/>'s feed) with a version
/// no cache has seen; the tool for this machine's platform only. Packed on first use: a skipped test packs nothing.
/// </summary>
public sealed class PackedFeed : IDisposable
{
    private readonly Lazy<Workspace> _workspace;

    public PackedFeed() => _workspace = new(Pack);

    /// <summary>The runtime identifier of the one tool platform packed: this machine's.</summary>
    public static string ToolPlatform { get; } =
        (OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux") + "-" + RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant();

    /// <summary>A version no NuGet cache holds, so that no stale package is ever restored.</summary>
    public string Version { get; } = "0.1.0-e2e." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The workspace whose feed holds the packages.</summary>
    internal Workspace Workspace => _workspace.Value;

    public void Dispose()
    {
        if (_workspace.IsValueCreated)
        {
            _workspace.Value.Dispose();
        }
    }

    private Workspace Pack()
    {
        var workspace = new Workspace("packages");
        try
        {
            // Every project of src/, as dotnet pack ImageSdk.sln has them: a project left out of a solution build is built
            // in its own default configuration, and the SDK package takes the analyzers from their Release folders.
            var repo = workspace.CopyRepository();
            var projects = Directory.GetFiles(Path.Combine(repo, "src"), "*.csproj", SearchOption.AllDirectories)
                .Select(p => $"  <Project Path=\"{Path.GetRelativePath(repo, p)}\" />");
            File.WriteAllText(Path.Combine(repo, "Packages.slnx"), $"<Solution>\n{string.Join("\n", projects)}\n</Solution>\n");
            Ok(workspace.Dotnet($"pack Packages.slnx -c Release -o \"{workspace.Feed}\" -p:Version={Version} -p:ToolPackageRuntimeIdentifiers={ToolPlatform} -nologo -v q", repo));
            return workspace;
        }
        catch
        {
            workspace.Dispose();
            throw;
        }
    }
}
