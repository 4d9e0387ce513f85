using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using ImageSdk.Validation;
using Xunit;

namespace ImageSdk.Tests.Validation;

/// <summary>
/// CsCheck property tests: any bytes give findings, never an exception; every finding's pointer resolves in its document;
/// JsonSchema.Net agrees on generated assemblies, except on the documented cross-field rules.
/// </summary>
public class ValidatorPropertyTests
{
    private static readonly string[] Keys =
    {
        "robot", "use", "prompt", "model", "format", "seed", "aspect_ratio", "width", "height", "style", "num_outputs", "provider",
        "output_meta", "queue", "force_accept", "ignore_errors", "result", "steps", "fields", "name", "as", "bundle_steps", "notify_url",
        "quiet", "negative_prompt", ":original", "gen", "a/b~c",
    };

    private static Gen<T> Pick<T>(params T[] values) => Gen.Int[0, values.Length - 1].Select(i => values[i]);

    private static readonly Gen<JsonNode?> Scalar = Gen.OneOf<JsonNode?>(
        Gen.Int[0, 0].Select(_ => (JsonNode?)null),
        Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b)),
        Gen.Int[-3, 12].Select(i => (JsonNode?)JsonValue.Create(i)),
        Gen.Double[-2, 2].Select(d => (JsonNode?)JsonValue.Create(Math.Round(d, 2))),
        Pick(
            "", "x", "true", "false", "0", "1", "4", "11", "-1", "${fields.x}", "${}", "svg", "png", "jpeg", "tiff", "batch", "image", "mask",
            "depth", ":original", "gen", "16:9", "7:3", "0:1", "recraft-v3", "flux-schnell", "gpt-image-2", "google/nano-banana-pro",
            "stability-ai/stable-diffusion-inpainting", "dall-e-3", "digital_illustration", "meta", "execute", "blurhash",
            "/upload/handle", "/image/generate", "/image/resize").Select(s => (JsonNode?)JsonValue.Create(s)));

    /// <summary>Random JSON values up to a small depth, biased to the vocabulary of assemblies.</summary>
    private static Gen<JsonNode?> Value(int depth) => depth == 0
        ? Scalar
        : Gen.Frequency(
            (4, Scalar),
            (1, Value(depth - 1).List[0, 3].Select(items => (JsonNode?)new JsonArray(items.Select(i => i?.DeepClone()).ToArray()))),
            (2, Gen.Select(Pick(Keys), Value(depth - 1)).List[0, 4].Select(Object)));

    private static JsonNode? Object(List<(string Key, JsonNode? Value)> members)
    {
        var result = new JsonObject();
        foreach (var (key, value) in members)
        {
            result[key] = value?.DeepClone();
        }

        return result;
    }

    /// <summary>Assemblies: an upload step sometimes, and one to three /image/generate steps with random parameters.</summary>
    private static readonly Gen<JsonNode> Assembly =
        Gen.Select(
            Gen.Bool,
            Gen.Select(Pick("gen", "b", "c"), Gen.Select(Pick(Keys.Take(17).ToArray()), Value(2)).List[0, 6]).List[1, 3])
        .Select(t =>
        {
            var steps = new JsonObject();
            if (t.Item1)
            {
                steps[":original"] = new JsonObject { ["robot"] = "/upload/handle" };
            }

            foreach (var (name, parameters) in t.Item2)
            {
                var step = new JsonObject { ["robot"] = "/image/generate", ["prompt"] = "A red fox" };
                foreach (var (key, value) in parameters)
                {
                    step[key] = value?.DeepClone();
                }

                steps[name] = step;
            }

            return (JsonNode)new JsonObject { ["steps"] = steps };
        });

    /// <summary>A structural mutation of a corpus assembly: replace, delete or rename a value somewhere in it.</summary>
    private static readonly Gen<JsonNode> Mutant =
        Gen.Select(Gen.Int[0, int.MaxValue], Gen.Int[0, int.MaxValue], Gen.Int[0, 2], Value(2), Pick(Keys))
        .Select(t =>
        {
            var documents = Corpus.ParsedDocuments;
            var document = documents[t.Item1 % documents.Count].DeepClone();
            var nodes = new List<JsonNode>();
            Walk(document, nodes);
            var target = nodes[t.Item2 % nodes.Count];
            if (target.Parent is JsonObject owner)
            {
                var key = owner.First(p => ReferenceEquals(p.Value, target)).Key;
                switch (t.Item3)
                {
                    case 0: owner[key] = t.Item4?.DeepClone(); break;
                    case 1: owner.Remove(key); break;
                    default: owner.Remove(key); owner[t.Item5] = target; break;
                }
            }
            else if (target.Parent is JsonArray array)
            {
                var index = array.IndexOf(target);
                if (t.Item3 == 1)
                {
                    array.RemoveAt(index);
                }
                else
                {
                    array[index] = t.Item4?.DeepClone();
                }
            }

            return document;
        });

    /// <summary>Generated assemblies and structural mutations of the corpus, for other judges too.</summary>
    internal static Gen<JsonNode> AssemblyOrMutant => Gen.OneOf(Assembly, Mutant);

    private static void Walk(JsonNode? node, List<JsonNode> nodes)
    {
        if (node is null)
        {
            return;
        }

        nodes.Add(node);
        if (node is JsonObject o)
        {
            foreach (var member in o)
            {
                Walk(member.Value, nodes);
            }
        }
        else if (node is JsonArray a)
        {
            foreach (var item in a)
            {
                Walk(item, nodes);
            }
        }
    }

    [Fact]
    public void Random_bytes_and_byte_mutations_of_the_corpus_give_findings_never_exceptions()
    {
        var corpus = Corpus.Expectations.Select(e => Corpus.Bytes(e.File)).Where(b => b.Length > 0).ToArray();
        Gen.Select(Gen.Int[0, corpus.Length - 1], Gen.Byte.Array[1, 8], Gen.Int[0, int.MaxValue], Gen.Int[0, 2])
            .Select(t =>
            {
                var bytes = corpus[t.Item1].ToList();
                var at = t.Item3 % bytes.Count;
                switch (t.Item4)
                {
                    case 0: bytes.InsertRange(at, t.Item2); break;
                    case 1: bytes.RemoveRange(at, Math.Min(t.Item2.Length, bytes.Count - at)); break;
                    default: for (var i = 0; i < t.Item2.Length && at + i < bytes.Count; i++) { bytes[at + i] = t.Item2[i]; } break;
                }

                return bytes.ToArray();
            })
            .Sample(bytes => AssertWellFormed(bytes), iter: 3000);

        Gen.Byte.Array[0, 200].Sample(bytes => AssertWellFormed(bytes), iter: 2000);
    }

    [Fact]
    public void Random_json_and_structural_mutations_of_the_corpus_have_resolvable_pointers()
    {
        Value(4).Sample(node => AssertPointersResolve(node?.ToJsonString() ?? "null"), iter: 2000);
        Mutant.Sample(node => AssertPointersResolve(node.ToJsonString(new JsonSerializerOptions { WriteIndented = true })), iter: 3000);
    }

    [Fact]
    public void JsonSchema_Net_rejects_nothing_the_engine_accepts_on_generated_and_mutated_assemblies()
    {
        Gen.OneOf(Assembly, Mutant).Sample(node =>
        {
            var json = node.ToJsonString();
            using var document = JsonDocument.Parse(json);
            var schema = SchemaOracle.Evaluate(SchemaOracle.AssemblySchemaId, document.RootElement);
            CorpusTests.AssertAgreement(json, schema.IsValid, SchemaOracle.Describe(schema), AssemblyValidator.Validate(json));
        }, iter: FullBuildTests.Cases(everyRun: 500, full: 1500));
    }

    private static void AssertWellFormed(byte[] bytes)
    {
        var result = AssemblyValidator.Validate(bytes); // an exception fails the property
        Assert.All(result.Findings, f => Assert.True(f.Line >= 1 && f.Column >= 1 && f.Message.Length > 0));
        if (!result.Findings.Any(f => CorpusTests.FrontEndCodes.Contains(f.Code)))
        {
            AssertPointersResolve(Encoding.UTF8.GetString(bytes), result);
        }
    }

    private static void AssertPointersResolve(string json) => AssertPointersResolve(json, AssemblyValidator.Validate(json));

    private static void AssertPointersResolve(string json, ValidationResult result)
    {
        if (result.Findings.Any(f => CorpusTests.FrontEndCodes.Contains(f.Code)))
        {
            return; // syntax errors aside
        }

        // JsonDocument keeps duplicate keys, as the validator does; the pointer is walked by hand (RFC 6901).
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 256 });
        foreach (var finding in result.Findings)
        {
            Assert.True(Resolves(document.RootElement, finding.Path), $"{finding.Code} points at '{finding.Path}', which is not in {json}");
        }
    }

    private static bool Resolves(JsonElement element, string pointer)
    {
        if (pointer.Length == 0)
        {
            return true;
        }

        foreach (var raw in pointer.Substring(1).Split('/'))
        {
            var token = raw.Replace("~1", "/").Replace("~0", "~");
            if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(token, out var child))
            {
                element = child;
            }
            else if (element.ValueKind == JsonValueKind.Array && int.TryParse(token, out var index) && index >= 0 && index < element.GetArrayLength())
            {
                element = element[index];
            }
            else
            {
                return false;
            }
        }

        return true;
    }
}
