using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using CsCheck;
using ImageSdk.Tables;
using ImageSdk.Validation;
using ImageSdk.Validation.Engine;
using Xunit;

namespace ImageSdk.Tests.Validation;

/// <summary>The engine's fast paths give the answers of the plain definitions they replace.</summary>
public class EngineFastPathTests
{
    [Theory]
    [InlineData("generated", true)]
    [InlineData("step", true)]
    [InlineData("", false)]
    [InlineData(".hidden", false)]
    [InlineData("trailing.", false)]
    [InlineData("trailing ", false)]
    [InlineData("a/b", false)]
    [InlineData("a:b", false)]
    [InlineData("CON", false)]
    [InlineData("con.txt", false)]
    [InlineData("Lpt9 .png", false)]
    [InlineData("COM0", true)]
    [InlineData("CONS", true)]
    [InlineData("\u0131con", true)] // dotless i: upper-cases to I, and "ICON" is no device
    [InlineData("aux\u0131", true)]
    [InlineData("\ud83d\ude00 ok", true)]
    [InlineData("line\u2028break", false)]
    public void IsSafe_says_whether_a_name_is_kept_as_it_stands(string name, bool safe)
    {
        Assert.Equal(safe, SafeFileName.IsSafe(name));
        Assert.Equal(safe, SafeFileName.From(name) == name);
    }

    private static readonly string[] s_pieces = { "CON", "con", "Prn", "AUX", "nul", "COM1", "lpt9", "com0", "\ud83d\ude00", "\u4e2d\u4e2d\u4e2d\u4e2d", ".txt", " ." };

    [Fact]
    public void IsSafe_is_From_leaving_the_name_unchanged_on_random_names()
    {
        // Characters that each rule of From touches: dots and spaces at the ends, unsafe ASCII, C1 controls, line separators,
        // surrogate halves, letters of device names in both cases, and letters outside ASCII (two and three UTF-8 bytes).
        var piece = Gen.OneOf(
            Gen.Char[".. _-aAcCoOnNpPrRuUxXlLmMtT19/\\:*?\"<>|\u0131\u00e9\u4e2d\u2028\u0085\u007f\u0001\ud83d\ude00"].Select(c => c.ToString()),
            Gen.Int[0, s_pieces.Length - 1].Select(i => s_pieces[i]));
        var name = piece.Array[0, 12].Select(parts => string.Concat(parts));
        var longName = Gen.Select(name, Gen.Int[36, 130], Gen.Char["a\u00e9\u4e2d."]).Select((n, length, c) => n + new string(c, length));
        Gen.OneOf(name, longName).Sample(text => Assert.Equal(SafeFileName.From(text) == text, SafeFileName.IsSafe(text)), iter: 20000);
    }

    /// <summary>Every robot's plan, found by the name the tables give it.</summary>
    private static RobotPlan[] AllPlans() => RobotPlan.RobotNames.Select(name => RobotPlan.Find(name)!).ToArray();

    [Fact]
    public void The_reference_index_finds_what_the_array_search_finds()
    {
        var arrays = AllPlans().Select(plan => plan.Names).Append(RobotPlan.RobotNames).ToArray();
        Assert.True(arrays.Length > 90, $"{arrays.Length} arrays");
        foreach (var names in arrays)
        {
            var index = new TableNames.Index(names);
            var probes = names
                .Concat(names.Select(n => new string(n.ToCharArray()))) // equal text, another instance: compared in full
                .Concat(names.Select(n => n + "x"))
                .Concat(new[] { string.Empty, "robot", "use", "/image/resize", "width" });
            foreach (var probe in probes)
            {
                Assert.Equal(TableNames.IndexOf(names, probe), index.IndexOf(probe));
            }
        }
    }

    [Fact]
    public void The_reference_index_keeps_the_first_of_a_repeated_string()
    {
        var repeated = "b";
        var names = new[] { "a", repeated, "c", repeated, new string('b', 1) };
        var index = new TableNames.Index(names);
        Assert.Equal(1, index.IndexOf(repeated));
        Assert.Equal(1, index.IndexOf(new string('b', 1)));
        Assert.Equal(4, index.IndexOf(names[4])); // that very instance: found by reference first, as the array search does
        Assert.Equal(-1, index.IndexOf("d"));
    }

    [Fact]
    public void A_plan_finds_each_robot_and_parameter_by_the_tables_string_and_by_an_equal_one()
    {
        foreach (var plan in AllPlans())
        {
            Assert.Same(plan, RobotPlan.Find(plan.Spec.Name));
            Assert.Same(plan, RobotPlan.Find(new string(plan.Spec.Name.ToCharArray())));
            for (var p = 0; p < plan.Names.Length; p++)
            {
                Assert.Equal(p, plan.IndexOf(plan.Names[p]));
                Assert.Equal(p, plan.IndexOf(new string(plan.Names[p].ToCharArray())));
            }

            Assert.Equal(-1, plan.IndexOf("no such parameter"));
        }

        Assert.Null(RobotPlan.Find("/no/such"));
    }

    [Fact]
    public void ContainsInterpolation_is_the_partial_form_of_Transloadit_on_random_text()
    {
        // /\${.+}/ in JavaScript: '.' matches no line terminator (\n, \r, U+2028, U+2029).
        var partial = new Regex("\\$\\{[^\n\r\u2028\u2029]+\\}", RegexOptions.CultureInvariant);
        Gen.Char["$${}}a \n\r\u2028\u2029"].Array[0, 16].Select(c => new string(c))
            .Sample(text => Assert.Equal(partial.IsMatch(text), SchemaTables.ContainsInterpolation(text)), iter: 20000);
        Assert.False(SchemaTables.ContainsInterpolation(null));
    }

    [Fact]
    public void The_name_index_finds_what_the_array_search_finds_on_random_arrays()
    {
        // Short names from a few characters: many share a length and their first, middle and last characters (the index's
        // hash), and equal texts come as one instance and as several.
        var pool = new[] { "a", "b", "ab", "ba", "aab", "aba", "bab", "abab", "use", "uSe", "u_e", string.Empty, "width", "widht" };
        var text = Gen.Int[0, pool.Length - 1].Select(i => pool[i]);
        var entry = Gen.Select(text, Gen.Bool).Select((name, copy) => copy ? new string(name.ToCharArray()) : name);
        Gen.Select(entry.Array[0, 12], entry.Array[1, 8]).Sample((names, probes) =>
        {
            var index = new TableNames.Index(names);
            foreach (var probe in probes.Concat(names))
            {
                Assert.Equal(TableNames.IndexOf(names, probe), index.IndexOf(probe));
            }
        }, iter: 5000);
    }

    [Fact]
    public void A_use_cycle_is_found_exactly_when_the_steps_make_one_on_random_assemblies()
    {
        // Steps that use earlier steps, later ones, themselves, unknown names and the uploads; repeated step names (the
        // last one wins). The cycle search is skipped when every use names an earlier step: a cycle must still be found
        // exactly when the graph has one.
        var names = new[] { "a", "b", "c", "d", "e", "missing" };
        var step = Gen.Select(Gen.Int[0, 4], Gen.Int[0, names.Length - 1].Array[0, 3], Gen.Bool);
        step.Array[1, 7].Sample(steps =>
        {
            var json = new System.Text.StringBuilder("{\"steps\": {\":original\": {\"robot\": \"/upload/handle\"}");
            foreach (var (name, uses, asString) in steps)
            {
                var use = asString && uses.Length == 1 ? "\"" + names[uses[0]] + "\"" : "[" + string.Join(", ", uses.Select(u => "\"" + names[u] + "\"")) + "]";
                json.Append(", \"").Append(names[name]).Append("\": {\"robot\": \"/image/resize\", \"use\": ").Append(use).Append('}');
            }

            json.Append("}}");

            // The graph as a JSON parser keeps it: the last step of each name.
            var graph = new System.Collections.Generic.Dictionary<string, int[]>();
            foreach (var (name, uses, _) in steps)
            {
                graph[names[name]] = uses;
            }

            var result = AssemblyValidator.Validate(json.ToString());
            var cycles = result.Findings.Count(f => f.Code == DiagnosticIds.UseCycle);
            Assert.Equal(HasCycle(graph, names), cycles > 0);
        }, iter: 3000);
    }

    private static bool HasCycle(System.Collections.Generic.Dictionary<string, int[]> graph, string[] names)
    {
        var state = new System.Collections.Generic.Dictionary<string, int>(); // 1: on the path, 2: done
        bool Visit(string step)
        {
            state[step] = 1;
            foreach (var target in graph[step].Select(u => names[u]).Where(graph.ContainsKey))
            {
                if (state.GetValueOrDefault(target) == 1 || (state.GetValueOrDefault(target) == 0 && Visit(target)))
                {
                    return true;
                }
            }

            state[step] = 2;
            return false;
        }

        return graph.Keys.Any(step => state.GetValueOrDefault(step) == 0 && Visit(step));
    }
}
