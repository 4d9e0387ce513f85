using System;
using System.IO;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using ImageSdk.Imaging;
using NetVips;

namespace ImageSdk.Benchmarks;

/// <summary>
/// The offline content-aware fill on a 1-megapixel photo (the README's coffee photo scaled to 1224 x 816) with an
/// elliptical hole of 1, 5 or 20 % of the image in the wooden table, against two baselines of the same run: a Gaussian blur
/// of the whole image with NetVips (sigma 4, computed into memory), and a flat fill of the hole with one colour. Goal: well
/// under 2 s for the 5 % hole, and a time that grows with the hole's area, not the picture's.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 7)]
[MemoryDiagnoser]
public class FillBenchmarks
{
    private Image _photo = null!;
    private byte[] _rgb = [];
    private byte[] _hole = [];
    private byte[] _work = [];

    [Params(1, 5, 20)]
    public int HolePercent { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        using var sample = Image.NewFromFile(Path.Combine(AppContext.BaseDirectory, "samples", "images", "coffee-with-hole.png"));
        using var rgb = sample.ExtractBand(0, n: 3);
        _photo = rgb.Resize(1224.0 / rgb.Width).CopyMemory();
        _rgb = _photo.WriteToMemory<byte>();
        var (width, height) = (_photo.Width, _photo.Height);

        // An ellipse of the wanted area (4:3 tall) centred in the table right of the saucer, clipped to the picture.
        var ry = Math.Sqrt(HolePercent / 100.0 * width * height / Math.PI * 4 / 3);
        var rx = ry * 3 / 4;
        var (cx, cy) = (width - (rx * 1.05), height * 0.6);
        _hole = new byte[width * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                _hole[(y * width) + x] = Math.Pow((x - cx) / rx, 2) + Math.Pow((y - cy) / ry, 2) <= 1 ? (byte)1 : (byte)0;
            }
        }

        _work = new byte[_rgb.Length];
    }

    [GlobalCleanup]
    public void Cleanup() => _photo.Dispose();

    [Benchmark(Baseline = true, Description = "NetVips Gaussian blur of the whole 1 MP image (sigma 4)")]
    public int Blur()
    {
        using var blurred = _photo.Gaussblur(4);
        using var memory = blurred.CopyMemory();
        return memory.Width;
    }

    [Benchmark(Description = "flat fill of the hole (one colour)")]
    public int Flat()
    {
        _rgb.CopyTo(_work, 0);
        for (var i = 0; i < _hole.Length; i++)
        {
            if (_hole[i] != 0)
            {
                (_work[3 * i], _work[(3 * i) + 1], _work[(3 * i) + 2]) = ((byte)128, (byte)96, (byte)64);
            }
        }

        return _work[0];
    }

    [Benchmark(Description = "ContentAwareFill.Fill (multi-scale PatchMatch + synthesis)")]
    public int Fill()
    {
        _rgb.CopyTo(_work, 0);
        return ContentAwareFill.Fill(_work, _photo.Width, _photo.Height, 3, _hole, seed: 1) ? _work[0] : -1;
    }
}
