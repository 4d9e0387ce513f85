using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using ImageSdk.Validation;

namespace ImageSdk.Tests;

/// <summary>
/// The analyzer as a user meets it: a consumer project that references ImageSdk.dll and ImageSdk.Analyzer.dll (as an analyzer) gets
/// the IMG diagnostics on <c>dotnet build</c>, with the codes <c>imagesdk validate</c> reports for the same assembly as JSON.
/// </summary>
[Collection(RepositoryConsumerCollection.Name)]
public class AnalyzerConsumerBuildTests(RepositoryConsumer consumer)
{
    [Fact]
    [Trait("Category", "EndToEnd")]
    public void A_consumer_build_reports_the_codes_the_validator_reports_for_the_same_assembly()
    {
        const string code = """
            using ImageSdk;

            public static class Assemblies
            {
                public static AssemblyBuilder Build() => new AssemblyBuilder()
                    .Step(new UploadHandleStep())
                    .Step("fox", new ImageGenerateStep().Prompt("A fox").Model(ImageModel.GoogleNanoBanana).Format(ImageFormat.Svg))
                    .Step("logo", new ImageGenerateStep().Prompt("A logo").Model(ImageModel.RecraftV3).Use(ImageGenerateInput.Mask(":original")));
            }
            """;
        const string json = """
            {"steps": {
              ":original": {"robot": "/upload/handle"},
              "fox": {"robot": "/image/generate", "prompt": "A fox", "model": "google/nano-banana", "format": "svg"},
              "logo": {"robot": "/image/generate", "prompt": "A logo", "model": "recraft-v3", "use": [{"name": ":original", "as": "mask"}]}
            }}
            """;

        var (exitCode, output) = consumer.Build.Run(new Dictionary<string, string> { ["Assemblies.cs"] = code });

        Assert.NotEqual(0, exitCode);
        var built = Regex.Matches(output, @"Assemblies\.cs\((\d+),(\d+)\): error (IMG\d{4})").Select(m => m.Groups[3].Value).Distinct().OrderBy(c => c).ToList();
        var validated = AssemblyValidator.Validate(json).Findings.Select(f => f.Code).OrderBy(c => c).ToList();
        Assert.Equal(new[] { "IMG1502", "IMG1503" }, validated);
        Assert.Equal(validated, built);
    }
}
