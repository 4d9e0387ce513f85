using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using ImageSdk.Imaging;
using Xunit;

namespace ImageSdk.Tests.Imaging;

/// <summary>The in-house encoder against vectors recorded from the reference (tools/blurhash-vectors, npm blurhash 2.0.5).</summary>
public class BlurHashTests
{
    private static readonly JsonArray Vectors = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Imaging", "blurhash-vectors.json")))!["vectors"]!.AsArray();

    [Fact]
    public void Every_reference_vector_is_reproduced_exactly()
    {
        Assert.Equal(150, Vectors.Count);
        var mismatches = Vectors.Where(v =>
        {
            var (width, height) = (v!["width"]!.GetValue<int>(), v["height"]!.GetValue<int>());
            var pixels = Pixels(v["pattern"]!.GetValue<string>(), width, height);
            return BlurHash.Encode(pixels, width, height, v["componentsX"]!.GetValue<int>(), v["componentsY"]!.GetValue<int>()) != v["hash"]!.GetValue<string>();
        }).Select(v => v!.ToJsonString()).ToList();

        Assert.Empty(mismatches);
    }

    [Fact]
    public void Rgb_pixels_give_the_same_hash_as_the_same_pixels_with_alpha()
    {
        foreach (var v in Vectors.Where(v => v!["pattern"]!.GetValue<string>() != "alpha"))
        {
            var (width, height) = (v!["width"]!.GetValue<int>(), v["height"]!.GetValue<int>());
            var rgba = Pixels(v["pattern"]!.GetValue<string>(), width, height);
            var rgb = rgba.Where((_, i) => i % 4 != 3).ToArray();
            Assert.Equal(v["hash"]!.GetValue<string>(), BlurHash.Encode(rgb, width, height, 3, v["componentsX"]!.GetValue<int>(), v["componentsY"]!.GetValue<int>()));
        }
    }

    [Fact]
    public void Bad_arguments_are_rejected_with_a_clear_error()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BlurHash.Encode(new byte[4], 1, 1, 10, 1));
        Assert.Throws<ArgumentException>(() => BlurHash.Encode(new byte[5], 1, 1));
    }

    /// <summary>The same integer formulas as tools/blurhash-vectors/record-vectors.mjs.</summary>
    internal static byte[] Pixels(string pattern, int w, int h)
    {
        var data = new byte[w * h * 4];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                int[] p = pattern switch
                {
                    "solid" => new[] { 200, 80, 30, 255 },
                    "gradient" => new[] { 255 * x / Math.Max(1, w - 1), 255 * y / Math.Max(1, h - 1), 128, 255 },
                    "checker" => ((x >> 3) + (y >> 3)) % 2 == 0 ? new[] { 250, 250, 250, 255 } : new[] { 20, 40, 60, 255 },
                    "noise" => Noise(x, y),
                    "rings" => Rings(x, y, w, h),
                    "alpha" => new[] { (x * 7) & 255, (y * 5) & 255, 90, x < (w >> 1) ? 0 : 255 },
                    _ => throw new ArgumentException(pattern),
                };
                for (var c = 0; c < 4; c++)
                {
                    data[(4 * ((y * w) + x)) + c] = (byte)p[c];
                }
            }
        }

        return data;
    }

    private static int[] Noise(int x, int y)
    {
        unchecked
        {
            var s = (int)((long)x * 73856093) ^ (int)((long)y * 19349663);
            var u = (uint)((s * 1103515245) + 12345);
            return new[] { (int)(u & 255), (int)((u >> 8) & 255), (int)((u >> 16) & 255), 255 };
        }
    }

    private static int[] Rings(int x, int y, int w, int h)
    {
        var d = ((x - (w >> 1)) * (x - (w >> 1))) + ((y - (h >> 1)) * (y - (h >> 1)));
        return new[] { (d >> 2) & 255, 255 - ((d >> 3) & 255), (d >> 4) & 255, 255 };
    }
}
