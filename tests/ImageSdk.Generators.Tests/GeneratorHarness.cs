using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace ImageSdk.Generators.Tests;

/// <summary>An additional file held in memory.</summary>
internal sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
{
    private readonly SourceText _text = SourceText.From(text);

    public override string Path { get; } = path;

    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}

/// <summary>Runs the generator over schema files, with the hand-written runtime, against Basic.Reference.Assemblies (no reference packs are downloaded).</summary>
internal static class GeneratorHarness
{
    public static string SchemaDirectory => Path.Combine(AppContext.BaseDirectory, "schema");

    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest, DocumentationMode.Diagnose);

    /// <summary>The real schema/ files, keyed by their path relative to schema/.</summary>
    public static Dictionary<string, string> SchemaFiles() =>
        Directory.EnumerateFiles(SchemaDirectory, "*.json", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(SchemaDirectory, f).Replace('\\', '/'), File.ReadAllText, StringComparer.Ordinal);

    public static ImmutableArray<AdditionalText> Texts(IReadOnlyDictionary<string, string> files) =>
        files.OrderBy(f => f.Key, StringComparer.Ordinal)
            .Select(f => (AdditionalText)new InMemoryAdditionalText("/repo/schema/" + f.Key, f.Value))
            .ToImmutableArray();

    // Syntax trees and compilations are immutable: every test that starts from the runtime starts from this one compilation
    // (its sources are read and parsed once per test run), and every generator run makes a new compilation of its own from it.
    private static readonly Lazy<CSharpCompilation> s_runtime = new(() =>
    {
        var runtime = Path.Combine(AppContext.BaseDirectory, "runtime");
        var trees = Directory.EnumerateFiles(runtime, "*.cs", SearchOption.AllDirectories)
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), ParseOptions, path: f));
        return CSharpCompilation.Create(
            "ImageSdk",
            trees,
            Basic.Reference.Assemblies.Net100.References.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
    });

    private static readonly Lazy<(GeneratorDriver Driver, Compilation Output, ImmutableArray<Diagnostic> Diagnostics)> s_realSchemaRun =
        new(() => Run(SchemaFiles()));

    /// <summary>A compilation of the runtime sources of src/Sdk, without the generated code.</summary>
    public static CSharpCompilation RuntimeCompilation() => s_runtime.Value;

    /// <summary>
    /// The generator's run over the real schema/ files, unchanged, made once per test run and shared by the tests that read it
    /// (a run and its compilation are immutable; the compilation's diagnostics are computed once, by the first test that asks).
    /// </summary>
    public static (GeneratorDriver Driver, Compilation Output, ImmutableArray<Diagnostic> Diagnostics) RealSchemaRun() => s_realSchemaRun.Value;

    public static GeneratorDriver CreateDriver(ImmutableArray<AdditionalText> texts, AnalyzerConfigOptionsProvider? options = null) =>
        CSharpGeneratorDriver.Create(
            new[] { new ImageSdkGenerator().AsSourceGenerator() },
            texts,
            ParseOptions,
            options,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator; the files named in <paramref name="userRobots"/> are the project's own robot schemas (<c>ImageSdkSchema="robot"</c>).</summary>
    public static (GeneratorDriver Driver, Compilation Output, ImmutableArray<Diagnostic> Diagnostics) Run(
        IReadOnlyDictionary<string, string> files, Compilation? compilation = null, IEnumerable<string>? userRobots = null)
    {
        compilation ??= RuntimeCompilation();
        var options = userRobots is null ? null : new TestOptionsProvider(
            new Dictionary<string, string>(),
            userRobots.ToDictionary(f => "/repo/schema/" + f, _ => new Dictionary<string, string> { ["build_metadata.AdditionalFiles.ImageSdkSchema"] = "robot" }));
        var driver = CreateDriver(Texts(files), options).RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        return (driver, output, diagnostics);
    }

    /// <summary>The generated files by hint name, with the generator version scrubbed.</summary>
    public static SortedDictionary<string, string> Generated(GeneratorDriver driver)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in driver.GetRunResult().Results.Single().GeneratedSources)
        {
            result[source.HintName] = source.SourceText.ToString().Replace(
                $"\"ImageSdk.Generators\", \"{typeof(ImageSdkGenerator).Assembly.GetName().Version}\"", "\"ImageSdk.Generators\", \"VERSION\"");
        }

        return result;
    }

    /// <summary>The generator's own diagnostics (IMG9xxx) of a run.</summary>
    public static ImmutableArray<Diagnostic> GeneratorDiagnostics(GeneratorDriver driver) =>
        driver.GetRunResult().Results.Single().Diagnostics;

    public static void AssertNoException(GeneratorDriver driver)
    {
        var exception = driver.GetRunResult().Results.Single().Exception;
        Assert.True(exception is null, "the generator threw: " + exception);
    }
}

/// <summary>Build properties (global options) and item metadata per additional file, as MSBuild hands them to the generator.</summary>
internal sealed class TestOptionsProvider(Dictionary<string, string> global, Dictionary<string, Dictionary<string, string>>? perFile = null) : AnalyzerConfigOptionsProvider
{
    public override AnalyzerConfigOptions GlobalOptions { get; } = new TestOptions(global);

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new TestOptions(new Dictionary<string, string>());

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) =>
        new TestOptions(perFile is not null && perFile.TryGetValue(textFile.Path, out var values) ? values : new Dictionary<string, string>());

    private sealed class TestOptions(Dictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
    }
}
