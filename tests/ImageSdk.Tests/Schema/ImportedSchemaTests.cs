using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace ImageSdk.Tests.Schema;

/// <summary>
/// The robot schemas tools/robot-import writes from Transloadit's definitions: held to the committed manifest (robots,
/// parameters, required keys, source version), listed by the envelope, and judging each robot's documented example as
/// Transloadit's linter does. No npm and no network: the manifest, the schemas and the linter's verdicts are committed.
/// </summary>
public class ImportedSchemaTests
{
    private const string StepDefinition = SchemaOracle.AssemblySchemaId + "#/$defs/transloaditStep";

    private static readonly JsonObject Manifest = Load("robots.manifest.json");

    private static JsonObject Load(string relative) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(SchemaOracle.SchemaDirectory, relative)))!.AsObject();

    private static IEnumerable<(string Robot, JsonObject Entry)> Robots() =>
        Manifest["robots"]!.AsObject().Select(p => (p.Key, p.Value!.AsObject()));

    private static List<string> Strings(JsonNode? array) => array!.AsArray().Select(n => n!.GetValue<string>()).ToList();

    public static TheoryData<string> RobotNames()
    {
        var data = new TheoryData<string>();
        foreach (var (robot, _) in Robots())
        {
            data.Add(robot);
        }

        return data;
    }

    [Fact]
    public void The_manifest_holds_Transloadits_robots_from_one_package_version()
    {
        Assert.Equal("@transloadit/node", Manifest["source"]!["package"]!.GetValue<string>());
        Assert.Matches(@"^\d+\.\d+\.\d+$", Manifest["source"]!["version"]!.GetValue<string>());
        var robots = Robots().Select(r => r.Robot).ToList();
        Assert.True(robots.Count >= 90, $"only {robots.Count} robots");
        Assert.Equal(robots.OrderBy(r => r, StringComparer.Ordinal), robots);
        Assert.Contains("/image/resize", robots);
        Assert.Contains("/s3/store", robots);
        Assert.Equal(new[] { "/image/generate", "/upload/handle" }, Robots().Where(r => r.Entry["curated"]!.GetValue<bool>()).Select(r => r.Robot));
    }

    [Theory]
    [MemberData(nameof(RobotNames))]
    public void Each_robot_schema_has_the_parameters_and_required_keys_of_the_manifest(string robot)
    {
        var entry = Robots().Single(r => r.Robot == robot).Entry;
        var schema = Load(entry["file"]!.GetValue<string>());
        var properties = schema["properties"]!.AsObject().Select(p => p.Key).ToList();
        var required = Strings(schema["required"]);
        var parameters = Strings(entry["parameters"]);
        var manifestRequired = Strings(entry["required"]);

        Assert.Equal(robot, schema["title"]!.GetValue<string>());
        Assert.Equal(robot, schema["properties"]!["robot"]!["const"]!.GetValue<string>());
        Assert.False(schema["additionalProperties"]!.GetValue<bool>());

        // When a step with no use brings files, as the importer probed it on Transloadit's linter: curated schemas included.
        Assert.Equal(entry["filesWithoutUse"]?.ToJsonString(), schema["x-imagesdk-files-without-use"]?.ToJsonString());
        if (entry["curated"]!.GetValue<bool>())
        {
            // The ceiling: a curated schema takes every parameter Transloadit's definition takes and requires no other.
            Assert.Empty(parameters.Except(properties));
            Assert.Empty(required.Except(manifestRequired));
        }
        else
        {
            Assert.Equal(parameters, properties);
            Assert.Equal(manifestRequired, required);
            Assert.Equal(Manifest["source"]!["package"]!.GetValue<string>(), schema["x-imagesdk-source"]!["package"]!.GetValue<string>());
            Assert.Equal(Manifest["source"]!["version"]!.GetValue<string>(), schema["x-imagesdk-source"]!["version"]!.GetValue<string>());
            Assert.Equal($"https://transloadit.com/docs/robots/{robot.TrimStart('/').Replace('/', '-')}/", schema["x-imagesdk-docs"]!.GetValue<string>());
        }
    }

    [Fact]
    public void Every_generated_robot_schema_is_in_the_manifest()
    {
        var listed = Robots().Select(r => r.Entry["file"]!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        var generated = Directory.GetFiles(Path.Combine(SchemaOracle.SchemaDirectory, "robots"), "*.schema.json")
            .Select(f => "robots/" + Path.GetFileName(f))
            .Where(f => Load(f)["x-imagesdk-source"] is not null)
            .ToList();

        Assert.Equal(Robots().Count(r => !r.Entry["curated"]!.GetValue<bool>()), generated.Count);
        Assert.All(generated, f => Assert.Contains(f, listed));
    }

    [Fact]
    public void The_envelope_lists_every_robot_of_the_manifest_with_its_schema()
    {
        var step = Load("assembly.schema.json")["$defs"]!["transloaditStep"]!;
        var manifest = Robots().Select(r => (r.Robot, File: r.Entry["file"]!.GetValue<string>())).ToList();

        Assert.Equal(manifest.Select(r => r.Robot), Strings(step["properties"]!["robot"]!["enum"]));
        var notImported = Manifest["notImported"]!.AsObject().Select(p => p.Key).ToList();
        Assert.NotEmpty(notImported); // the linter's undefined robots (hidden ones) stay unknown
        Assert.Empty(notImported.Intersect(manifest.Select(r => r.Robot)));
        Assert.Equal(
            manifest.Select(r => $"{r.Robot} -> {r.File}"),
            step["allOf"]!.AsArray().Select(c => $"{c!["if"]!["properties"]!["robot"]!["const"]!.GetValue<string>()} -> {c["then"]!["$ref"]!.GetValue<string>()}"));
    }

    [Fact]
    public void Every_robot_example_gets_the_schema_verdict_of_Transloadits_linter()
    {
        var verdicts = JsonNode.Parse(File.ReadAllText(Samples.Path("assemblies.robots.transloadit-lint.json")))!["verdicts"]!.AsObject();
        var examples = Directory.GetFiles(Samples.Path("assemblies/robots"), "*.json").Select(Path.GetFileName).OrderBy(f => f, StringComparer.Ordinal).ToList();
        Assert.Equal(Robots().Count(), examples.Count);
        Assert.Equal(examples, verdicts.Select(v => v.Key).OrderBy(f => f, StringComparer.Ordinal));

        var disagreements = new List<string>();
        foreach (var file in examples)
        {
            // The linter judges the schema only where its own rules found no error; where they did (missing-input), the
            // example's steps are schema-valid by Transloadit's definitions (checked when the verdicts were recorded).
            var schemaViolation = Strings(verdicts[file!]!["errors"]).Contains("schema-violation");
            using var document = JsonDocument.Parse(File.ReadAllText(Samples.Path("assemblies/robots/" + file)));
            var rejected = document.RootElement.GetProperty("steps").EnumerateObject()
                .Select(step => (step.Name, Results: SchemaOracle.Evaluate(StepDefinition, step.Value)))
                .Where(s => !s.Results.IsValid)
                .ToList();
            if (rejected.Count > 0 != schemaViolation)
            {
                disagreements.Add($"{file}: linter schema violation={schemaViolation}; schema/ rejects "
                    + string.Join(", ", rejected.Select(s => $"{s.Name} ({SchemaOracle.Describe(s.Results)})")));
            }
        }

        Assert.True(disagreements.Count == 0, string.Join("\n", disagreements));
        Assert.Contains(verdicts, v => Strings(v.Value!["errors"]).Contains("schema-violation")); // both verdicts occur
    }

    [Fact]
    public void No_description_names_one_object_form_twice()
    {
        // The forms of a union of objects read apart by the key that tells them apart (ai/chat's messages: role "user").
        var objectForm = new System.Text.RegularExpressions.Regex(@"an object with the keys (?:""[^""]*""|[^()""])*?\(and others\)|an object with the keys (?:""[^""]*""|[^()"",])*");
        var repeated = new List<string>();
        var descriptions = 0;
        foreach (var file in Directory.GetFiles(Path.Combine(SchemaOracle.SchemaDirectory, "robots"), "*.schema.json").Append(Path.Combine(SchemaOracle.SchemaDirectory, "robot-shared.schema.json")))
        {
            foreach (var description in Descriptions(JsonNode.Parse(File.ReadAllText(file))))
            {
                descriptions++;
                var forms = objectForm.Matches(description).Select(m => m.Value).ToList();
                repeated.AddRange(forms.GroupBy(f => f).Where(g => g.Count() > 1).Select(g => $"{Path.GetFileName(file)}: \"{g.Key}\" {g.Count()} times"));
            }
        }

        Assert.True(descriptions > 1000, $"{descriptions} descriptions read");
        Assert.True(repeated.Count == 0, string.Join("\n", repeated));
        var messages = Load("robots/ai-chat.schema.json")["properties"]!["messages"]!["description"]!.GetValue<string>();
        Assert.Equal(
            "A string or an array (each item: an object with the keys role \"system\", content and providerOptions (and others), an object with the keys role \"user\", content and providerOptions (and others), an object with the keys role \"assistant\", content and providerOptions (and others) or an object with the keys role \"tool\", content and providerOptions (and others) or a whole ${...} variable).",
            messages);
    }

    [Fact]
    public void Each_parameter_of_the_meanings_table_says_what_it_is_for_before_its_type()
    {
        // tools/robot-import/meanings.json: one short sentence of ours per parameter name, "*/import:name" for the robots whose
        // name ends so, "/robot/name:name" for one robot (the most specific key wins; null: no sentence there).
        var table = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "tools", "robot-import", "meanings.json")))!.AsObject();
        table.Remove("$comment");
        var wrong = new List<string>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        var given = 0;
        foreach (var file in Directory.GetFiles(Path.Combine(SchemaOracle.SchemaDirectory, "robots"), "*.schema.json").OrderBy(f => f, StringComparer.Ordinal))
        {
            var schema = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
            if (schema["x-imagesdk-source"] is null)
            {
                continue; // curated
            }

            var robot = schema["properties"]!["robot"]!["const"]!.GetValue<string>();
            foreach (var (name, parameter) in schema["properties"]!.AsObject())
            {
                var key = new[] { $"{robot}:{name}", $"*/{robot.Split('/')[^1]}:{name}", name }.FirstOrDefault(table.ContainsKey);
                if (key is null)
                {
                    continue;
                }

                used.Add(key);
                if (table[key] is not JsonValue meaning)
                {
                    continue;
                }

                var description = parameter!["description"]?.GetValue<string>();
                if (description is null || !description.StartsWith(meaning.GetValue<string>() + " ", StringComparison.Ordinal) || description.Length == meaning.GetValue<string>().Length + 1)
                {
                    wrong.Add($"{robot} {name}: \"{description}\" does not start with the sentence of '{key}' and go on with its type");
                }

                given++;
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        Assert.Equal(table.Select(p => p.Key).OrderBy(k => k, StringComparer.Ordinal), used.OrderBy(k => k, StringComparer.Ordinal)); // no stale key
        Assert.True(given >= 350, $"only {given} parameters given a meaning");
        foreach (var (key, sentence) in table)
        {
            Assert.True(sentence is null || (sentence.GetValue<string>() is var text && text.Length <= 120 && char.IsUpper(text[0]) && text.EndsWith('.') && !text[..^1].Contains(". ", StringComparison.Ordinal)), $"'{key}': one short sentence");
        }

        Assert.Equal(
            "The name of the Template Credentials, saved in your Transloadit account, that give access to the service. A string.",
            Load("robots/s3-store.schema.json")["properties"]!["credentials"]!["description"]!.GetValue<string>());
    }

    private static IEnumerable<string> Descriptions(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key == "description" && p.Value is JsonValue v && v.TryGetValue<string>(out var text) ? new[] { text } : Descriptions(p.Value)),
        JsonArray a => a.SelectMany(Descriptions),
        _ => Enumerable.Empty<string>(),
    };
}
