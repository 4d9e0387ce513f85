using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using ImageSdk.Running;
using Xunit;

namespace ImageSdk.Tests.Running;

/// <summary>/image/resize run locally: the pixel sizes Transloadit's docs give for each resize_strategy, gravity, crop, zoom, format and the pixel limit.</summary>
public sealed class ImageResizeExecutorTests : LocalExecutorTestBase
{
    private const string Template = """{"steps": {"r": {"robot": "/image/resize", "use": ":original", "width": 100, "height": 100, "resize_strategy": "STRATEGY"}}}""";

    // Transloadit's "Resize Strategies" page resizes a 400x300 image to 100x100.
    [Theory]
    [InlineData("fit", 100, 75)]
    [InlineData("min_fit", 133, 100)]
    [InlineData("fillcrop", 100, 100)]
    [InlineData("pad", 100, 100)]
    [InlineData("stretch", 100, 100)]
    [InlineData("crop", 100, 100)]
    public async Task Each_strategy_gives_the_size_Transloadit_documents_for_400x300_into_100x100(string strategy, int width, int height)
    {
        var photo = TwoColourPng(400, 300);

        var result = await new AssemblyRunner().RunAsync(Json(Template.Replace("STRATEGY", strategy, StringComparison.Ordinal)), new[] { new RunUpload("file", photo) }, Options);

        Assert.True(result.Completed, result.Message);
        var file = Assert.Single(result.Results["r"]);
        Assert.Equal((width, height, "image/png"), Identify(file.Path!));
        Assert.Equal((width, height), ((int)file.Meta["width"]!, (int)file.Meta["height"]!));
        Assert.Equal(new FileInfo(file.Path!).Length, file.Size);
        Assert.StartsWith(Path.Combine(Out, "r") + Path.DirectorySeparatorChar, file.Path!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(400, 300, 200, null, "fit", 200, 150)] // a missing side is the image's own: 200x300 holds 200x150
    [InlineData(300, 400, 100, 100, "fit", 75, 100)]
    [InlineData(300, 400, 100, 100, "min_fit", 100, 133)]
    [InlineData(1000, 10, 100, 100, "fit", 100, 1)]
    [InlineData(50, 50, 100, 100, "fit", 100, 100)] // zoom defaults to true: enlarged
    [InlineData(300, 200, 120, 50, "fillcrop", 120, 50)]
    public void The_geometry_follows_each_strategy(int width, int height, int? w, int? h, string strategy, int expectedWidth, int expectedHeight)
    {
        Assert.True(ImageResizeResizeStrategyExtensions.TryParse(strategy, out var parsed));
        var plan = ResizeGeometry.Plan(width, height, w, h, parsed, zoom: true);
        Assert.Equal((expectedWidth, expectedHeight), (plan.Width, plan.Height));
    }

    [Theory]
    [InlineData("fit", 50, 50)]
    [InlineData("min_fit", 50, 50)]
    [InlineData("fillcrop", 50, 50)]
    [InlineData("stretch", 50, 50)]
    [InlineData("pad", 100, 100)] // Transloadit: a 50x50 image padded to 100x100 gets a 25 px border of the background
    public async Task Zoom_false_never_enlarges_a_smaller_image(string strategy, int width, int height)
    {
        var photo = TwoColourPng(50, 50);
        var json = """{"steps": {"r": {"robot": "/image/resize", "use": ":original", "width": 100, "height": 100, "zoom": false, "background": "#00ff00", "resize_strategy": "STRATEGY"}}}""";

        var result = await new AssemblyRunner().RunAsync(Json(json.Replace("STRATEGY", strategy, StringComparison.Ordinal)), new[] { new RunUpload("file", photo) }, Options);

        Assert.True(result.Completed, result.Message);
        var path = Assert.Single(result.Results["r"]).Path!;
        Assert.Equal((width, height), SizeOf(path));
        if (strategy == "pad")
        {
            Assert.Equal((0, 255, 0), Rgb(PixelAt(path, 10, 10))); // the border
            Assert.Equal((255, 0, 0), Rgb(PixelAt(path, 30, 50))); // the red half, unscaled, from x 25 to 50
            Assert.Equal((0, 0, 255), Rgb(PixelAt(path, 70, 50))); // the blue half, from x 50 to 75
            Assert.Equal((0, 255, 0), Rgb(PixelAt(path, 90, 50)));
        }
    }

    [Theory]
    [InlineData("left", 255, 0, 0)]
    [InlineData("right", 0, 0, 255)]
    public async Task Fillcrop_cuts_the_excess_at_the_gravity(string gravity, int r, int g, int b)
    {
        var photo = TwoColourPng(400, 100); // red left half, blue right half
        var json = """{"steps": {"r": {"robot": "/image/resize", "use": ":original", "width": 100, "height": 100, "resize_strategy": "fillcrop", "gravity": "GRAVITY"}}}""";

        var result = await new AssemblyRunner().RunAsync(Json(json.Replace("GRAVITY", gravity, StringComparison.Ordinal)), new[] { new RunUpload("file", photo) }, Options);

        Assert.True(result.Completed, result.Message);
        var path = Assert.Single(result.Results["r"]).Path!;
        Assert.Equal((100, 100), SizeOf(path));
        Assert.All(new[] { (5, 5), (50, 50), (95, 95) }, p => Assert.Equal((r, g, b), Rgb(PixelAt(path, p.Item1, p.Item2))));
    }

    [Fact]
    public async Task Crop_coordinates_cut_that_rectangle_and_ignore_width_and_height()
    {
        var photo = TwoColourPng(400, 300);
        var json = """{"steps": {"r": {"robot": "/image/resize", "use": ":original", "width": 10, "height": 10, "resize_strategy": "fit", "crop": {"x1": 180, "y1": 100, "x2": 260, "y2": 180}}}}""";

        var result = await new AssemblyRunner().RunAsync(Json(json), new[] { new RunUpload("file", photo) }, Options);

        Assert.True(result.Completed, result.Message);
        var path = Assert.Single(result.Results["r"]).Path!;
        Assert.Equal((80, 80), SizeOf(path));
        Assert.Equal((255, 0, 0), Rgb(PixelAt(path, 5, 40))); // x 185: red
        Assert.Equal((0, 0, 255), Rgb(PixelAt(path, 75, 40))); // x 255: blue
    }

    [Theory]
    [InlineData("jpg", "image/jpeg", "jpg")]
    [InlineData("jpeg", "image/jpeg", "jpg")]
    [InlineData("webp", "image/webp", "webp")]
    [InlineData("gif", "image/gif", "gif")]
    public async Task Format_sets_the_output_format_and_its_extension(string format, string mime, string ext)
    {
        var photo = TwoColourPng(400, 300);
        var json = """{"steps": {"r": {"robot": "/image/resize", "use": ":original", "width": 200, "format": "FORMAT", "quality": 80, "strip": true, "imagemagick_stack": "v3.0.1"}}}""";

        var result = await new AssemblyRunner().RunAsync(Json(json.Replace("FORMAT", format, StringComparison.Ordinal)), new[] { new RunUpload("file", photo) }, Options);

        Assert.True(result.Completed, result.Message);
        var file = Assert.Single(result.Results["r"]);
        Assert.Equal((200, 150, mime), Identify(file.Path!));
        Assert.Equal((mime, ext), (file.Mime, file.Ext));
        Assert.EndsWith("." + ext, file.Path!, StringComparison.Ordinal);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public async Task Generate_then_resize_runs_offline_and_keeps_the_generated_files_format()
    {
        var json = """
            {"steps": {
              "g": {"robot": "/image/generate", "prompt": "A red fox", "model": "flux-schnell", "aspect_ratio": "4:3", "num_outputs": 2, "provider": "offline"},
              "r": {"robot": "/image/resize", "use": "g", "width": 100, "height": 100, "resize_strategy": "min_fit"}}}
            """;

        var result = await new AssemblyRunner().RunAsync(Json(json), Array.Empty<RunUpload>(), Options);

        Assert.True(result.Completed, result.Message);
        Assert.Equal(2, result.Results["r"].Count);
        Assert.All(result.Results["r"], f => Assert.Equal((133, 100), SizeOf(f.Path!))); // 1024x768 by its smaller side
    }

    [Fact]
    public async Task A_resize_past_the_pixel_limit_is_refused_with_the_sizes_and_the_limit()
    {
        var photo = TwoColourPng(64, 64);
        var json = """{"steps": {"r": {"robot": "/image/resize", "use": ":original", "width": 25000, "height": 25000}}}""";

        var result = await new AssemblyRunner().RunAsync(Json(json), new[] { new RunUpload("file", photo) }, Options);

        Assert.False(result.Completed);
        Assert.Equal(("IMAGE_TOO_LARGE", "r"), (result.Error, result.FailedStep));
        Assert.Contains("25000x25000 = 625 megapixels; the limit is 100 megapixels", result.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(Out, "r")) && Directory.EnumerateFiles(Path.Combine(Out, "r")).Any());
    }

    [Fact]
    public async Task A_resize_to_100000_is_refused_by_validation_at_the_value()
    {
        var json = """{"steps": {"r": {"robot": "/image/resize", "use": ":original", "width": 100000, "height": 100000}}}""";

        var result = await new AssemblyRunner().RunAsync(Json(json), new[] { new RunUpload("file", TwoColourPng(8, 8)) }, Options);

        Assert.Equal("INVALID_ASSEMBLY_INSTRUCTIONS", result.Error);
        Assert.Equal(new[] { "/steps/r/height", "/steps/r/width" }, result.Findings.Select(f => f.Path).Order(StringComparer.Ordinal).ToArray());
    }

    private static (int, int, int) Rgb(SixLabors.ImageSharp.PixelFormats.Rgba32 p) => (p.R, p.G, p.B);
}
