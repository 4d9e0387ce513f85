using System.Linq;
using CsCheck;
using Xunit;

namespace ImageSdk.Analyzer.Tests;

/// <summary>Random edits of builder code, as while typing: the analyzer never throws (no AD0001) on any of them.</summary>
public class AnalyzerPropertyTests
{
    private const string Seed = """
        return new AssemblyBuilder()
            .Step(new UploadHandleStep())
            .Step("fox", new ImageGenerateStep().Prompt("A fox").Model(ImageModel.GoogleNanoBanana).Format(ImageFormat.Svg).NumOutputs(42)
                .Use(ImageGenerateInput.Image(":original"), ImageGenerateInput.Mask(":original")).OutputMeta(OutputMetaField.Blurhash))
            .Step("logo", new ImageGenerateStep().Prompt("A logo").Model("recraft-v3").Style("pixel").Use("fox").Seed(Interpolation.Field("seed")));
        """;

    private static readonly string[] Snippets =
    {
        "(", ")", ".", ",", "\"", "new ", "ImageFormat.", "ImageModel.", ".Step(", ".Use(", "null", "42", "-1", "\"x\"", "runtimeModel", "default", "!", ";", "{", "}",
    };

    [Fact]
    public void Random_edits_never_crash_the_analyzer()
    {
        Gen.Select(Gen.Int[0, Seed.Length], Gen.Int[0, 12], Gen.Int[0, Snippets.Length - 1], Gen.Int[0, 2]).Array[1, 4]
            .Select(edits =>
            {
                var text = Seed;
                foreach (var (at, length, snippet, kind) in edits)
                {
                    var position = System.Math.Min(at, text.Length);
                    text = kind switch
                    {
                        0 => text.Insert(position, Snippets[snippet]),
                        1 => text.Remove(position, System.Math.Min(length, text.Length - position)),
                        _ => text.Remove(position, System.Math.Min(length, text.Length - position)).Insert(position, Snippets[snippet]),
                    };
                }

                return text;
            })
            .Sample(text => AnalyzerVerifier.AnalyzeAsync(AnalyzerVerifier.Program(text)).GetAwaiter().GetResult(), iter: 100, threads: 1); // throws on AD0001
    }
}
