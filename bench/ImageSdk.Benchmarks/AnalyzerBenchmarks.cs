extern alias analyzer;

using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ImageSdk.Benchmarks;

/// <summary>
/// The analyzer's cost on a build: a generated project of 500 builder steps (50 methods of 10 steps), compiled and emitted
/// with and without the analyzer, in process (a real build runs analyzers concurrently with the compiler, so this ratio is
/// an upper bound). References: ImageSdk.dll and the running runtime's assemblies.
/// </summary>
[MemoryDiagnoser]
public class AnalyzerBenchmarks
{
    private CSharpCompilation _compilation = null!;
    private ImmutableArray<DiagnosticAnalyzer> _analyzers;

    [GlobalSetup]
    public void Setup()
    {
        var source = new StringBuilder("using ImageSdk;\n\npublic static class Assemblies\n{\n");
        for (var m = 0; m < 50; m++)
        {
            source.Append("    public static AssemblyBuilder Build").Append(m).Append("(string prompt) => new AssemblyBuilder()\n        .Step(new UploadHandleStep())\n");
            for (var s = 0; s < 10; s++)
            {
                var previous = s == 0 ? ":original" : $"s{s - 1}";
                source.Append($"        .Step(\"s{s}\", new ImageGenerateStep().Prompt(prompt).Model(ImageModel.GoogleNanoBananaPro).Format(ImageFormat.Png).NumOutputs({1 + (s % 4)}).AspectRatio(\"16:9\").Seed({m * 10 + s}).Use(ImageGenerateInput.Image(\"{previous}\")).OutputMeta(OutputMetaField.Blurhash))\n");
            }

            source.Append("        ;\n\n");
        }

        source.Append("}\n");
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => p.Length > 0)
            .Select(p => MetadataReference.CreateFromFile(p))
            .Append(MetadataReference.CreateFromFile(typeof(AssemblyBuilder).Assembly.Location));
        _compilation = CSharpCompilation.Create(
            "FiveHundredSteps",
            new[] { CSharpSyntaxTree.ParseText(source.ToString()) },
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        _analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new analyzer::ImageSdk.Analyzer.AssemblyBuilderAnalyzer());

        var errors = _compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException(string.Join("\n", errors.Take(5)));
        }
    }

    [Benchmark(Baseline = true, Description = "compile + emit, 500 steps")]
    public long Build()
    {
        using var output = new MemoryStream();
        var compilation = _compilation.Clone(); // no cached binding between iterations
        return compilation.Emit(output).Success ? output.Length : -1;
    }

    [Benchmark(Description = "compile + emit + ImageSdk analyzer, 500 steps")]
    public long BuildWithAnalyzer()
    {
        using var output = new MemoryStream();
        var compilation = _compilation.Clone();
        var diagnostics = compilation.WithAnalyzers(_analyzers).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        return compilation.Emit(output).Success ? output.Length + diagnostics.Length : -1;
    }
}
