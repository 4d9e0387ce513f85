using System;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using CsCheck;
using ImageSdk.Tables;
using ImageSdk.Validation.Engine;
using Xunit;

namespace ImageSdk.Tests.Validation;

/// <summary>
/// The schema tables build a robot's spec on first use (<see cref="RobotTable"/>) and check the whole-variable pattern by hand,
/// for the start-up of <c>imagesdk validate</c>: what the validator reads is the same as when every spec was built at once and
/// the pattern was a regex.
/// </summary>
public class LazyTablesTests
{
    [Fact]
    public void The_names_and_required_step_names_are_those_of_the_specs_in_the_same_order()
    {
        Assert.True(SchemaTables.Robots.Count > 90, $"{SchemaTables.Robots.Count} robots");
        Assert.Equal(SchemaTables.Robots.Count, SchemaTables.RobotNames.Length);
        Assert.Equal(SchemaTables.RobotNames, SchemaTables.Robots.Select(r => r.Name));
        Assert.Equal(SchemaTables.RequiredStepNames, SchemaTables.Robots.Select(r => r.RequiredStepName));
        Assert.Equal(SchemaTables.RobotNames.OrderBy(n => n, StringComparer.Ordinal), SchemaTables.RobotNames);
        Assert.Contains(":original", SchemaTables.RequiredStepNames);
    }

    [Fact]
    public void A_robot_is_found_as_the_one_spec_the_list_holds_and_its_plan_reads_that_spec()
    {
        foreach (var name in new[] { "/image/resize", "/s3/store", "/upload/handle", "/image/generate" })
        {
            var spec = SchemaTables.FindRobot(name);
            Assert.NotNull(spec);
            Assert.Same(spec, SchemaTables.Robots[Array.IndexOf(SchemaTables.RobotNames, name)]);
            Assert.Same(spec, RobotPlan.Find(name)!.Spec);
            Assert.Same(RobotPlan.Find(name), RobotPlan.Find(name));
        }

        Assert.Null(SchemaTables.FindRobot("/image/resiz"));
        Assert.Null(RobotPlan.Find("/image/resiz"));
    }

    [Fact]
    public void The_robot_that_reserves_a_step_name_is_the_first_spec_that_requires_it()
    {
        Assert.Equal("/upload/handle", RobotPlan.Reserving(":original")?.Spec.Name);
        Assert.Equal(SchemaTables.Robots.First(r => r.RequiredStepName is not null).RequiredStepName, RobotPlan.FirstRequiredStepName);
        Assert.Null(RobotPlan.Reserving("original"));
    }

    [Fact]
    public void The_robot_strings_are_every_name_of_the_specs_as_the_specs_own_strings()
    {
        var strings = SchemaTables.RobotStrings.ToHashSet(StringComparer.Ordinal);
        var expected = SchemaTables.Robots
            .SelectMany(r => new[] { r.Name, r.RequiredStepName }.Concat(r.Parameters.SelectMany(p => new[] { p.Name }.Concat(p.EnumValues).Concat(p.MapKeys).Concat(p.UseRoles))))
            .Where(n => !string.IsNullOrEmpty(n))
            .Select(n => n!)
            .Distinct(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(expected.Count, SchemaTables.RobotStrings.Length);
        Assert.All(expected, name => Assert.Same(name, SchemaTables.RobotStrings.First(s => string.Equals(s, name, StringComparison.Ordinal))));
        Assert.True(strings.SetEquals(expected));
    }

    [Fact]
    public void A_spec_is_built_once_on_first_read_and_every_reader_gets_that_one()
    {
        var builds = new int[3];
        var table = new RobotTable(new[] { "/a", "/b", "/c" }, i =>
        {
            Interlocked.Increment(ref builds[i]);
            return new RobotSpec("/" + (char)('a' + i), string.Empty, null, Array.Empty<ParameterSpec>()) { BuilderTypeName = "S" + i };
        });

        Assert.Equal(new[] { 0, 0, 0 }, builds);
        var b = table[1];
        Assert.Equal(new[] { 0, 1, 0 }, builds);
        Assert.Same(b, table[1]);
        Assert.Equal(new[] { 0, 1, 0 }, builds);

        var seen = new RobotSpec[8];
        Parallel.For(0, seen.Length, i => seen[i] = table[2]);
        Assert.All(seen, spec => Assert.Same(table[2], spec));

        Assert.Equal(new[] { "/a", "/b", "/c" }, table.Select(r => r.Name));
        Assert.Equal(1, builds[0]);
        Assert.Equal(1, builds[1]);
    }

    [Fact]
    public void The_hand_written_whole_variable_check_is_the_schemas_pattern_with_ECMAScripts_meaning()
    {
        Assert.Equal(SchemaTables.WholeVariablePattern, SchemaTables.InterpolationPattern);
        var regex = new Regex(SchemaFragment.Translate(SchemaTables.InterpolationPattern), RegexOptions.CultureInvariant);
        var texts = Gen.OneOf(
            Gen.String[Gen.Char["${}ab\n\r\u2028\u2029 .x"], 0, 12],
            Gen.String[Gen.Char["a\n\r\u2028}"], 0, 6].Select(s => "${" + s + "}"),
            Gen.String[Gen.Char["a\n\r\u2028}"], 0, 6].Select(s => "${" + s + "}\n"));
        texts.Sample(text => Assert.Equal(regex.IsMatch(text), SchemaTables.IsInterpolation(text)), iter: 20000);
        Assert.True(SchemaTables.IsInterpolation("${a}"));
        Assert.True(SchemaTables.IsInterpolation("${a}${b}"));
        Assert.False(SchemaTables.IsInterpolation("${}"));
        Assert.False(SchemaTables.IsInterpolation("${a}\n"));
    }
}
