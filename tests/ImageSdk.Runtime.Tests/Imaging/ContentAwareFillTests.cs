using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ImageSdk.Imaging;
using ImageSdk.Providers;
using ImageSdk.Running;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Xunit;
using Xunit.Abstractions;

namespace ImageSdk.Tests.Imaging;

/// <summary>
/// The offline content-aware fill: plausible on a real photo (by colour and by texture, against a flat fill of the same
/// hole), exact on a periodic pattern, deterministic, and sound on the edge cases. Pictures are decoded with ImageSharp, a
/// decoder independent of the NetVips the runtime uses.
/// </summary>
public sealed class ContentAwareFillTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _out = Path.Combine(Path.GetTempPath(), "imagesdk-fill-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_out))
        {
            Directory.Delete(_out, recursive: true);
        }
    }

    [Fact]
    public void The_photo_s_hole_is_filled_with_colours_and_texture_of_its_surroundings_not_a_flat_blob()
    {
        var (rgb, hole, width, height) = Load(Samples.CoffeeWithHole);

        Assert.True(ContentAwareFill.Fill(rgb, width, height, 3, hole, seed: 1));

        var fill = Plausibility.Measure(rgb, hole, width, height);
        var flat = Plausibility.Measure(FlatFill(rgb, hole, fill.RingMean), hole, width, height);
        AssertPlausible(fill, flat);
    }

    [Fact]
    public async Task The_readme_s_main_command_fills_the_photo_s_hole_plausibly_and_keeps_every_other_pixel()
    {
        var result = await new AssemblyRunner().RunAsync(Samples.SeedInpaint, [new RunUpload("file", Samples.CoffeeWithHole)], new RunOptions { OutputDirectory = _out });

        Assert.True(result.Completed, result.Message);
        Assert.True(result.Offline);
        var (original, hole, width, height) = Load(Samples.CoffeeWithHole);
        using var written = Image.Load<Rgba32>(Assert.Single(result.Results["inpainted"]).Path!);
        Assert.Equal((width, height), (written.Width, written.Height));
        var filled = new byte[width * height * 3];
        for (var i = 0; i < width * height; i++)
        {
            var pixel = written[i % width, i / width];
            Assert.Equal(255, pixel.A);
            (filled[3 * i], filled[(3 * i) + 1], filled[(3 * i) + 2]) = (pixel.R, pixel.G, pixel.B);
            if (hole[i] == 0)
            {
                Assert.True(original.AsSpan(3 * i, 3).SequenceEqual(filled.AsSpan(3 * i, 3)), $"pixel ({i % width},{i / width}) outside the hole changed");
            }
        }

        var fill = Plausibility.Measure(filled, hole, width, height);
        AssertPlausible(fill, Plausibility.Measure(FlatFill(filled, hole, fill.RingMean), hole, width, height));
    }

    [Fact]
    public void A_periodic_pattern_is_continued_through_the_hole()
    {
        const int Width = 160, Height = 120;
        var stripes = new byte[Width * Height * 3];
        var hole = new byte[Width * Height];
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                var i = (y * Width) + x;
                var dark = (x + (y / 2)) % 12 < 6;
                (stripes[3 * i], stripes[(3 * i) + 1], stripes[(3 * i) + 2]) = dark ? ((byte)60, (byte)40, (byte)20) : ((byte)200, (byte)160, (byte)120);
                hole[i] = Math.Pow((x - 80) / 25.0, 2) + Math.Pow((y - 60) / 30.0, 2) <= 1 ? (byte)1 : (byte)0;
            }
        }

        var filled = (byte[])stripes.Clone();
        for (var i = 0; i < hole.Length; i++)
        {
            if (hole[i] != 0)
            {
                filled.AsSpan(3 * i, 3).Fill(255); // what is under the hole must not matter
            }
        }

        Assert.True(ContentAwareFill.Fill(filled, Width, Height, 3, hole, seed: 7));

        var inHole = Enumerable.Range(0, hole.Length).Where(i => hole[i] != 0).ToList();
        var exact = inHole.Count(i => filled.AsSpan(3 * i, 3).SequenceEqual(stripes.AsSpan(3 * i, 3)));
        Assert.True(exact >= inHole.Count * 0.95, $"{exact} of {inHole.Count} hole pixels continue the stripes");
    }

    [Fact]
    public async Task The_offline_provider_s_fill_is_the_same_bytes_every_time_and_depends_on_the_seed()
    {
        var photo = await File.ReadAllBytesAsync(Samples.CoffeeWithHole);
        var (_, hole, width, height) = Load(Samples.CoffeeWithHole);
        using var maskImage = new Image<L8>(width, height);
        for (var i = 0; i < hole.Length; i++)
        {
            maskImage[i % width, i / width] = new L8(hole[i] != 0 ? (byte)255 : (byte)0); // white repaints
        }

        using var maskStream = new MemoryStream();
        await maskImage.SaveAsPngAsync(maskStream);
        var model = Tables.SchemaTables.FindModel("google/nano-banana-pro")!;
        ProviderRequest Request(long seed) => new(
            model, "offline", "Fill the hole", seed, 1, width, height, $"{width}:{height}", "png", null,
            new ProviderFile(photo, "image/png", "coffee-with-hole.png"), new ProviderFile(maskStream.ToArray(), "image/png", "mask.png", "mask"));
        var provider = new OfflineImageProvider();

        var first = Assert.Single(await provider.GenerateAsync(Request(5), CancellationToken.None));
        var second = Assert.Single(await provider.GenerateAsync(Request(5), CancellationToken.None));
        var otherSeed = Assert.Single(await provider.GenerateAsync(Request(6), CancellationToken.None));

        Assert.Equal(("png", 5L), (first.Format, first.Seed));
        Assert.Equal(first.Bytes, second.Bytes);
        Assert.NotEqual(first.Bytes, otherSeed.Bytes);
        using var image = Image.Load<Rgb24>(first.Bytes);
        Assert.Equal((width, height), (image.Width, image.Height));
    }

    [Fact]
    public void A_hole_at_the_corner_of_rgba_pixels_is_filled_and_made_opaque()
    {
        const int Width = 64, Height = 48;
        var rgba = new byte[Width * Height * 4];
        var hole = new byte[Width * Height];
        for (var i = 0; i < hole.Length; i++)
        {
            var (x, y) = (i % Width, i / Width);
            (rgba[4 * i], rgba[(4 * i) + 1], rgba[(4 * i) + 2], rgba[(4 * i) + 3]) = ((byte)(x * 4), (byte)(y * 5), (byte)((x ^ y) * 3), 255);
            if (x < 12 && y < 10)
            {
                (hole[i], rgba[(4 * i) + 3]) = (1, 0);
            }
        }

        var before = (byte[])rgba.Clone();
        Assert.True(ContentAwareFill.Fill(rgba, Width, Height, 4, hole, seed: 1));

        for (var i = 0; i < hole.Length; i++)
        {
            if (hole[i] != 0)
            {
                Assert.Equal(255, rgba[(4 * i) + 3]);
            }
            else
            {
                Assert.True(before.AsSpan(4 * i, 4).SequenceEqual(rgba.AsSpan(4 * i, 4)), $"pixel {i} outside the hole changed");
            }
        }
    }

    [Fact]
    public void A_picture_too_small_for_a_patch_is_filled_from_its_border()
    {
        var rgb = Enumerable.Repeat(new byte[] { 10, 200, 30 }, 25).SelectMany(c => c).ToArray();
        var hole = new byte[25];
        hole[12] = 1; // the centre of 5 x 5
        rgb.AsSpan(36, 3).Clear();

        Assert.True(ContentAwareFill.Fill(rgb, 5, 5, 3, hole, seed: 1));

        Assert.Equal(new byte[] { 10, 200, 30 }, rgb.AsSpan(36, 3).ToArray());
    }

    [Fact]
    public void No_hole_changes_nothing_and_a_hole_everywhere_has_nothing_to_continue_from()
    {
        var rgb = Enumerable.Range(0, 20 * 10 * 3).Select(i => (byte)i).ToArray();
        var before = (byte[])rgb.Clone();

        Assert.True(ContentAwareFill.Fill(rgb, 20, 10, 3, new byte[200], seed: 1));
        Assert.False(ContentAwareFill.Fill(rgb, 20, 10, 3, Enumerable.Repeat((byte)1, 200).ToArray(), seed: 1));
        Assert.Equal(before, rgb);

        var error = Assert.Throws<ArgumentException>(() => ContentAwareFill.Fill(rgb, 20, 11, 3, new byte[200], seed: 1));
        Assert.Contains("expected 20x11 pixels of 3 channels", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// (a) The hole's mean colour distance to the ring's mean colour is within the ring's own spread; (b) the hole's
    /// gradient energy is comparable to the ring's (half to twice) and well above that of the same hole filled flat.
    /// </summary>
    private void AssertPlausible(Plausibility.Measures fill, Plausibility.Measures flat)
    {
        var report = $"fill: {fill}; flat: {flat}";
        output.WriteLine(report);
        Assert.True(fill.HoleDistance <= fill.RingSpread, "colour: " + report);
        Assert.InRange(fill.HoleEnergy, 0.5 * fill.RingEnergy, 2 * fill.RingEnergy);
        Assert.True(fill.HoleEnergy >= 4 * flat.HoleEnergy, "texture: " + report);
    }

    /// <summary>The picture's RGB and its hole (alpha below 128), decoded by ImageSharp.</summary>
    private static (byte[] Rgb, byte[] Hole, int Width, int Height) Load(string path)
    {
        using var image = Image.Load<Rgba32>(path);
        var (width, height) = (image.Width, image.Height);
        var rgb = new byte[width * height * 3];
        var hole = new byte[width * height];
        for (var i = 0; i < hole.Length; i++)
        {
            var pixel = image[i % width, i / width];
            (rgb[3 * i], rgb[(3 * i) + 1], rgb[(3 * i) + 2]) = (pixel.R, pixel.G, pixel.B);
            hole[i] = pixel.A < 128 ? (byte)1 : (byte)0;
        }

        return (rgb, hole, width, height);
    }

    /// <summary>The picture with its hole filled with one colour.</summary>
    private static byte[] FlatFill(byte[] rgb, byte[] hole, (double R, double G, double B) colour)
    {
        var flat = (byte[])rgb.Clone();
        for (var i = 0; i < hole.Length; i++)
        {
            if (hole[i] != 0)
            {
                (flat[3 * i], flat[(3 * i) + 1], flat[(3 * i) + 2]) = ((byte)Math.Round(colour.R), (byte)Math.Round(colour.G), (byte)Math.Round(colour.B));
            }
        }

        return flat;
    }
}

/// <summary>How well a filled hole matches the ring of known pixels around it (within <see cref="RingWidth"/> pixels).</summary>
internal static class Plausibility
{
    /// <summary>The ring's width in pixels.</summary>
    public const int RingWidth = 10;

    /// <summary>
    /// The measures: the ring's mean colour; the mean RGB distance of the ring's pixels to it (its own spread) and of the
    /// hole's pixels to it; the mean gradient energy (|dx| + |dy| of the grey level) of the pixels with at least one
    /// neighbour pair touching the hole, and of the ring's pixels whose pairs lie in the ring.
    /// </summary>
    public sealed record Measures((double R, double G, double B) RingMean, double RingSpread, double HoleDistance, double RingEnergy, double HoleEnergy)
    {
        public override string ToString() => $"hole distance {HoleDistance:0.0} (ring spread {RingSpread:0.0}), hole energy {HoleEnergy:0.0} (ring {RingEnergy:0.0})";
    }

    public static Measures Measure(byte[] rgb, byte[] hole, int width, int height)
    {
        var ring = Ring(hole, width, height);
        double r = 0, g = 0, b = 0;
        var n = 0;
        for (var i = 0; i < hole.Length; i++)
        {
            if (ring[i])
            {
                (r, g, b, n) = (r + rgb[3 * i], g + rgb[(3 * i) + 1], b + rgb[(3 * i) + 2], n + 1);
            }
        }

        var mean = (r / n, g / n, b / n);
        double Distance(int i) => Math.Sqrt(Math.Pow(rgb[3 * i] - mean.Item1, 2) + Math.Pow(rgb[(3 * i) + 1] - mean.Item2, 2) + Math.Pow(rgb[(3 * i) + 2] - mean.Item3, 2));
        double Grey(int i) => (rgb[3 * i] + rgb[(3 * i) + 1] + rgb[(3 * i) + 2]) / 3.0;
        double ringSpread = 0, holeDistance = 0, ringEnergy = 0, holeEnergy = 0;
        int holes = 0, ringPixels = 0, holePixels = 0;
        for (var y = 0; y < height - 1; y++)
        {
            for (var x = 0; x < width - 1; x++)
            {
                var i = (y * width) + x;
                ringSpread += ring[i] ? Distance(i) : 0;
                (holeDistance, holes) = hole[i] != 0 ? (holeDistance + Distance(i), holes + 1) : (holeDistance, holes);
                var energy = Math.Abs(Grey(i + 1) - Grey(i)) + Math.Abs(Grey(i + width) - Grey(i));
                if (hole[i] != 0 || hole[i + 1] != 0 || hole[i + width] != 0)
                {
                    (holeEnergy, holePixels) = (holeEnergy + energy, holePixels + 1);
                }
                else if (ring[i] && ring[i + 1] && ring[i + width])
                {
                    (ringEnergy, ringPixels) = (ringEnergy + energy, ringPixels + 1);
                }
            }
        }

        var ringCount = ring.Count(x => x);
        return new Measures(mean, ringSpread / ringCount, holeDistance / holes, ringEnergy / ringPixels, holeEnergy / holePixels);
    }

    /// <summary>The known pixels within <see cref="RingWidth"/> of the hole (a square neighbourhood: rows, then columns).</summary>
    private static bool[] Ring(byte[] hole, int width, int height)
    {
        var across = new bool[hole.Length];
        for (var y = 0; y < height; y++)
        {
            var last = int.MinValue / 2; // the last hole column seen, for the pass to the right; the next, to the left
            for (var x = 0; x < width; x++)
            {
                last = hole[(y * width) + x] != 0 ? x : last;
                across[(y * width) + x] = x - last <= RingWidth;
            }

            last = int.MaxValue / 2;
            for (var x = width - 1; x >= 0; x--)
            {
                last = hole[(y * width) + x] != 0 ? x : last;
                across[(y * width) + x] |= last - x <= RingWidth;
            }
        }

        var ring = new bool[hole.Length];
        for (var x = 0; x < width; x++)
        {
            var last = int.MinValue / 2;
            for (var y = 0; y < height; y++)
            {
                last = across[(y * width) + x] ? y : last;
                ring[(y * width) + x] = y - last <= RingWidth;
            }

            last = int.MaxValue / 2;
            for (var y = height - 1; y >= 0; y--)
            {
                last = across[(y * width) + x] ? y : last;
                ring[(y * width) + x] |= last - y <= RingWidth;
            }
        }

        for (var i = 0; i < ring.Length; i++)
        {
            ring[i] &= hole[i] == 0;
        }

        return ring;
    }
}
