using System;
using System.Collections.Generic;
using System.Linq;

namespace ImageSdk.Generators.Tests;

/// <summary>
/// The XML docs say where a parameter takes <c>${...}</c>, from the schema's facts, as the engine judges it: anywhere in a
/// string's text, only as the whole value of any other form, or not at all (the stack version of a robot whose tools the
/// linter checks: <c>"ffmpeg_stack": "${fields.stack}"</c> on /video/encode is <c>wrong-ffmpeg-version</c> there, IMG1302 here).
/// </summary>
public class InterpolationDocTests
{
    private static readonly Lazy<SortedDictionary<string, string>> s_generated = new(() =>
        GeneratorHarness.Generated(GeneratorHarness.Run(GeneratorHarness.SchemaFiles()).Driver));

    private const string None = "Takes no <c>${...}</c> variable: the value is checked as written.";
    private const string Anywhere = "Takes <c>${...}</c> variables anywhere in its text.";
    private const string Whole = "Takes a <c>${...}</c> variable only as its whole value.";

    [Theory]
    [InlineData("ImageSdk.VideoEncodeStep.g.cs", "ffmpeg_stack", None)] // linter: wrong-ffmpeg-version for ${fields.stack}
    [InlineData("ImageSdk.ImageResizeStep.g.cs", "imagemagick_stack", None)] // linter: wrong-imagemagick-version
    [InlineData("ImageSdk.AudioWaveformStep.g.cs", "ffmpeg_stack", Anywhere)] // linter: success (its meta lists no tools)
    [InlineData("ImageSdk.S3StoreStep.g.cs", "path", Anywhere)]
    [InlineData("ImageSdk.ImageResizeStep.g.cs", "width", Whole)]
    [InlineData("ImageSdk.ImageResizeStep.g.cs", "blur_regions", Whole)]
    public void The_doc_of_a_parameter_says_where_it_takes_a_variable(string file, string parameter, string sentence)
    {
        var source = s_generated.Value[file];
        var remarks = source.Split('\n').Where(l => l.Contains("<remarks>JSON: <c>" + parameter + "</c>.", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(remarks);
        Assert.All(remarks, r => Assert.Contains(sentence, r, StringComparison.Ordinal));
        Assert.All(new[] { None, Anywhere, Whole }.Where(s => s != sentence), other => Assert.All(remarks, r => Assert.DoesNotContain(other, r, StringComparison.Ordinal)));
    }

    [Fact]
    public void No_doc_uses_the_old_catch_all_sentence()
    {
        Assert.All(s_generated.Value, file => Assert.DoesNotContain("Accepts a <c>${...}</c> interpolation.", file.Value, StringComparison.Ordinal));
    }
}
