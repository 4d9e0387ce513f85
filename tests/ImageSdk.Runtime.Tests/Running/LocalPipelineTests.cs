using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using ImageSdk.Running;
using Xunit;

namespace ImageSdk.Tests.Running;

/// <summary>generate -> resize -> optimize -> filter, offline, through the runner.</summary>
public sealed class LocalPipelineTests : LocalExecutorTestBase
{
    [Theory]
    [InlineData("fit", "jpg", 160, 90, "image/jpeg")]
    [InlineData("fillcrop", "png", 160, 160, "image/png")]
    [InlineData("min_fit", "webp", 284, 160, "image/webp")]
    [InlineData("pad", "png", 160, 160, "image/png")]
    [InlineData("stretch", "jpg", 160, 160, "image/jpeg")]
    public async Task Generate_resize_optimize_filter_gives_each_strategys_size_and_format(string strategy, string format, int width, int height, string mime)
    {
        var json = """
            {"steps": {
              "generated": {"robot": "/image/generate", "prompt": "A lighthouse", "model": "flux-schnell", "aspect_ratio": "16:9", "num_outputs": 3, "provider": "offline"},
              "resized": {"robot": "/image/resize", "use": "generated", "width": 160, "height": 160, "resize_strategy": "STRATEGY", "format": "FORMAT"},
              "optimized": {"robot": "/image/optimize", "use": "resized"},
              "landscape": {"robot": "/file/filter", "use": "optimized", "accepts": [["${file.meta.width}", ">", "${file.meta.height}"]]}}}
            """.Replace("STRATEGY", strategy, StringComparison.Ordinal).Replace("FORMAT", format, StringComparison.Ordinal);

        var result = await new AssemblyRunner().RunAsync(Json(json), Array.Empty<RunUpload>(), Options);

        Assert.True(result.Completed, result.Message);
        var passed = result.Results.TryGetValue("landscape", out var files) ? files : Array.Empty<ResultFile>();
        Assert.Equal(3, Directory.GetFiles(Path.Combine(Out, "resized")).Length);
        Assert.Equal(3, Directory.GetFiles(Path.Combine(Out, "optimized")).Length);
        Assert.All(Directory.GetFiles(Path.Combine(Out, "optimized")), p => Assert.Equal((width, height, mime), Identify(p)));
        Assert.Equal(width > height ? 3 : 0, passed.Count); // only the landscape outputs pass the filter
        Assert.All(passed, f => Assert.Equal((mime, width, height), (f.Mime, (int)f.Meta["width"]!, (int)f.Meta["height"]!)));
    }

    [Fact]
    public async Task Nothing_is_written_outside_the_output_whatever_the_step_and_file_names()
    {
        var upload = TwoColourPng(64, 48, "..%2F..%2Fescape.png");
        var json = """
            {"steps": {
              "../../resized": {"robot": "/image/resize", "use": ":original", "width": 32},
              "/tmp/optimized": {"robot": "/image/optimize", "use": "../../resized"},
              "..": {"robot": "/file/filter", "use": "/tmp/optimized", "accepts": [["${file.size}", ">", 0]]}}}
            """;

        var result = await new AssemblyRunner().RunAsync(Json(json), new[] { new RunUpload("file", upload) }, Options);

        Assert.True(result.Completed, result.Message);
        Assert.Equal(new[] { "in", "out" }, Directory.GetFileSystemEntries(Root).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray());
        var written = Directory.GetFiles(Out, "*", SearchOption.AllDirectories);
        Assert.Equal(2, written.Length); // one resized, one optimized; the filter writes nothing
        Assert.All(written, p => Assert.StartsWith(Out + Path.DirectorySeparatorChar, Path.GetFullPath(p), StringComparison.Ordinal));
        Assert.Equal((32, 24), SizeOf(Assert.Single(result.Results[".."]).Path!));
    }
}
