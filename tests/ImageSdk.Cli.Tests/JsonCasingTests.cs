using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ImageSdk.Tests;

/// <summary>One JSON casing across the commands' <c>--json</c> outputs: snake_case keys, as Transloadit's results have.</summary>
public class JsonCasingTests
{
    private static readonly Regex s_snakeCase = new("^[a-z][a-z0-9]*(_[a-z0-9]+)*$", RegexOptions.CultureInvariant);

    public static TheoryData<string[]> Commands => new()
    {
        new[] { "models", "--json" },
        new[] { "providers", "--json" },
        new[] { "validate", Samples.Path("assemblies/seed-inpaint.json"), "--json" },
        new[] { "run", Samples.Path("assemblies/seed-inpaint.json"), "--file", Samples.CoastWithHole, "--dry-run", "--json" },
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public void Every_key_of_a_json_output_is_snake_case(string[] args)
    {
        var (code, stdout, stderr) = CliHarness.Run(null, args);

        Assert.True(code == 0, stderr);
        var keys = Keys(JsonNode.Parse(stdout)).Distinct().ToList();
        Assert.NotEmpty(keys);
        Assert.All(keys, key => Assert.Matches(s_snakeCase, key));
    }

    /// <summary>Every property name in <paramref name="node"/>, at any depth.</summary>
    private static IEnumerable<string> Keys(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => Keys(p.Value).Prepend(p.Key)),
        JsonArray a => a.SelectMany(Keys),
        _ => [],
    };
}
