using System.Collections.Generic;
using System.IO;
using System.Linq;
using ImageSdk.Tests.Validation;
using ImageSdk.Transpiler;
using Xunit;

namespace ImageSdk.Tests.Transpiling;

/// <summary>
/// Every robot's documented example (samples/assemblies/robots/, from Transloadit's definitions) goes JSON -> C# -> JSON
/// value-equal: the builders state every robot, fragment-checked parameters (<c>/image/upscale</c>'s <c>scale</c>) and every
/// form of <c>use</c> (an imported robot's inputs and its object form) included. No example is left out.
/// </summary>
public class RobotExampleRoundTripTests
{
    private static string Directory => Path.Combine(Corpus.Directory, "robots");

    private static IEnumerable<string> Files() =>
        System.IO.Directory.GetFiles(Path.Combine(Samples.Path("assemblies"), "robots"), "*.json").Select(f => Path.GetFileName(f)!).OrderBy(f => f, System.StringComparer.Ordinal);

    public static IEnumerable<object[]> Examples() => Files().Select(f => new object[] { f });

    [Fact]
    public void Every_robot_of_the_schema_has_its_example_here()
    {
        var robots = ImageSdk.Tables.SchemaTables.Robots.Select(r => r.Name.TrimStart('/').Replace('/', '-') + ".json").OrderBy(f => f, System.StringComparer.Ordinal);
        Assert.Equal(robots, Files());
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Json_to_csharp_to_json_is_value_equal(string file)
    {
        var text = File.ReadAllText(Path.Combine(Directory, file));
        var csharp = AssemblyTranspiler.ToCSharp(System.Text.Encoding.UTF8.GetBytes(text), new CSharpOptions(ClassName: CSharpOptions.ClassNameFor(file)));

        Assert.True(csharp.Succeeded, $"{file}: {string.Join("; ", csharp.Errors.Select(e => e.ToCanonicalString(file)))}");
        var back = AssemblyTranspiler.ToJson(csharp.Output!, file + ".cs");
        Assert.True(back.Succeeded, $"{file}: {string.Join("; ", back.Errors.Select(e => e.ToCanonicalString(file + ".cs")))}\n{csharp.Output}");
        Assert.True(TranspileHarness.JsonEquals(text, back.Output!), $"{file}:\n{csharp.Output}\n{back.Output}");
    }
}
