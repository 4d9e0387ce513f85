using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using ImageSdk.Tables;
using ImageSdk.Tests.Validation;
using ImageSdk.Validation;
using Json.Schema;
using Xunit;

namespace ImageSdk.Tests.Schema;

/// <summary>
/// The bundled JSON Schema (src/Sdk/SchemaBundle.targets, embedded in ImageSdk.dll, printed by <c>imagesdk schema</c>): one
/// self-contained file with every robot, that never accepts what the validator rejects as a schema error.
/// </summary>
public class SchemaBundleTests
{
    private static readonly Lazy<JsonSchema> s_bundle = new(() =>
        JsonSchema.FromText(SchemaOracle.WithEcmaScriptPatterns(AssemblySchemaBundle.Text()), new BuildOptions { SchemaRegistry = new SchemaRegistry() }));

    private static readonly object s_gate = new();

    private static EvaluationResults Evaluate(string json)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 256 });
        lock (s_gate)
        {
            return s_bundle.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        }
    }

    [Fact]
    public void The_bundle_is_one_resource_with_every_robot_and_no_reference_outside_it()
    {
        var text = AssemblySchemaBundle.Text();
        using var document = JsonDocument.Parse(text);
        var defs = document.RootElement.GetProperty("$defs");

        Assert.Equal("https://json-schema.org/draft/2020-12/schema", document.RootElement.GetProperty("$schema").GetString());
        Assert.Equal("#/$defs/assembly", document.RootElement.GetProperty("$ref").GetString());
        foreach (var robot in SchemaTables.Robots)
        {
            Assert.True(defs.TryGetProperty(robot.Name.Trim('/').Replace('/', '-'), out var schema), robot.Name);
            Assert.Equal(robot.Name, schema.GetProperty("properties").GetProperty("robot").GetProperty("const").GetString());
        }

        Assert.Equal(SchemaTables.Robots.Count + 2, defs.EnumerateObject().Count());
        Assert.Single(Regex.Matches(text, "\"\\$id\""));
        Assert.DoesNotMatch("\"\\$(ref|dynamicRef)\"\\s*:\\s*\"[^#]", text);
        Assert.DoesNotMatch("\"\\$dynamic(Ref|Anchor)\"\\s*:", text); // one resource: no dynamic scope to resolve
    }

    [Fact]
    public void Every_reference_resolves_and_a_valid_assembly_with_several_robots_passes()
    {
        var results = Evaluate("""
            {"steps": {
              ":original": {"robot": "/upload/handle"},
              "generated": {"robot": "/image/generate", "use": ":original", "model": "google/nano-banana-pro", "prompt": "a fox", "format": "png"},
              "thumbs": {"robot": "/image/resize", "use": "generated", "width": 256, "height": 256, "resize_strategy": "fit"},
              "exported": {"robot": "/s3/store", "use": ["generated", "thumbs"], "credentials": "my_s3", "path": "${unique_prefix}/${file.url_name}"}
            }}
            """);

        Assert.True(results.IsValid, SchemaOracle.Describe(results));
        Assert.False(Evaluate("""{"steps": {"thumbs": {"robot": "/image/resize", "width": "wide"}}}""").IsValid);
        Assert.False(Evaluate("""{"steps": {"thumbs": {"robot": "/image/resize", "widht": 5}}}""").IsValid);
    }

    [Fact]
    public void The_bundle_never_accepts_what_the_validator_rejects_as_a_schema_error()
    {
        var documents = Corpus.Expectations.Select(e => (e.File, Bytes: Corpus.Bytes(e.File)))
            .Concat(Directory.GetFiles(Path.Combine(Corpus.Directory, "robots"), "*.json").Select(f => ("robots/" + Path.GetFileName(f), File.ReadAllBytes(f))))
            .Concat(Corpus.Mutants.Select(m => (m.Name, Bytes: System.Text.Encoding.UTF8.GetBytes(m.Text))))
            .ToList();
        var judged = 0;
        foreach (var (name, bytes) in documents)
        {
            var engine = AssemblyValidator.Validate(bytes);
            var schemaErrors = engine.Findings.Where(f => f.Severity == ValidationSeverity.Error && !CorpusTests.CrossFieldCodes.Contains(f.Code)).ToList();
            if (engine.Findings.Any(f => CorpusTests.FrontEndCodes.Contains(f.Code)) || Corpus.TryParse(bytes) is not { } node)
            {
                continue; // not JSON, or beyond the front end's limits: no schema sees it
            }

            var results = Evaluate(node.ToJsonString());
            if (schemaErrors.Count > 0)
            {
                judged++;
                Assert.False(results.IsValid, $"{name}: the validator rejects ({string.Join(", ", schemaErrors.Select(f => f.Code + " " + f.Path))}); the bundle accepts it");
            }
            else if (engine.IsValid)
            {
                Assert.True(results.IsValid, $"{name}: the validator accepts; the bundle rejects ({SchemaOracle.Describe(results)})");
            }
        }

        Assert.True(judged >= 300, $"only {judged} documents with schema errors were judged");
    }
}
