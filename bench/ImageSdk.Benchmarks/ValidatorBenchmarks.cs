using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using ImageSdk.Validation;
using Json.Schema;

namespace ImageSdk.Benchmarks;

/// <summary>
/// The whole corpus (samples/assemblies/), from UTF-8 bytes each time: the validator against a bare Utf8JsonReader pass
/// (the floor, the baseline), JsonSchema.Net on the same schema/ and NJsonSchema on its generated draft-07 variant. Divide by <see cref="Documents"/> for a per-document time.
/// The ajv anchor is bench/ajv/ (npm), on the same schema and corpus.
/// </summary>
[MemoryDiagnoser]
public class ValidatorBenchmarks
{
    private byte[][] _documents = Array.Empty<byte[]>();
    private byte[][] _valid = Array.Empty<byte[]>();
    private JsonSchema? _schema;
    private NJsonSchema.JsonSchema? _draft07;

    /// <summary>The parseable corpus documents (hostile bytes excluded: JsonSchema.Net cannot take them).</summary>
    public int Documents => _documents.Length;

    [GlobalSetup]
    public void Setup()
    {
        // The corpus that is UTF-8 JSON; "valid" are the cases samples/assemblies.expected.json declares valid with no finding
        // (bench/ajv picks the same ones).
        var directory = Path.Combine(AppContext.BaseDirectory, "samples", "assemblies");
        var expected = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "samples", "assemblies.expected.json")))!.AsObject();
        var corpusFiles = Directory.GetFiles(directory, "*.json").OrderBy(f => f, StringComparer.Ordinal)
            .Where(f => { var bytes = File.ReadAllBytes(f); try { using var _ = JsonDocument.Parse(bytes); return System.Text.Unicode.Utf8.IsValid(bytes); } catch (JsonException) { return false; } })
            .ToArray();
        _documents = corpusFiles.Select(File.ReadAllBytes).ToArray();
        _valid = corpusFiles.Where(f => expected[Path.GetFileName(f)] is { } e && e["valid"]!.GetValue<bool>() && e["code"] is null).Select(File.ReadAllBytes).ToArray();

        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        var files = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "schema"), "*.schema.json", SearchOption.AllDirectories)
            .OrderBy(f => f.Contains("robot-shared", StringComparison.Ordinal) ? 0 : f.Contains("robots", StringComparison.Ordinal) ? 1 : 2);
        foreach (var file in files)
        {
            _schema = JsonSchema.FromText(File.ReadAllText(file), options);
        }

        _draft07 = NJsonSchema.JsonSchema.FromJsonAsync(ImageSdk.SchemaVariants.Draft07Variant.Build(Path.Combine(AppContext.BaseDirectory, "schema")).ToJsonString())
            .GetAwaiter().GetResult();
        Console.WriteLine($"// corpus: {_documents.Length} documents, {_documents.Sum(d => d.Length) / _documents.Length} bytes on average; {_valid.Length} valid");
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

    private ImageSdk.Validation.Engine.InstructionDocument[]? _read;
    private readonly ImageSdk.Validation.Engine.AssemblyChecker _rules = new();

    [Benchmark(Description = "ImageSdk rules only, valid documents")]
    public int RulesValid()
    {
        var sink = new ImageSdk.Validation.Engine.FindingSink();
        _read ??= _valid.Select(d =>
        {
            var doc = new ImageSdk.Validation.Engine.InstructionDocument(64);
            ImageSdk.Validation.JsonFrontEnd.Read(d, doc, sink, ValidationOptions.Default);
            return doc;
        }).ToArray();
        foreach (var doc in _read)
        {
            _rules.Run(doc, ValidationOptions.Default, sink);
        }

        return sink.Count;
    }

    [Benchmark(Description = "JsonSchema.Net 8.0.5")]
    public int JsonSchemaNet() => JsonSchemaNetOver(_documents);

    [Benchmark(Description = "JsonSchema.Net 8.0.5, valid documents")]
    public int JsonSchemaNetValid() => JsonSchemaNetOver(_valid);

    [Benchmark(Description = "NJsonSchema 11.6.2 (draft-07 variant)")]
    public int NJsonSchemaDraft07() => NJsonSchemaOver(_documents);

    [Benchmark(Description = "NJsonSchema 11.6.2 (draft-07 variant), valid documents")]
    public int NJsonSchemaDraft07Valid() => NJsonSchemaOver(_valid);

    private int JsonSchemaNetOver(byte[][] documents)
    {
        var valid = 0;
        var options = new EvaluationOptions { OutputFormat = OutputFormat.Flag };
        foreach (var document in documents)
        {
            using var parsed = JsonDocument.Parse(document);
            valid += _schema!.Evaluate(parsed.RootElement, options).IsValid ? 1 : 0;
        }

        return valid;
    }

    private int NJsonSchemaOver(byte[][] documents)
    {
        var valid = 0;
        foreach (var document in documents)
        {
            valid += _draft07!.Validate(System.Text.Encoding.UTF8.GetString(document)).Count == 0 ? 1 : 0;
        }

        return valid;
    }
}

/// <summary>
/// One four-robot document of issue 26 (upload -> generate -> resize -> s3 store: bench/validate-startup/four-robots.json,
/// the file the start-up script validates), from UTF-8 bytes each time: the validator against a bare Utf8JsonReader pass
/// over the same bytes. Goal: within 3x of the floor.
/// </summary>
[MemoryDiagnoser]
public class FourRobotValidatorBenchmarks
{
    private byte[] _document = Array.Empty<byte>();

    [GlobalSetup]
    public void Setup()
    {
        _document = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "four-robots.json"));
        var result = AssemblyValidator.Validate(_document);
        if (!result.IsValid)
        {
            throw new InvalidOperationException("four-robots.json is expected to be valid: " + string.Join("; ", result.Findings.Select(f => f.Message)));
        }
    }

    [Benchmark(Baseline = true, Description = "Utf8JsonReader floor, four-robot document")]
    public int Floor()
    {
        var tokens = 0;
        var reader = new Utf8JsonReader(_document);
        while (reader.Read())
        {
            tokens++;
        }

        return tokens;
    }

    [Benchmark(Description = "ImageSdk validator, four-robot document")]
    public bool Validator() => AssemblyValidator.Validate(_document).IsValid;

    /// <summary>
    /// One of the two calls alone, <paramref name="calls"/> times, for a profiler or an instruction counter: <c>dotnet
    /// ImageSdk.Benchmarks.dll four-robot-calls floor|validator CALLS [FILE]</c>. The difference between two call counts is
    /// the cost of the calls between them, without start-up and tiering.
    /// </summary>
    public static void Calls(string which, int calls, string? file = null)
    {
        var bench = new FourRobotValidatorBenchmarks();
        bench.Setup();
        if (file is not null)
        {
            bench._document = File.ReadAllBytes(file);
        }

        var sum = 0;
        for (var i = 0; i < calls; i++)
        {
            sum += which == "floor" ? bench.Floor() : bench.Validator() ? 1 : 0;
        }

        Console.WriteLine(FormattableString.Invariant($"{which}: {calls} calls, {sum}"));
    }

    /// <summary>
    /// The same two calls outside BenchmarkDotNet, for a machine too loaded for its statistics: <c>dotnet
    /// ImageSdk.Benchmarks.dll four-robot-loop ROUNDS [FILE]</c> times 20,000 calls of each, alternating, ROUNDS times, and prints
    /// per call the best and the median round of each and their ratios (the best round is the one least disturbed).
    /// </summary>
    public static void Loop(int rounds, string? file = null)
    {
        var bench = new FourRobotValidatorBenchmarks();
        bench.Setup();
        if (file is not null)
        {
            bench._document = File.ReadAllBytes(file); // another document in the same harness: which step costs what
        }

        var calls = new (string Name, Func<object> Call)[] { ("Utf8JsonReader floor", () => bench.Floor()), ("ImageSdk validator", () => bench.Validator()) };
        var times = calls.Select(_ => new List<double>()).ToArray();
        for (var round = 0; round < rounds + 2; round++)
        {
            for (var c = 0; c < calls.Length; c++)
            {
                var watch = System.Diagnostics.Stopwatch.StartNew();
                for (var i = 0; i < 20_000; i++)
                {
                    calls[c].Call();
                }

                if (round >= 2)
                {
                    times[c].Add(watch.Elapsed.TotalMicroseconds / 20_000); // two warm-up rounds: tiering
                }
            }
        }

        foreach (var list in times)
        {
            list.Sort();
        }

        for (var c = 0; c < calls.Length; c++)
        {
            Console.WriteLine(FormattableString.Invariant($"{calls[c].Name}: best {times[c][0]:F3} us, median {times[c][rounds / 2]:F3} us; ratio to the floor: best {times[c][0] / times[0][0]:F2}, median {times[c][rounds / 2] / times[0][rounds / 2]:F2}"));
        }
    }
}
