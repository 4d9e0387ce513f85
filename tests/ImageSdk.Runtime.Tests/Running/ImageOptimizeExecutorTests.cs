using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using ImageSdk.Running;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;
using Xunit;

namespace ImageSdk.Tests.Running;

/// <summary>/image/optimize run locally: lossless, and never larger than its input.</summary>
public sealed class ImageOptimizeExecutorTests : LocalExecutorTestBase
{
    private const string Optimize = """{"steps": {"o": {"robot": "/image/optimize", "use": ":original"}}}""";

    [Fact]
    public async Task An_uncompressed_png_becomes_smaller_with_the_same_pixels()
    {
        var path = Path.Combine(In, "loose.png");
        using (var image = new Image<Rgba32>(256, 128))
        {
            image.ProcessPixelRows(rows =>
            {
                for (var y = 0; y < rows.Height; y++)
                {
                    var row = rows.GetRowSpan(y);
                    for (var x = 0; x < row.Length; x++)
                    {
                        row[x] = new Rgba32((byte)x, (byte)(y * 2), (byte)((x + y) / 2), 255);
                    }
                }
            });
            image.SaveAsPng(path, new PngEncoder { CompressionLevel = PngCompressionLevel.NoCompression });
        }

        var result = await new AssemblyRunner().RunAsync(Json(Optimize), new[] { new RunUpload("file", path) }, Options);

        Assert.True(result.Completed, result.Message);
        var file = Assert.Single(result.Results["o"]);
        Assert.True(file.Size < new FileInfo(path).Length, $"{file.Size} >= {new FileInfo(path).Length}");
        Assert.Equal(true, file.Meta["optimized"]);
        using var before = SixLabors.ImageSharp.Image.Load<Rgba32>(path);
        using var after = SixLabors.ImageSharp.Image.Load<Rgba32>(file.Path!);
        Assert.Equal((before.Width, before.Height), (after.Width, after.Height));
        for (var y = 0; y < before.Height; y += 7)
        {
            for (var x = 0; x < before.Width; x += 5)
            {
                Assert.Equal(before[x, y], after[x, y]);
            }
        }
    }

    [Fact]
    public async Task A_file_that_re_encoding_does_not_shrink_is_written_as_it_is()
    {
        var path = Path.Combine(In, "photo.jpg");
        using (var image = new Image<Rgba32>(64, 64, new Rgba32(200, 40, 40)))
        {
            image.SaveAsJpeg(path, new JpegEncoder { Quality = 75 });
        }

        var result = await new AssemblyRunner().RunAsync(Json("""{"steps": {"o": {"robot": "/image/optimize", "use": ":original", "progressive": true, "preserve_meta_data": false}}}"""), new[] { new RunUpload("file", path) }, Options);

        Assert.True(result.Completed, result.Message);
        var file = Assert.Single(result.Results["o"]);
        Assert.Equal(File.ReadAllBytes(path), File.ReadAllBytes(file.Path!)); // a jpeg is not re-encoded without lossy: true
        Assert.Equal(("image/jpeg", "jpg", false), (file.Mime, file.Ext, file.Meta["optimized"]));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Generated_images_are_never_larger_after_optimize(bool progressive)
    {
        var json = """
            {"steps": {
              "g": {"robot": "/image/generate", "prompt": "A red fox", "model": "flux-schnell", "num_outputs": 2, "provider": "offline"},
              "o": {"robot": "/image/optimize", "use": "g", "progressive": PROGRESSIVE}}}
            """.Replace("PROGRESSIVE", progressive ? "true" : "false", StringComparison.Ordinal);

        var result = await new AssemblyRunner().RunAsync(Json(json), Array.Empty<RunUpload>(), Options);

        Assert.True(result.Completed, result.Message);
        var generated = Directory.GetFiles(Path.Combine(Out, "g")).Order(StringComparer.Ordinal).ToArray();
        var optimized = result.Results["o"].OrderBy(f => f.Path, StringComparer.Ordinal).ToArray();
        Assert.Equal(2, optimized.Length);
        for (var i = 0; i < 2; i++)
        {
            Assert.True(new FileInfo(optimized[i].Path!).Length <= new FileInfo(generated[i]).Length);
            Assert.Equal((long)optimized[i].Meta["original_size"]!, new FileInfo(generated[i]).Length);
            Assert.Equal(SizeOf(generated[i]), SizeOf(optimized[i].Path!));
        }
    }
}
