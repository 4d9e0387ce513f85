using System.Linq;
using System.Text;
using ImageSdk.Validation;
using ImageSdk.Validation.Engine;
using Xunit;

namespace ImageSdk.Tests.Validation;

/// <summary>The one reader of <c>use</c>: the four forms read to the same inputs the engine checked.</summary>
public sealed class UseGrammarTests
{
    [Theory]
    [InlineData("\":original\"", ":original|-|-", null, false)]
    [InlineData("[\"a\", \"b\"]", "a|-|-,b|-|-", null, false)]
    [InlineData("[{\"name\": \"a\", \"as\": \"image\"}, {\"name\": \"b\", \"as\": \"mask\", \"fields\": \"m\"}]", "a|image|-,b|mask|m", null, false)]
    [InlineData("{\"steps\": [\"a\"], \"bundle_steps\": true, \"fields\": [\"x\", \"y\"]}", "a|-|-", "x,y", true)]
    public void Each_form_reads_to_its_inputs(string use, string inputs, string? fields, bool bundle)
    {
        var json = "{\"steps\": {\"a\": {\"robot\": \"/image/generate\", \"prompt\": \"p\"}, \"b\": {\"robot\": \"/image/generate\", \"prompt\": \"q\"}, "
            + "\"g\": {\"robot\": \"/image/generate\", \"prompt\": \"r\", \"use\": " + use + "}}}";
        var result = AssemblyValidator.Read(Encoding.UTF8.GetBytes(json), ValidationOptions.Default, out var doc);
        Assert.NotNull(doc);
        Assert.DoesNotContain(result.Findings, f => f.Code == ValidationRules.MalformedUse.Code);

        var shape = UseGrammar.Read(doc!, doc!.Member(doc.Member(doc.Member(0, "steps"), "g"), "use"));

        Assert.Equal(inputs, string.Join(",", shape.Inputs.Select(i => $"{i.Step}|{i.Role ?? "-"}|{i.Field ?? "-"}")));
        Assert.Equal(fields, shape.Fields is null ? null : string.Join(",", shape.Fields));
        Assert.Equal(bundle, shape.BundleSteps);
    }
}
