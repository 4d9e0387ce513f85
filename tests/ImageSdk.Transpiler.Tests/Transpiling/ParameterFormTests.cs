using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ImageSdk.Tables;
using ImageSdk.Transpiler;
using ImageSdk.Validation;
using Xunit;

namespace ImageSdk.Tests.Transpiling;

/// <summary>
/// Every parameter form of every robot in the schema tables (and the envelope's keys), walked value by value: each value the
/// validator accepts at a parameter (null in a union, enum values, arrays, objects, the string forms of numbers and booleans,
/// interpolations, the robots' documented values) is written as builder code, read back to the same JSON, and the compiled
/// builders write that JSON too. No schema-valid value is left that the transpiler cannot write.
/// </summary>
public class ParameterFormTests
{
    /// <summary>Values tried at every parameter; the validator decides which each parameter takes.</summary>
    private static readonly string[] s_universe =
    [
        "null", "true", "false", "0", "1", "-1", "2.5", "4294967296", "1e300",
        "\"\"", "\"x\"", "\"12\"", "\"1.5\"", "\"true\"", "\"false\"", "\"${fields.x}\"", "\"a ${fields.y}\"", "\"https://example.com/a.jpg\"",
        "[]", "[\"x\"]", "[\"x\", \"y\"]", "[1]", "[null]", "[true]", "[[\"x\"]]", "[{\"a\": 1}]", "[\"x\", 1]",
        "{}", "{\"a\": true}", "{\"a\": \"x\"}", "{\"a\": null}", "{\"a\": [1, \"b\"]}", "{\"a\": {\"b\": false}}",
    ];

    private sealed record Candidate(string Robot, string Step, ParameterSpec Parameter, string Json)
    {
        /// <summary>
        /// What stays outside builder code, on purpose: an integer past 2^53 (1e300 is an integer to JavaScript, and to the
        /// validator; no C# long literal states it), and an empty <c>fields</c> (no Field call: the builders leave it out,
        /// which Transloadit reads the same).
        /// </summary>
        public string? Residual => Parameter.Takes(BuilderArguments.Int32 | BuilderArguments.Int64) && !Parameter.Takes(BuilderArguments.Json | BuilderArguments.Double)
                && double.TryParse(Json, System.Globalization.CultureInfo.InvariantCulture, out var number) && Math.Abs(number) > 9007199254740992d
            ? "is an integer past 2^53"
            : Robot.Length == 0 && Parameter.Accepts(ValueForms.Scalar) && Json == "{}" ? "empty fields" : null;
    }

    private static readonly Lazy<IReadOnlyList<Candidate>> s_accepted = new(Accepted);

    /// <summary>The values of each parameter to try: the universe, its enum values and keys, its default, and the robots' documented values.</summary>
    private static IEnumerable<string> ValuesOf(ParameterSpec p, IReadOnlyDictionary<string, List<string>> documented, string robot)
    {
        var values = new List<string>(s_universe);
        foreach (var value in p.EnumValues)
        {
            values.Add(JsonSerializer.Serialize(value));
        }

        if (p.EnumValues.Count > 0)
        {
            values.Add(JsonSerializer.Serialize(p.EnumValues.Take(2)));
            values.Add("[null, " + JsonSerializer.Serialize(p.EnumValues[0]) + "]");
        }

        if (p.MapKeys.Count > 0)
        {
            values.Add("{" + string.Join(", ", p.MapKeys.Select((k, i) => JsonSerializer.Serialize(k) + (i % 2 == 0 ? ": true" : ": \"false\""))) + "}");
        }

        if (p.ObjectMembers.Count > 0)
        {
            values.Add("{" + string.Join(", ", p.ObjectMembers.Select(m => JsonSerializer.Serialize(m.Name) + ": " + (m.DefaultJson ?? "null"))) + "}");
        }

        if (p.DefaultJson is { } defaultJson)
        {
            values.Add(defaultJson);
        }

        if (documented.TryGetValue(robot + " " + p.Name, out var examples))
        {
            values.AddRange(examples);
        }

        return values.Distinct(StringComparer.Ordinal);
    }

    /// <summary>Each parameter's values in the robots' documented examples (samples/assemblies/robots/).</summary>
    private static Dictionary<string, List<string>> Documented()
    {
        var documented = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(Samples.Path(Path.Combine("assemblies", "robots")), "*.json"))
        {
            foreach (var (_, step) in JsonNode.Parse(File.ReadAllText(file))!["steps"]!.AsObject())
            {
                if (step is JsonObject members && members["robot"]?.GetValue<string>() is { } robot)
                {
                    foreach (var (name, value) in members)
                    {
                        var key = robot + " " + name;
                        (documented.TryGetValue(key, out var list) ? list : documented[key] = []).Add(value?.ToJsonString() ?? "null");
                    }
                }
            }
        }

        return documented;
    }

    /// <summary>Every (parameter, value) the validator takes: no error at the value's own path.</summary>
    private static IReadOnlyList<Candidate> Accepted()
    {
        var documented = Documented();
        var accepted = new List<Candidate>();
        foreach (var robot in SchemaTables.Robots)
        {
            var step = "s" + robot.Name.Replace('/', '-');
            foreach (var p in robot.Parameters.Where(p => p.Name != "robot" && !p.Accepts(ValueForms.Use)))
            {
                foreach (var value in ValuesOf(p, documented, robot.Name))
                {
                    var json = $"{{\"steps\": {{{JsonSerializer.Serialize(step)}: {{\"robot\": {JsonSerializer.Serialize(robot.Name)}, {JsonSerializer.Serialize(p.Name)}: {value}}}}}}}";
                    if (TakenAt(json, $"/steps/{step}/{p.Name}"))
                    {
                        accepted.Add(new Candidate(robot.Name, step, p, value));
                    }
                }
            }
        }

        foreach (var key in SchemaTables.AssemblyKeys.Where(k => !k.Accepts(ValueForms.Steps)))
        {
            foreach (var value in ValuesOf(key, documented, string.Empty))
            {
                if (TakenAt($"{{\"steps\": {{}}, {JsonSerializer.Serialize(key.Name)}: {value}}}", "/" + key.Name))
                {
                    accepted.Add(new Candidate(string.Empty, string.Empty, key, value));
                }
            }
        }

        return accepted;
    }

    private static bool TakenAt(string json, string path) =>
        !AssemblyValidator.Validate(json).Findings.Any(f => f.Severity == ValidationSeverity.Error && (f.Path == path || f.Path.StartsWith(path + "/", StringComparison.Ordinal)));

    /// <summary>
    /// The accepted values as assemblies: each robot's steps hold the k-th value of each of its parameters (the envelope's keys
    /// likewise, one assembly per value), many steps per assembly, so that each assembly is compiled once.
    /// </summary>
    private static List<(JsonObject Assembly, List<(string Step, Candidate Value)> Values)> Assemblies()
    {
        var assemblies = new List<(JsonObject, List<(string, Candidate)>)>();
        var steps = new JsonObject();
        var values = new List<(string, Candidate)>();
        foreach (var robot in s_accepted.Value.Where(c => c.Robot.Length > 0 && c.Residual is null).GroupBy(c => c.Robot))
        {
            var byParameter = robot.GroupBy(c => c.Parameter.Name).Select(g => g.ToList()).ToList();
            for (var k = 0; k < byParameter.Max(g => g.Count); k++)
            {
                var step = new JsonObject { ["robot"] = robot.Key };
                var name = robot.First().Step + "-" + k;
                foreach (var parameter in byParameter.Where(g => g.Count > k))
                {
                    step[parameter[k].Parameter.Name] = JsonNode.Parse(parameter[k].Json);
                    values.Add((name, parameter[k]));
                }

                steps[name] = step;
                if (steps.Count == 200)
                {
                    assemblies.Add((new JsonObject { ["steps"] = steps }, values));
                    (steps, values) = (new JsonObject(), []);
                }
            }
        }

        assemblies.Add((new JsonObject { ["steps"] = steps }, values));
        var envelope = s_accepted.Value.Where(c => c.Robot.Length == 0 && c.Residual is null).GroupBy(c => c.Parameter.Name).Select(g => g.ToList()).ToList();
        for (var k = 0; k < envelope.Max(g => g.Count); k++)
        {
            var assembly = new JsonObject { ["steps"] = new JsonObject() };
            var keys = envelope.Where(g => g.Count > k).Select(g => g[k]).ToList();
            foreach (var key in keys)
            {
                assembly[key.Parameter.Name] = JsonNode.Parse(key.Json);
            }

            assemblies.Add((assembly, keys.Select(key => (string.Empty, key)).ToList()));
        }

        return assemblies;
    }

    [Fact]
    public void The_walk_covers_null_in_unions_enums_arrays_and_objects_of_every_robot()
    {
        var accepted = s_accepted.Value;

        Assert.All(SchemaTables.Robots, r => Assert.Contains(accepted, c => c.Robot == r.Name));
        Assert.Contains(accepted, c => c is { Robot: "/google/store", Parameter.Name: "acl", Json: "null" });
        Assert.Contains(accepted, c => c.Json == "null" && c.Parameter.Accepts(ValueForms.Enum) && c.Parameter.Schema is null);
        Assert.Contains(accepted, c => c.Json.StartsWith('[') && c.Parameter.Accepts(ValueForms.EnumArray));
        Assert.Contains(accepted, c => c.Json.StartsWith('{') && c.Parameter.Schema is not null);
        Assert.True(accepted.Count(c => c.Json == "null") >= 40, $"only {accepted.Count(c => c.Json == "null")} parameters take null");
    }

    [Fact]
    public void A_nullable_enum_given_null_is_written_as_null_and_read_back()
    {
        const string json = """
            {"steps": {
              ":original": {"robot": "/upload/handle"},
              "resized": {"robot": "/image/resize", "use": ":original", "compress": null, "frame": null},
              "stored": {"robot": "/google/store", "use": "resized", "credentials": "gcs", "acl": null},
              "waveform": {"robot": "/audio/waveform", "use": ":original", "style": 0},
              "faces": {"robot": "/image/facedetect", "use": ":original", "faces": 0}
            }}
            """;

        var csharp = AssemblyTranspiler.ToCSharp(Encoding.UTF8.GetBytes(json), new CSharpOptions(ClassName: "Nulls"));

        Assert.True(csharp.Succeeded, string.Join("\n", csharp.Errors));
        Assert.Contains(".Acl(null)", csharp.Output!, StringComparison.Ordinal);
        Assert.Contains(".Compress(null)", csharp.Output!, StringComparison.Ordinal);
        Assert.Contains(".Frame(null)", csharp.Output!, StringComparison.Ordinal);
        Assert.Contains(".Style((JsonNode)0)", csharp.Output!, StringComparison.Ordinal); // 0 alone would also be an enum member
        Assert.Contains(".Faces(0L)", csharp.Output!, StringComparison.Ordinal);
        var back = AssemblyTranspiler.ToJson(csharp.Output!, "Nulls.cs");
        Assert.True(back.Succeeded, string.Join("\n", back.Errors));
        Assert.True(TranspileHarness.JsonEquals(json, back.Output!), back.Output);
        Assert.True(TranspileHarness.JsonEquals(json, TranspileHarness.CompileAndBuild([("Assemblies", "Nulls", csharp.Output!)])["Nulls"]));
    }

    [Fact]
    public void A_string_at_a_parameter_that_takes_an_array_of_strings_stays_a_string()
    {
        // Found by probe3: the validator rejects these strings (IMG1302), and the transpiler wrote them as .Offsets("..."),
        // which binds to (params string[]) and wrote ["..."]: another value, judged differently by the analyzer.
        const string json = """
            {"steps": {
              ":original": {"robot": "/upload/handle"},
              "frames": {"robot": "/video/thumbs", "use": ":original", "offsets": "${fields.at}\n"},
              "resized": {"robot": "/image/resize", "use": "frames", "watermark_position": "a${fields.pos}"}
            }}
            """;

        var csharp = AssemblyTranspiler.ToCSharp(Encoding.UTF8.GetBytes(json), new CSharpOptions(ClassName: "StringForArray"));

        Assert.True(csharp.Succeeded, string.Join("\n", csharp.Errors));
        Assert.Contains(".Offsets((JsonNode)\"${fields.at}\\n\")", csharp.Output!, StringComparison.Ordinal);
        Assert.Contains(".WatermarkPosition((JsonNode)\"a${fields.pos}\")", csharp.Output!, StringComparison.Ordinal);
        var back = AssemblyTranspiler.ToJson(csharp.Output!, "StringForArray.cs");
        Assert.True(back.Succeeded, string.Join("\n", back.Errors));
        Assert.True(TranspileHarness.JsonEquals(json, back.Output!), back.Output);
        Assert.True(TranspileHarness.JsonEquals(json, TranspileHarness.CompileAndBuild([("Assemblies", "StringForArray", csharp.Output!)])["StringForArray"]));
        Assert.Equal(
            new[] { ("IMG1302", "/steps/frames/offsets"), ("IMG1302", "/steps/resized/watermark_position") },
            AssemblyValidator.Validate(back.Output!).Findings.Select(f => (f.Code, f.Path)));
    }

    [Fact]
    public void A_number_past_the_largest_double_is_an_error_at_its_own_path_that_says_why()
    {
        // Found by probe3: 1e400 is Infinity to JavaScript, which the validator (and the linter) take where no maximum stands;
        // no C# literal writes it. The reason named the parameter's forms ("an array is not a value of 'segments'").
        const string json = """
            {"steps": {
              ":original": {"robot": "/upload/handle"},
              "joined": {"robot": "/audio/concat", "use": ":original", "audio_fade_seconds": 1e400},
              "split": {"robot": "/audio/split", "use": ":original", "segments": [{"from": 0, "to": 30}, {"from": 60, "to": -1e400}]}
            }}
            """;
        Assert.True(AssemblyValidator.Validate(json).IsValid);
        var writer = new JsonToCSharp();
        using var document = JsonDocument.Parse(json);

        Assert.Null(writer.Write(document.RootElement, "N", "C", "Build"));

        Assert.Equal(
            new[]
            {
                ("/steps/joined/audio_fade_seconds", "the number 1e400 is past the largest double (JavaScript reads it as Infinity), which no C# literal states"),
                ("/steps/split/segments/1/to", "the number -1e400 is past the largest double (JavaScript reads it as Infinity), which no C# literal states"),
            },
            writer.Inexpressible);
    }

    [Fact]
    public void A_use_object_with_an_empty_steps_list_is_written_and_read_back()
    {
        // Transloadit's linter takes {"steps": []} in a use object (a step that waits for nothing); the transpiler refused it.
        const string json = """
            {"steps": {
              ":original": {"robot": "/upload/handle"},
              "bundled": {"robot": "/image/resize", "use": {"steps": [], "bundle_steps": true}, "width": 10},
              "plain": {"robot": "/image/resize", "use": {"steps": [], "fields": []}, "width": 10},
              "grouped": {"robot": "/image/resize", "use": {"steps": [], "group_by_original": false}, "width": 10}
            }}
            """;

        var csharp = AssemblyTranspiler.ToCSharp(Encoding.UTF8.GetBytes(json), new CSharpOptions(ClassName: "EmptyUse"));

        Assert.True(csharp.Succeeded, string.Join("\n", csharp.Errors));
        Assert.Contains(".Use(StepUse.Bundle(StepUse.Steps()))", csharp.Output!, StringComparison.Ordinal);
        var back = AssemblyTranspiler.ToJson(csharp.Output!, "EmptyUse.cs");
        Assert.True(back.Succeeded, string.Join("\n", back.Errors));
        Assert.True(TranspileHarness.JsonEquals(json, back.Output!), back.Output);
        Assert.True(TranspileHarness.JsonEquals(json, TranspileHarness.CompileAndBuild([("Assemblies", "EmptyUse", csharp.Output!)])["EmptyUse"]));
    }

    [Fact]
    public void The_residual_integers_past_2_to_the_53_are_each_an_error_at_their_path_that_says_why()
    {
        var residual = s_accepted.Value.Where(c => c.Residual == "is an integer past 2^53").ToList();
        Assert.True(residual.Count >= 50, $"only {residual.Count}");
        var steps = new JsonObject();
        foreach (var c in residual)
        {
            steps[c.Step + "-" + c.Parameter.Name] = new JsonObject { ["robot"] = c.Robot, [c.Parameter.Name] = JsonNode.Parse(c.Json) };
        }

        var writer = new JsonToCSharp();
        using var document = JsonDocument.Parse(new JsonObject { ["steps"] = steps }.ToJsonString());

        Assert.Null(writer.Write(document.RootElement, "N", "C", "Build"));
        var missing = residual.Where(c => !writer.Inexpressible.Any(e => e.Path == $"/steps/{c.Step}-{c.Parameter.Name}/{c.Parameter.Name}"
            && e.Reason.StartsWith($"the number {c.Json} is an integer past 2^53 (9007199254740992) in size, which no C# literal of {c.Parameter.MemberName}(long)", StringComparison.Ordinal))).ToList();
        Assert.True(missing.Count == 0, string.Join("\n", missing.Select(c => $"{c.Robot} {c.Parameter.Name} = {c.Json}")));
        Assert.Equal(residual.Count, writer.Inexpressible.Count);
    }

    [Fact]
    public void Every_value_the_validator_takes_at_a_parameter_goes_json_to_csharp_to_json_and_the_builders_write_it()
    {
        var failures = new List<string>();
        var compiled = new List<(string Namespace, string ClassName, string Code)>();
        var expected = new Dictionary<string, string>(StringComparer.Ordinal);
        var assemblies = Assemblies();
        for (var i = 0; i < assemblies.Count; i++)
        {
            var (assembly, values) = assemblies[i];
            var json = assembly.ToJsonString();
            var className = "Forms" + i;
            var csharp = AssemblyTranspiler.ToCSharp(Encoding.UTF8.GetBytes(json), new CSharpOptions(ClassName: className));
            if (!csharp.Succeeded)
            {
                failures.AddRange(csharp.Errors.Where(e => e.Code is null).Select(e => e.Message)); // the transpiler's own: a value no call takes
                continue;
            }

            var back = AssemblyTranspiler.ToJson(csharp.Output!, className + ".cs");
            if (!back.Succeeded)
            {
                failures.AddRange(back.Errors.Select(e => $"{className}.cs({e.Line},{e.Column}): {e.Message}"));
                continue;
            }

            failures.AddRange(Differences(values, json, back.Output!, "C# -> JSON"));
            compiled.Add(("Assemblies", className, csharp.Output!));
            expected[className] = json;
        }

        Assert.True(failures.Count == 0, $"{failures.Count} values cannot be transpiled:\n" + string.Join("\n", failures.Distinct().Take(60)));
        var built = TranspileHarness.CompileAndBuild(compiled);
        foreach (var (className, json) in expected)
        {
            failures.AddRange(Differences(assemblies[int.Parse(className["Forms".Length..], System.Globalization.CultureInfo.InvariantCulture)].Values, json, built[className], "the builders"));
        }

        Assert.True(failures.Count == 0, $"{failures.Count} values the builders write otherwise:\n" + string.Join("\n", failures.Distinct().Take(60)));
    }

    /// <summary>The values that came back otherwise, each named by its robot, parameter and JSON.</summary>
    private static IEnumerable<string> Differences(List<(string Step, Candidate Value)> values, string sent, string back, string by)
    {
        var expected = JsonNode.Parse(sent)!.AsObject();
        var actual = JsonNode.Parse(back)!.AsObject();
        foreach (var (step, c) in values)
        {
            var (want, have) = step.Length == 0 ? (expected, actual) : (expected["steps"]![step]!.AsObject(), actual["steps"]?[step] as JsonObject);
            if (have?.TryGetPropertyValue(c.Parameter.Name, out var got) != true)
            {
                yield return $"{c.Robot} {c.Parameter.Name} = {c.Json}: {by} wrote nothing";
            }
            else if (!TranspileHarness.JsonEquals(want[c.Parameter.Name]?.ToJsonString() ?? "null", got?.ToJsonString() ?? "null"))
            {
                yield return $"{c.Robot} {c.Parameter.Name} = {c.Json}: {by} wrote {got?.ToJsonString() ?? "null"}";
            }
        }
    }
}
