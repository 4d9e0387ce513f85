using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using ImageSdk.Generators;
using ImageSdk.Generators.Json;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace ImageSdk.Benchmarks;

/// <summary>
/// The generator's cold path (a command-line build reruns it from scratch) over ALL of schema/ (the envelope, the models,
/// and every robot of schema/robots): parsing it with the positional reader against System.Text.Json's JsonDocument
/// (which records no positions, the baseline), and a whole cold generator run (parse, resolve, emit every builder, enum
/// and the tables).
/// </summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    private string[] _texts = Array.Empty<string>();
    private ImmutableArray<AdditionalText> _additionalTexts;
    private CSharpCompilation _compilation = null!;

    [GlobalSetup]
    public void Setup()
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "schema");
        var files = Directory.EnumerateFiles(dir, "*.json", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal).ToArray();
        _texts = files.Select(File.ReadAllText).ToArray();
        _additionalTexts = files.Select(f => (AdditionalText)new Text(f, File.ReadAllText(f))).ToImmutableArray();
        _compilation = CSharpCompilation.Create("bench");
        Console.WriteLine($"// schema: {files.Length} files ({files.Count(f => f.Contains(Path.DirectorySeparatorChar + "robots" + Path.DirectorySeparatorChar, StringComparison.Ordinal))} robots), {_texts.Sum(t => t.Length) / 1024} KB; a cold run emits {Generator_ColdRun()} files");
    }

    [Benchmark(Baseline = true)]
    public int Parse_JsonDocument()
    {
        var count = 0;
        foreach (var text in _texts)
        {
            using var document = JsonDocument.Parse(text);
            count += document.RootElement.GetPropertyCount();
        }

        return count;
    }

    [Benchmark]
    public int Parse_PositionalReader()
    {
        var count = 0;
        foreach (var text in _texts)
        {
            count += JsonParser.Parse(text, CancellationToken.None).Members.Count;
        }

        return count;
    }

    [Benchmark]
    public int Generator_ColdRun()
    {
        var driver = CSharpGeneratorDriver.Create(new[] { new ImageSdkGenerator().AsSourceGenerator() }, _additionalTexts);
        return driver.RunGenerators(_compilation).GetRunResult().GeneratedTrees.Length;
    }

    private sealed class Text(string path, string text) : AdditionalText
    {
        private readonly SourceText _text = SourceText.From(text);

        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }
}

public static class Program
{
    public static void Main(string[] args)
    {
        if (args.Length == 3 && args[0] == "peak-memory-providers")
        {
            PeakMemory.RunProviders(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture), int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture));
            return;
        }

        if (args.Length is 2 or 3 && args[0] == "four-robot-loop")
        {
            FourRobotValidatorBenchmarks.Loop(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture), args.Length == 3 ? args[2] : null);
            return;
        }

        if (args.Length is 3 or 4 && args[0] == "four-robot-calls")
        {
            FourRobotValidatorBenchmarks.Calls(args[1], int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture), args.Length == 4 ? args[3] : null);
            return;
        }

        if (args.Length == 3 && args[0] == "resize-loop")
        {
            ResizeBenchmarks.Loop(args[1], int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture));
            return;
        }

        if (args.Length == 2 && args[0] == "peak-memory-batch")
        {
            PeakMemory.RunBatch(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture));
            return;
        }

        if (args.Length == 3 && args[0] == "peak-memory")
        {
            PeakMemory.Run(args[1], args[2]);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
