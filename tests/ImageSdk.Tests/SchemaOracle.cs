using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Json.Schema;

namespace ImageSdk.Tests;

/// <summary>JsonSchema.Net 8.0.5, the reference evaluator, loaded with every file of schema/.</summary>
internal static class SchemaOracle
{
    public const string AssemblySchemaId = "https://schemas.imagesdk.dev/assembly.schema.json";

    public static string SchemaDirectory => Path.Combine(AppContext.BaseDirectory, "schema");

    /// <summary>The JSON Schema files (the catalog data, models.json, is not one).</summary>
    public static IEnumerable<string> SchemaFiles() =>
        Directory.EnumerateFiles(SchemaDirectory, "*.schema.json", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal);

    private static readonly Lazy<BuildOptions> Options = new(() =>
    {
        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };

        // Referenced files first, so each $ref resolves when its schema is built.
        var ordered = SchemaFiles().OrderBy(f => f.Contains("robot-shared", StringComparison.Ordinal) ? 0 : f.Contains("/robots/", StringComparison.Ordinal) ? 1 : 2);
        foreach (var file in ordered)
        {
            JsonSchema.FromText(WithEcmaScriptPatterns(File.ReadAllText(file)), options);
        }

        return options;
    });

    public static BuildOptions BuildOptions => Options.Value;

    private static readonly Lazy<string> UrlPattern = new(() =>
        System.Text.Json.Nodes.JsonNode.Parse(ImageSdk.Validation.AssemblySchemaBundle.Text())!["$defs"]!["whatwg-url"]!["pattern"]!.GetValue<string>());

    /// <summary>
    /// The schema text with each <c>pattern</c> rewritten to mean in .NET what it means in ECMAScript, the dialect JSON
    /// Schema names (and Transloadit's linter runs): JsonSchema.Net applies patterns as .NET regexes, where <c>$</c> also
    /// matches before a final <c>\n</c> and <c>.</c> matches <c>\r</c>, U+2028 and U+2029. The engine's own translation
    /// (<see cref="ImageSdk.Validation.Engine.SchemaFragment.Translate"/>) is the one used.
    /// </summary>
    public static string WithEcmaScriptPatterns(string schemaText)
    {
        var root = System.Text.Json.Nodes.JsonNode.Parse(schemaText)!;
        void Walk(System.Text.Json.Nodes.JsonNode? node)
        {
            if (node is System.Text.Json.Nodes.JsonObject obj)
            {
                foreach (var (key, value) in obj.ToList())
                {
                    if (key == "pattern" && value is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<string>(out var pattern))
                    {
                        obj[key] = ImageSdk.Validation.Engine.SchemaFragment.Translate(pattern);
                    }
                    else if (key == "format" && value is System.Text.Json.Nodes.JsonValue f && f.TryGetValue<string>(out var format) && format == "uri" && !obj.ContainsKey("pattern"))
                    {
                        // format uri is an annotation to JsonSchema.Net; the bundle's pattern of it (what JavaScript's new URL
                        // reads, as the engine checks it) makes the oracle judge a URL as the bundle does.
                        obj["pattern"] = ImageSdk.Validation.Engine.SchemaFragment.Translate(UrlPattern.Value);
                    }
                    else
                    {
                        Walk(value);
                    }
                }
            }
            else if (node is System.Text.Json.Nodes.JsonArray array)
            {
                foreach (var item in array)
                {
                    Walk(item);
                }
            }
        }

        Walk(root);
        return root.ToJsonString();
    }

    // The registry is shared and not safe for a write during other use, and test classes run in parallel: building a
    // wrapper schema registers it. So schemas are built once per URI and every evaluation holds the gate.
    private static readonly object Gate = new();
    private static readonly Dictionary<string, JsonSchema> Wrappers = new(StringComparer.Ordinal);

    public static EvaluationResults Evaluate(string uri, JsonElement instance)
    {
        lock (Gate)
        {
            if (!Wrappers.TryGetValue(uri, out var schema))
            {
                schema = JsonSchema.FromText($"{{\"$schema\": \"https://json-schema.org/draft/2020-12/schema\", \"$ref\": \"{uri}\"}}", BuildOptions);
                Wrappers[uri] = schema;
            }

            return schema.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List });
        }
    }

    public static string Describe(EvaluationResults results) =>
        string.Join("; ", (results.Details ?? new List<EvaluationResults>()).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.SchemaLocation}): {e.Value}")));
}
