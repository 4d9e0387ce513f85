using System.IO;
using System.Threading.Tasks;
using ImageSdk.Providers;
using Microsoft.Extensions.AI;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

#pragma warning disable MEAI001 // IImageGenerator is experimental

namespace ImageSdk.Tests.Providers;

/// <summary>A provider behind Microsoft.Extensions.AI's <see cref="IImageGenerator"/>, as a .NET user calls it.</summary>
public sealed class ImageGeneratorAdaptersTests
{
    [Fact]
    public async Task EditImageAsync_keeps_the_inputs_size_and_the_original_outside_its_transparent_area_and_fills_the_hole()
    {
        var bytes = await File.ReadAllBytesAsync(Samples.CoastWithHole);
        using var generator = new OfflineImageProvider().AsImageGenerator("google/nano-banana");

        var edited = await generator.EditImageAsync(new DataContent(bytes, "image/png"), "Fill the hole with sea", new ImageGenerationOptions { MediaType = "image/png" });

        var content = Assert.IsType<DataContent>(Assert.Single(edited.Contents));
        using var input = Image.Load<Rgba32>(bytes);
        using var output = Image.Load<Rgba32>(content.Data.Span);
        Assert.Equal((input.Width, input.Height), (output.Width, output.Height));
        var (opaque, kept, filled, hole) = (0, 0, 0, 0);
        for (var y = 0; y < input.Height; y++)
        {
            for (var x = 0; x < input.Width; x++)
            {
                var (a, b) = (input[x, y], output[x, y]);
                if (a.A == 255)
                {
                    opaque++;
                    kept += (a.R, a.G, a.B) == (b.R, b.G, b.B) ? 1 : 0;
                }
                else if (a.A < 128)
                {
                    hole++;
                    filled += b.A == 255 ? 1 : 0;
                }
            }
        }

        Assert.True(hole > 0, "the sample has a transparent hole");
        Assert.Equal(hole, filled);
        Assert.Equal(opaque, kept);
    }
}
