using System;
using System.Collections.Generic;
using System.Linq;
using BenchmarkDotNet.Attributes;
using ImageSdk.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using VipsImage = NetVips.Image;

namespace ImageSdk.Benchmarks;

/// <summary>
/// output_meta from PNG bytes, decode included: has_transparency, dominant colours and blurhash (4x3, full size).
/// ImageSdk's NetVips path against ImageSharp 2.1.13 doing the same work (the same BlurHash encoder on its pixels).
/// </summary>
[MemoryDiagnoser]
public class OutputMetaBenchmarks
{
    private byte[] _png = Array.Empty<byte>();

    [Params("2048x2048 RGBA", "1024x1024 opaque")]
    public string Image { get; set; } = "2048x2048 RGBA";

    [GlobalSetup]
    public void Setup()
    {
        var size = Image.StartsWith("2048", StringComparison.Ordinal) ? 2048 : 1024;
        using var xyz = VipsImage.Xyz(size, size);
        using var rgb = xyz.ExtractBand(0).Linear(new[] { 255.0 / size }, new[] { 0.0 })
            .Bandjoin(xyz.ExtractBand(1).Linear(new[] { 255.0 / size }, new[] { 0.0 }), (xyz.ExtractBand(0) + xyz.ExtractBand(1)).Linear(new[] { 0.37 }, new[] { 0.0 }))
            .Cast(global::NetVips.Enums.BandFormat.Uchar).Copy(interpretation: global::NetVips.Enums.Interpretation.Srgb);
        using var image = Image.Contains("RGBA", StringComparison.Ordinal)
            ? rgb.Bandjoin(xyz.ExtractBand(1).Linear(new[] { 255.0 / size }, new[] { 0.0 }).Cast(global::NetVips.Enums.BandFormat.Uchar))
            : rgb;
        _png = image.PngsaveBuffer(compression: 6);
    }

    [Benchmark(Baseline = true, Description = "ImageSharp 2.1.13")]
    public string ImageSharp()
    {
        using var image = SixLabors.ImageSharp.Image.Load<Rgba32>(_png);
        var transparent = false;
        var pixels = new byte[image.Width * image.Height * 4];
        image.CopyPixelDataTo(pixels);
        for (var i = 3; i < pixels.Length && !transparent; i += 4)
        {
            transparent = pixels[i] < 255;
        }

        using var small = image.Clone(x => x.Resize(new ResizeOptions { Size = new Size(64, 64), Mode = ResizeMode.Max, Sampler = KnownResamplers.NearestNeighbor }));
        // (the same measures as ImageSdk's, on ImageSharp's decode)
        var bins = new Dictionary<int, int>();
        small.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                foreach (var p in rows.GetRowSpan(y))
                {
                    if (p.A >= 128)
                    {
                        var key = ((p.R >> 4) << 8) | ((p.G >> 4) << 4) | (p.B >> 4);
                        bins[key] = bins.TryGetValue(key, out var n) ? n + 1 : 1;
                    }
                }
            }
        });
        var top = bins.OrderByDescending(b => b.Value).Take(5).Count();
        return BlurHash.Encode(pixels, image.Width, image.Height, 4, 3) + transparent + top;
    }

    [Benchmark(Description = "SkiaSharp")]
    public string Skia()
    {
        using var codec = SkiaSharp.SKCodec.Create(new SkiaSharp.SKMemoryStream(_png));
        var info = new SkiaSharp.SKImageInfo(codec.Info.Width, codec.Info.Height, SkiaSharp.SKColorType.Rgba8888, SkiaSharp.SKAlphaType.Unpremul);
        using var bitmap = SkiaSharp.SKBitmap.Decode(codec, info);
        var pixels = bitmap.Bytes;
        var transparent = ImageOps.HasTransparency(pixels, 4);
        var colours = ImageOps.DominantColors(pixels, bitmap.Width, bitmap.Height, 4);
        return BlurHash.Encode(pixels, bitmap.Width, bitmap.Height, 4, 4, 3) + transparent + colours.Count;
    }

    [Benchmark(Description = "ImageSdk (NetVips)")]
    public string ImageSdkNetVips()
    {
        // What the runner does: the header for the pixel limit, then one decode into RGBA that every measure reads.
        using var image = VipsImage.NewFromBuffer(_png, access: global::NetVips.Enums.Access.Sequential);
        if ((long)image.Width * image.Height > 100_000_000)
        {
            throw new InvalidOperationException("over the pixel limit");
        }

        using var pixels = ImageOps.Pixels(image);
        var transparent = ImageOps.HasTransparency(pixels.Span, pixels.Channels);
        var colours = ImageOps.DominantColors(pixels.Span, pixels.Width, pixels.Height, pixels.Channels);
        return BlurHash.Encode(pixels.Span, pixels.Width, pixels.Height, pixels.Channels, 4, 3) + transparent + colours.Count;
    }
}
