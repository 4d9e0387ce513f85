using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using ImageSdk.Validation;
using Json.Schema;

namespace ImageSdk.Benchmarks;

/// <summary>
/// The whole corpus (samples/assemblies/), from UTF-8 bytes each time: the validator against a bare Utf8JsonReader pass
/// (the floor, the baseline) and JsonSchema.Net on the same schema/. Divide by <see cref="Documents"/> for a per-document time.
/// The ajv anchor is bench/ajv/ (npm), on the same schema and corpus.
/// </summary>
[MemoryDiagnoser]
public class ValidatorBenchmarks
{
    private byte[][] _documents = Array.Empty<byte[]>();
    private byte[][] _valid = Array.Empty<byte[]>();
    private JsonSchema? _schema;

    /// <summary>The parseable corpus documents (hostile bytes excluded: JsonSchema.Net cannot take them).</summary>
    public int Documents => _documents.Length;

    [GlobalSetup]
    public void Setup()
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "samples", "assemblies");
        _documents = Directory.GetFiles(directory, "*.json").OrderBy(f => f, StringComparer.Ordinal).Select(File.ReadAllBytes)
            .Where(bytes => { try { using var _ = JsonDocument.Parse(bytes); return System.Text.Unicode.Utf8.IsValid(bytes); } catch (JsonException) { return false; } })
            .ToArray();

        _valid = _documents.Where(d => AssemblyValidator.Validate(d).Findings.Count == 0).ToArray();

        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        var files = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "schema"), "*.schema.json", SearchOption.AllDirectories)
            .OrderBy(f => f.Contains("robot-shared", StringComparison.Ordinal) ? 0 : f.Contains("robots", StringComparison.Ordinal) ? 1 : 2);
        foreach (var file in files)
        {
            _schema = JsonSchema.FromText(File.ReadAllText(file), options);
        }

        Console.WriteLine($"// corpus: {_documents.Length} documents, {_documents.Sum(d => d.Length) / _documents.Length} bytes on average; {_valid.Length} valid without findings");
    }

    [Benchmark(Baseline = true, Description = "Utf8JsonReader floor")]
    public int Floor()
    {
        var tokens = 0;
        foreach (var document in _documents)
        {
            var reader = new Utf8JsonReader(document);
            while (reader.Read())
            {
                tokens++;
            }
        }

        return tokens;
    }

    [Benchmark(Description = "ImageSdk validator")]
    public int Validator()
    {
        var errors = 0;
        foreach (var document in _documents)
        {
            errors += AssemblyValidator.Validate(document).ErrorCount;
        }

        return errors;
    }

    [Benchmark(Description = "Utf8JsonReader floor, valid documents")]
    public int FloorValid()
    {
        var tokens = 0;
        foreach (var document in _valid)
        {
            var reader = new Utf8JsonReader(document);
            while (reader.Read())
            {
                tokens++;
            }
        }

        return tokens;
    }

    [Benchmark(Description = "ImageSdk validator, valid documents")]
    public int ValidatorValid()
    {
        var valid = 0;
        foreach (var document in _valid)
        {
            valid += AssemblyValidator.Validate(document).IsValid ? 1 : 0;
        }

        return valid;
    }

    [Benchmark(Description = "ImageSdk front end only, valid documents")]
    public int FrontEndValid()
    {
        var count = 0;
        var doc = new ImageSdk.Validation.Engine.InstructionDocument(64);
        var sink = new ImageSdk.Validation.Engine.FindingSink();
        foreach (var document in _valid)
        {
            doc.Clear();
            ImageSdk.Validation.JsonFrontEnd.Read(document, doc, sink, ValidationOptions.Default);
            count += doc.Count;
        }

        return count;
    }

    [Benchmark(Description = "JsonSchema.Net 8.0.5")]
    public int JsonSchemaNet()
    {
        var valid = 0;
        var options = new EvaluationOptions { OutputFormat = OutputFormat.Flag };
        foreach (var document in _documents)
        {
            using var parsed = JsonDocument.Parse(document);
            valid += _schema!.Evaluate(parsed.RootElement, options).IsValid ? 1 : 0;
        }

        return valid;
    }
}
