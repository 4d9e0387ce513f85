using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ImageSdk.Tests.Validation;

/// <summary>samples/assemblies/: the corpus, what each case expects, and Transloadit's linter's verdicts on it.</summary>
internal static class Corpus
{
    public static string Directory => Samples.Path("assemblies");

    /// <summary>A case's verdict and, for an invalid one, its finding's code and JSON Pointer, and where given its 1-based line and column.</summary>
    public sealed record Expectation(string File, bool Valid, string? Code, string? Path, int? Line = null, int? Column = null);

    public sealed record LintVerdict(string File, bool Success, IReadOnlyList<string> Errors, IReadOnlyList<LintPath> Paths);

    /// <summary>Where the linter found a schema violation: a JSON Pointer, and whether the value there is missing.</summary>
    public sealed record LintPath(string Pointer, bool Missing);

    public static IReadOnlyList<Expectation> Expectations { get; } = Load();

    public static IReadOnlyList<LintVerdict> LintVerdicts { get; } = LoadLint();

    /// <summary>A seeded mutation of a corpus assembly and the linter's verdict on its text (tools/transloadit-lint/mutate-corpus.mjs).</summary>
    public sealed record Mutant(string Name, string From, bool Success, IReadOnlyList<string> Errors, IReadOnlyList<LintPath> Paths, string Text);

    public static IReadOnlyList<Mutant> Mutants { get; } = LoadMutants();

    public static byte[] Bytes(string file) => File.ReadAllBytes(System.IO.Path.Combine(Directory, file));

    public static IEnumerable<object[]> Cases() => Expectations.Select(e => new object[] { e.File });

    /// <summary>The corpus documents that parse as JSON, for the mutation tests and the oracles.</summary>
    public static IReadOnlyList<JsonNode> ParsedDocuments { get; } = Expectations
        .Select(e => TryParse(Bytes(e.File)))
        .Where(n => n is not null)
        .Select(n => n!)
        .ToList();

    public static JsonNode? TryParse(byte[] bytes)
    {
        try
        {
            return JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false });
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }

    private static IReadOnlyList<Expectation> Load()
    {
        var root = JsonNode.Parse(File.ReadAllText(Samples.Path("assemblies.expected.json")))!.AsObject();
        return root.Select(p => new Expectation(
            p.Key,
            p.Value!["valid"]!.GetValue<bool>(),
            p.Value["code"]?.GetValue<string>(),
            p.Value["path"]?.GetValue<string>(),
            p.Value["line"]?.GetValue<int>(),
            p.Value["column"]?.GetValue<int>())).ToList();
    }

    private static IReadOnlyList<Mutant> LoadMutants()
    {
        var root = JsonNode.Parse(File.ReadAllText(Samples.Path("assemblies.mutations.transloadit-lint.json")))!;
        return root["mutants"]!.AsArray().Select(m => new Mutant(
            m!["name"]!.GetValue<string>(),
            m["from"]!.GetValue<string>(),
            m["success"]!.GetValue<bool>(),
            m["errors"]!.AsArray().Select(e => e!.GetValue<string>()).ToList(),
            Paths(m["paths"]!),
            m["text"]!.GetValue<string>())).ToList();
    }

    private static IReadOnlyList<LintVerdict> LoadLint()
    {
        var root = JsonNode.Parse(File.ReadAllText(Samples.Path("assemblies.transloadit-lint.json")))!;
        return root["verdicts"]!.AsObject().Select(p => new LintVerdict(
            p.Key,
            p.Value!["success"]!.GetValue<bool>(),
            p.Value["errors"]!.AsArray().Select(e => e!.GetValue<string>()).ToList(),
            Paths(p.Value["paths"]!))).ToList();
    }

    private static IReadOnlyList<LintPath> Paths(JsonNode paths) =>
        paths.AsArray().Select(p => new LintPath(p!["pointer"]!.GetValue<string>(), p["missing"]!.GetValue<bool>())).ToList();
}
