using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CsCheck;
using ImageSdk.Tables;
using ImageSdk.Tests.Validation;
using ImageSdk.Validation;
using ImageSdk.Validation.Engine;
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

        Assert.Equal(SchemaTables.Robots.Count + 3, defs.EnumerateObject().Count()); // and whatwg-url, the pattern of format uri
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

    // ---- format uri: the bundle's pattern against the validator's WhatwgUrl ----------------------------------------------

    /// <summary>The cases of UrlFormatTests (node's <c>new URL</c> verdicts) and a few more at the edges of the pattern.</summary>
    private static readonly string[] s_urls =
    [
        "https://example.com/a.jpg", "https:example.com", " https://a.com ", "abc:1", "mailto:x@y", "http://999", "http://a.com:0065535",
        "http://[::1]:80/x", "http://%41.com", "https://example.com/${fields.x}", "ftp://user@host/f", "http://a.com:", "http://@a.com",
        "not a url", "x", "http://", "http://exa mple.com", "http://1.2.3.256", "http://1.2.3.4.5", "http://a.com:65536", "http://a%20b.com",
        "http://a.b.c.09", "example.com/a.jpg",
        "http://0x7f.1", "http://0377.0.0.1", "http://4294967295", "http://4294967296", "http://1.16777215", "http://1.16777216",
        "http://1.2.65535", "http://1.2.65536", "http://0x", "http://a.0x1g", "http://a.0x1f", "http://caf%C3%A9.com", "http://caf%C3.com",
        "http://%ED%A0%80.com", "http://a%25b.com", "http://[::1]x", "http://[1:2", "HTTP://A.COM/", "wss://a.com:443", "file:///etc/passwd",
        "http://a@b@c.com", "http://a.com\\x", "http://a.b.c.", "http://1.2.3.4.", "http://a.com:1:2", "http://a.com#x", "\thttp://a.com\n",
    ];

    private static readonly string[] s_pieces =
    [
        "http", "https", "HTTP", "ws", "ftp", "file", "mailto", "a", "b", "x", "0x", "0", "1", "9", "255", "256", "08", "077", "4294967295",
        "4294967296", "65535", "65536", ".", "..", ":", "//", "/", "\\", "@", "?", "#", "[", "]", "::1", "%", "%41", "%2e", "%25", "%20", "%30",
        "%C3%A9", "%C3", "%ED%A0%80", "%F0%9F%98%80", " ", "\t", "\n", "\u0001", "\u007f", "é", "-", "_", "~", "com", "example", "|", "^", "<",
        ":80", ":0065535", "${fields.x}",
    ];

    private static readonly Gen<string> s_urlLike = Gen.Select(
            Gen.Int[0, 7].Select(i => new[] { "http://", "https://", "HTTP:", "ftp://", "ws:\\\\", "x:", " ", "" }[i]),
            Gen.Int[0, s_pieces.Length - 1].Select(i => s_pieces[i]).Array[0, 8])
        .Select((scheme, rest) => scheme + string.Concat(rest));

    /// <summary>The pattern the bundle puts beside <c>"format": "uri"</c>, applied as JavaScript applies it.</summary>
    private static readonly Lazy<string> s_urlPattern = new(() => JsonNode.Parse(AssemblySchemaBundle.Text())!["$defs"]!["whatwg-url"]!["pattern"]!.GetValue<string>());

    /// <summary>
    /// What the pattern rejects though WhatwgUrl (and new URL) accepts it, documented in docs/diagnostics.md: tabs and line
    /// breaks (which the parser removes) inside a string, and percent escapes in a host that the pattern does not decode (in
    /// an IPv4 address, a last label, <c>%2E</c>), a host of dots alone.
    /// </summary>
    private static bool Residual(string url)
    {
        var text = url.Trim(Enumerable.Range(0, 0x21).Select(c => (char)c).ToArray());
        var authority = Regex.Match(text.Replace("\t", "").Replace("\n", "").Replace("\r", ""), @"^[A-Za-z][A-Za-z0-9+.-]*:[/\\]*([^/\\?#]*)").Groups[1].Value;
        var host = authority[(authority.LastIndexOf('@') + 1)..];
        return text.IndexOfAny(['\t', '\n', '\r']) >= 0 || host.Contains('%', StringComparison.Ordinal) || host.Split(':')[0].Trim('.').Length == 0;
    }

    [Fact]
    public void Every_format_uri_of_the_bundle_refers_to_the_url_pattern()
    {
        var text = AssemblySchemaBundle.Text();
        var formats = Regex.Matches(text, "\"format\"\\s*:\\s*\"uri\"").Count;

        Assert.True(formats >= 7, $"only {formats}");
        Assert.Equal(formats, Regex.Matches(text, "\"format\"\\s*:\\s*\"uri\", \"\\$ref\": \"#/\\$defs/whatwg-url\"").Count);
        using var document = JsonDocument.Parse(text);
        var objects = 0;
        void Walk(JsonElement element)
        {
            if (element.ValueKind == JsonValueKind.Object)
            {
                if (element.EnumerateObject().Any(p => p is { Name: "format", Value.ValueKind: JsonValueKind.String } && p.Value.GetString() == "uri"))
                {
                    objects++;
                    Assert.Equal("#/$defs/whatwg-url", Assert.Single(element.EnumerateObject(), p => p.Name == "$ref").Value.GetString()); // no second $ref
                }

                foreach (var member in element.EnumerateObject())
                {
                    Walk(member.Value);
                }
            }
            else if (element.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item);
                }
            }
        }

        Walk(document.RootElement);
        Assert.Equal(formats, objects);
    }

    [Fact]
    public void The_url_pattern_accepts_no_string_WhatwgUrl_rejects_and_every_one_it_accepts_but_the_documented_residue()
    {
        var pattern = new Regex(SchemaFragment.Translate(s_urlPattern.Value), RegexOptions.CultureInvariant);
        void Check(string url)
        {
            var valid = WhatwgUrl.IsValid(url);
            var matched = pattern.IsMatch(url);
            Assert.False(matched && !valid, $"the pattern accepts {JsonSerializer.Serialize(url)}, which the validator rejects");
            Assert.False(valid && !matched && !Residual(url), $"the pattern rejects {JsonSerializer.Serialize(url)}, which the validator accepts");
        }

        foreach (var url in s_urls)
        {
            Check(url);
        }

        s_urlLike.Sample(Check, iter: FullBuildTests.Cases(everyRun: 20_000, full: 200_000));
    }

    [Fact]
    public void The_bundle_never_accepts_a_url_parameter_the_validator_rejects()
    {
        var judged = new List<string>();
        void Check(string url)
        {
            var json = new JsonObject { ["steps"] = new JsonObject { ["imported"] = new JsonObject { ["robot"] = "/http/import", ["url"] = url } } }.ToJsonString();
            var engine = AssemblyValidator.Validate(json);
            var bundle = Evaluate(json);
            if (!engine.IsValid)
            {
                judged.Add(url);
                Assert.True(engine.Findings.All(f => f.Severity != ValidationSeverity.Error || f.Path == "/steps/imported/url"), json);
                Assert.False(bundle.IsValid, $"the validator rejects {json}; the bundle accepts it");
            }
            else
            {
                Assert.True(bundle.IsValid || Residual(url), $"the validator accepts {json}; the bundle rejects it ({SchemaOracle.Describe(bundle)})");
            }
        }

        foreach (var url in s_urls)
        {
            Check(url);
        }

        s_urlLike.Sample(Check, iter: FullBuildTests.Cases(everyRun: 1_000, full: 10_000));
        Assert.Contains("http://exa mple.com", judged);
        Assert.Contains("http://1.2.3.256", judged); // a string VS Code's format uri (a scheme) and JsonSchema.Net (an annotation) accept
    }
}
