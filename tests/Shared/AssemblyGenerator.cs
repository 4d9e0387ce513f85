using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using CsCheck;
using ImageSdk.Tables;
using Xunit;

namespace ImageSdk.Tests.Transpiling;

/// <summary>
/// Random assemblies over every robot and parameter form the schema tables give (valid and invalid, a fixed seed), and their
/// transpiled C#: shared by the transpiler's property tests, the runner's hostile-input tests and the end-to-end builds.
/// </summary>
internal static partial class AssemblyGenerator
{
    private static Gen<T> Pick<T>(params T[] values) => Gen.Int[0, values.Length - 1].Select(i => values[i]);

    private static readonly Gen<string> Text = Gen.OneOf(
        Pick("A red fox", "", "quote \" and \\ backslash", "line\nbreak", "ünïcødé 🦊", "tab\t", "line\u2028separator", "${fields.x}", "a ${fields.y} b", "{{}}", "/* not a comment */"),
        Gen.Char[' ', '~'].Array[0, 16].Select(c => new string(c)));

    private static readonly Gen<string> Interpolated = Pick("${fields.x}", "${fields.size}", "${fields.a}-${fields.b}", "${assembly.id}");

    private static readonly Gen<string> StepName = Pick(":original", "gen", "b", "with space", "a/b~c", "ünï");

    private static Gen<JsonNode> Value(ParameterSpec p)
    {
        var forms = new List<Gen<JsonNode>>();
        void Add(ValueForms form, Gen<JsonNode> gen)
        {
            if (p.Accepts(form))
            {
                forms.Add(gen);
            }
        }

        Add(ValueForms.String, p.Catalog is null
            ? Text.Select(s => (JsonNode)s)
            : Gen.OneOf(Pick(SchemaTables.Models.SelectMany(m => m.Aliases.Prepend(m.Id)).ToArray()), Text).Select(s => (JsonNode)s));
        Add(ValueForms.Integer, Gen.OneOf(Gen.Int[-5, 5000].Select(i => (long)i), Gen.Long[0, long.MaxValue]).Select(i => (JsonNode)(p.Maximum is null && p.Minimum is null ? i : Math.Clamp(i, int.MinValue, int.MaxValue))));
        Add(ValueForms.IntegerString, Gen.Int[0, 99999].Select(i => (JsonNode)i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Add(ValueForms.Number, Gen.Double[-1e6, 1e6].Select(d => (JsonNode)d));
        Add(ValueForms.Boolean, Gen.Bool.Select(b => (JsonNode)b));
        Add(ValueForms.BooleanString, Pick("true", "false").Select(s => (JsonNode)s));
        Add(ValueForms.Interpolation, Interpolated.Select(s => (JsonNode)s));
        if (p.EnumValues.Count > 0)
        {
            Add(ValueForms.Enum, Pick(p.EnumValues.ToArray()).Select(s => (JsonNode)s));
            Add(ValueForms.EnumArray, Pick(p.EnumValues.ToArray()).List[0, 3].Select(items => (JsonNode)new JsonArray(items.Select(i => (JsonNode)i).ToArray())));
        }

        var keys = p.MapKeys.Count > 0 ? p.MapKeys.ToArray() : ["x"];
        Add(ValueForms.BooleanMap, Gen.Select(Pick(keys), Gen.Bool).List[0, 3].Select(entries => Object(entries.Select(e => (e.Item1, (JsonNode)e.Item2)))));
        Add(ValueForms.Object, Gen.Select(Text, Gen.Int[1, 100000], Gen.Bool).Select((key, size, nonce) =>
            (JsonNode)new JsonObject { ["key"] = key, ["max_size"] = size, ["nonce"] = nonce ? "n-1" : null }));
        Add(ValueForms.Use, Use(p));
        return Gen.OneOf(forms.ToArray());
    }

    private static Gen<JsonNode> Use(ParameterSpec p)
    {
        var input = Gen.Select(StepName, Pick(p.UseRoles.Cast<string?>().Append(null).ToArray()), Pick(null, "photo"))
            .Select((name, role, field) => (JsonNode)Object(new (string, JsonNode?)[] { ("name", name), ("as", role), ("fields", field) }.Where(m => m.Item2 is not null)!));
        var steps = Gen.OneOf(
            StepName.Select(s => (JsonNode)s),
            StepName.List[1, 3].Select(names => (JsonNode)new JsonArray(names.Select(n => (JsonNode)n).ToArray())),
            input.List[1, 3].Select(items => (JsonNode)new JsonArray(items.ToArray())));
        var bundle = Gen.Select(steps, Pick<bool?>(null, true, false), Pick<bool?>(null, true, false), Pick<string[]?>(null, [], ["photo", "mask"]))
            .Select((s, bundleSteps, group, fields) => Object(new (string, JsonNode?)[]
            {
                ("steps", s.DeepClone()), ("bundle_steps", bundleSteps), ("group_by_original", group),
                ("fields", fields is null ? null : new JsonArray(fields.Select(f => (JsonNode)f).ToArray())),
            }.Where(m => m.Item2 is not null)!));
        return Gen.OneOf(steps, bundle);
    }

    private static JsonNode Object(IEnumerable<(string Key, JsonNode Value)> members)
    {
        var result = new JsonObject();
        foreach (var (key, value) in members)
        {
            result[key] = value.DeepClone();
        }

        return result;
    }

    private static Gen<JsonNode> Parameters(IReadOnlyList<ParameterSpec> parameters) =>
        Gen.Int[0, parameters.Count - 1].Select(i => parameters[i]).SelectMany(p => Value(p).Select(v => (p.Name, v))).List[0, 6]
            .Select(members => Object(members));

    /// <summary>
    /// The robots whose every parameter has a typed form of its own. A parameter checked by its schema fragment (the forms of
    /// the imported robots the typed reader cannot state yet) takes values this generator cannot make valid or invalid on
    /// purpose, and the transpiler does not yet state every such form: the imported robots are held by their documented
    /// examples (RobotExampleCorpusTests) until it does.
    /// </summary>
    private static readonly RobotSpec[] s_typedRobots = SchemaTables.Robots.Where(r => r.Parameters.All(p => p.Schema is null)).ToArray();

    /// <summary>Random assemblies over the typed robots and every parameter form (valid and invalid); the runner's property test uses them too.</summary>
    public static readonly Gen<JsonNode> Assembly = Gen.Select(
            Gen.Select(StepName, Gen.Int[0, s_typedRobots.Length - 1]).SelectMany((name, robot) =>
                Parameters(s_typedRobots[robot].Parameters).Select(step => (name, robot, step))).List[0, 4],
            Parameters(SchemaTables.AssemblyKeys.Where(k => !k.Accepts(ValueForms.Steps) && !k.Accepts(ValueForms.Scalar)).ToList()),
            Gen.Select(Pick("x", "size", "a b"), Gen.OneOf(Text.Select(s => (JsonNode)s), Gen.Long.Select(l => (JsonNode)l), Gen.Double[-10, 10].Select(d => (JsonNode)d), Gen.Bool.Select(b => (JsonNode)b))).List[0, 3])
        .Select((steps, envelope, fields) =>
        {
            var stepsNode = new JsonObject();
            foreach (var (name, robot, parameters) in steps)
            {
                var step = new JsonObject { ["robot"] = s_typedRobots[robot].Name };
                foreach (var member in parameters.AsObject())
                {
                    step[member.Key] = member.Value?.DeepClone();
                }

                stepsNode[name] = step;
            }

            var assembly = new JsonObject { ["steps"] = stepsNode };
            foreach (var member in envelope.AsObject())
            {
                assembly[member.Key] = member.Value?.DeepClone();
            }

            if (fields.Count > 0)
            {
                assembly["fields"] = Object(fields.Select(f => (f.Item1, f.Item2)));
            }

            return (JsonNode)assembly;
        });
}
