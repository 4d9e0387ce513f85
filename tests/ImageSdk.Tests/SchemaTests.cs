using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using ImageSdk.Tables;
using Json.Schema;

namespace ImageSdk.Tests;

public class SchemaTests
{
    public static TheoryData<string> SchemaFileNames()
    {
        var data = new TheoryData<string>();
        foreach (var file in SchemaOracle.SchemaFiles())
        {
            data.Add(Path.GetRelativePath(SchemaOracle.SchemaDirectory, file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SchemaFileNames))]
    public void Every_schema_file_is_valid_against_the_2020_12_meta_schema(string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(SchemaOracle.SchemaDirectory, file)));

        var results = MetaSchemas.Draft202012.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });

        Assert.True(results.IsValid, SchemaOracle.Describe(results));
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", document.RootElement.GetProperty("$schema").GetString());
    }

    [Fact]
    public void Every_robot_carries_its_schemas_category_and_the_file_exporting_ones_are_the_exports()
    {
        var categories = Directory.EnumerateFiles(Path.Combine(SchemaOracle.SchemaDirectory, "robots"), "*.schema.json")
            .Select(file => JsonDocument.Parse(File.ReadAllText(file)).RootElement)
            .ToDictionary(
                root => root.GetProperty("properties").GetProperty("robot").GetProperty("const").GetString()!,
                root => root.TryGetProperty("x-imagesdk-category", out var category) ? category.GetString() : null,
                StringComparer.Ordinal);

        Assert.Equal(categories.Count, ImageSdk.Tables.SchemaTables.Robots.Count);
        Assert.All(ImageSdk.Tables.SchemaTables.Robots, robot => Assert.Equal(categories[robot.Name], robot.Category));
        var exports = ImageSdk.Tables.SchemaTables.Robots.Where(r => r.ExportsFiles).Select(r => r.Name).ToList();
        Assert.Equal(categories.Where(c => c.Value == "file-exporting").Select(c => c.Key).Order(StringComparer.Ordinal), exports.Order(StringComparer.Ordinal));
        Assert.Contains("/s3/store", exports);
        Assert.Contains("/youtube/store", exports);
        Assert.DoesNotContain("/image/generate", exports);
    }

    [Fact]
    public void The_meta_schema_check_can_fail()
    {
        using var broken = JsonDocument.Parse("""{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "strnig", "minimum": "one"}""");

        Assert.False(MetaSchemas.Draft202012.Evaluate(broken.RootElement).IsValid);
    }

    [Fact]
    public void Every_examples_entry_validates_against_the_schema_it_sits_in()
    {
        var checkedCount = 0;
        foreach (var file in SchemaOracle.SchemaFiles())
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            var id = document.RootElement.GetProperty("$id").GetString()!;
            foreach (var (pointer, examples) in FindExamples(document.RootElement, string.Empty))
            {
                foreach (var example in examples.EnumerateArray())
                {
                    var results = SchemaOracle.Evaluate(id + "#" + pointer, example);
                    Assert.True(results.IsValid, $"{Path.GetFileName(file)}#{pointer}: {example.GetRawText()} -> {SchemaOracle.Describe(results)}");
                    checkedCount++;
                }
            }
        }

        Assert.True(checkedCount >= 20, "only " + checkedCount + " examples found");
    }

    [Fact]
    public void The_model_catalog_is_valid_against_its_own_schema()
    {
        using var catalog = JsonDocument.Parse(File.ReadAllText(Path.Combine(SchemaOracle.SchemaDirectory, "models.json")));

        var results = SchemaOracle.Evaluate("https://schemas.imagesdk.dev/models.schema.json", catalog.RootElement);

        Assert.True(results.IsValid, SchemaOracle.Describe(results));
    }

    [Fact]
    public void Each_route_takes_its_mask_as_models_json_says_through_the_generated_enum()
    {
        using var catalog = JsonDocument.Parse(File.ReadAllText(Path.Combine(SchemaOracle.SchemaDirectory, "models.json")));
        var declared = catalog.RootElement.GetProperty("models").EnumerateArray()
            .SelectMany(m => m.GetProperty("providers").EnumerateArray())
            .Select(r => r.GetProperty("native").GetProperty("mask").GetString())
            .ToList();

        var tables = SchemaTables.Models.SelectMany(m => m.Providers).Select(r => r.Native!.Mask).ToList();

        Assert.Equal(declared, tables.Select(m => m.ToJsonValue()));
        Assert.Equal(new[] { "none", "transparent-edits", "white-repaints" }, declared.Distinct().OrderBy(m => m, StringComparer.Ordinal)); // every convention is in use
        Assert.All(declared, m => Assert.True(MaskConventionExtensions.TryParse(m, out _)));
    }

    [Fact]
    public void The_catalog_holds_every_model_of_the_seed_with_a_source_for_each_route()
    {
        using var catalog = JsonDocument.Parse(File.ReadAllText(Path.Combine(SchemaOracle.SchemaDirectory, "models.json")));
        var models = catalog.RootElement.GetProperty("models").EnumerateArray().ToList();

        Assert.Equal(
            new[]
            {
                "flux-1.1-pro-ultra", "flux-schnell", "google/nano-banana", "google/nano-banana-2", "google/nano-banana-pro",
                "openai/gpt-image-2", "recraft-v3", "stability-ai/stable-diffusion-inpainting",
            },
            models.Select(m => m.GetProperty("id").GetString()).OrderBy(s => s, StringComparer.Ordinal));
        Assert.All(models.SelectMany(m => m.GetProperty("providers").EnumerateArray()), route => Assert.False(string.IsNullOrWhiteSpace(route.GetProperty("source").GetString())));
        Assert.All(models, m => Assert.NotEmpty(m.GetProperty("capabilities").GetProperty("sources").EnumerateObject()));
    }

    [Theory]
    [InlineData("""{"steps": {"g": {"robot": "/image/generate", "prompt": "x", "use": [{"name": ":original", "as": "mask"}]}}}""", true)]
    [InlineData("""{"steps": {"g": {"robot": "/image/generate", "prompt": "x", "use": [{"name": ":original", "as": "depth"}]}}}""", true)]
    [InlineData("""{"steps": {"g": {"robot": "/image/generate", "prompt": "x", "use": [{"name": ":original", "as": 3}]}}}""", false)]
    [InlineData("""{"steps": {"g": {"robot": "/image/generate", "prompt": "x", "num_outputs": 11}}}""", false)]
    [InlineData("""{"steps": {"g": {"robot": "/image/generate", "prompt": "x", "num_outputs": "${fields.n}"}}}""", true)]
    [InlineData("""{"steps": {"g": {"robot": "/image/generate", "prompt": "x", "seed": "42", "force_accept": "true"}}}""", true)]
    [InlineData("""{"steps": {"g": {"robot": "/image/generate", "prompt": "x", "negative_prompt": "y"}}}""", false)]
    [InlineData("""{"steps": {"g": {"robot": "/image/generate"}}}""", false)]
    [InlineData("""{"steps": {"g": {"robot": "/meta/read"}}}""", false)]
    [InlineData("""{"steps": {":original": {"robot": "/upload/handle", "use": "x"}}}""", false)]
    [InlineData("""{"steps": {}, "unknown_key": 1}""", true)]
    [InlineData("""{"steps": {"g": {"robot": "/image/generate", "prompt": "x", "format": "png${fields.f}"}}}""", false)]
    [InlineData("""{"steps": {"g": {"robot": "/image/generate", "prompt": "x", "format": "${fields.f}"}}}""", true)]
    [InlineData("""{"steps": {}, "notify_url": null, "fields": {"a": {"b": [1, null]}}}""", true)]
    public void The_assembly_schema_accepts_and_rejects_as_the_design_says(string json, bool valid)
    {
        using var document = JsonDocument.Parse(json);

        var results = SchemaOracle.Evaluate(SchemaOracle.AssemblySchemaId, document.RootElement);

        Assert.True(results.IsValid == valid, SchemaOracle.Describe(results));
    }

    private static IEnumerable<(string Pointer, JsonElement Examples)> FindExamples(JsonElement element, string pointer)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            yield break;
        }

        foreach (var property in element.EnumerateObject())
        {
            var childPointer = pointer + "/" + property.Name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
            if (property.Name == "examples" && property.Value.ValueKind == JsonValueKind.Array)
            {
                yield return (pointer, property.Value);
            }
            else if (property.Name is "properties" or "$defs" or "patternProperties")
            {
                foreach (var sub in property.Value.EnumerateObject())
                {
                    foreach (var found in FindExamples(sub.Value, childPointer + "/" + sub.Name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)))
                    {
                        yield return found;
                    }
                }
            }
            else if (property.Value.ValueKind == JsonValueKind.Object && property.Name is "items" or "additionalProperties" or "then" or "if")
            {
                foreach (var found in FindExamples(property.Value, childPointer))
                {
                    yield return found;
                }
            }
            else if (property.Value.ValueKind == JsonValueKind.Array && property.Name is "anyOf" or "allOf" or "oneOf")
            {
                var index = 0;
                foreach (var item in property.Value.EnumerateArray())
                {
                    foreach (var found in FindExamples(item, childPointer + "/" + index++))
                    {
                        yield return found;
                    }
                }
            }
        }
    }
}
