using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using BenchmarkDotNet.Attributes;
using ImageSdk.Running;
using VipsImage = NetVips.Image;

namespace ImageSdk.Benchmarks;

/// <summary>
/// <c>/image/resize</c> per image (fit into 400x300, encoded in the input's format at quality 92) through the executor's
/// resize, against a bare NetVips <c>ThumbnailBuffer</c> to the same size with the same encoder: the cost of reading the
/// step's settings, the header checks (pixel limit, orientation) and the exact sizing. Goal: at most 1.1x.
/// </summary>
[MemoryDiagnoser]
public class ResizeBenchmarks
{
    private byte[] _bytes = Array.Empty<byte>();
    private ResultFile _input = null!;
    private ImageResizeExecutor.Settings _settings = null!;
    private readonly RunOptions _options = new();

    [Params("jpeg 2048x1536", "png 1024x768")]
    public string Input { get; set; } = "jpeg 2048x1536";

    [GlobalSetup]
    public void Setup()
    {
        var jpeg = Input.StartsWith("jpeg", StringComparison.Ordinal);
        var (width, height) = jpeg ? (2048, 1536) : (1024, 768);
        using var xyz = VipsImage.Xyz(width, height);
        using var rgb = xyz.ExtractBand(0).Linear(new[] { 255.0 / width }, new[] { 0.0 })
            .Bandjoin(xyz.ExtractBand(1).Linear(new[] { 255.0 / height }, new[] { 0.0 }), (xyz.ExtractBand(0) + xyz.ExtractBand(1)).Linear(new[] { 0.07 }, new[] { 0.0 }))
            .Cast(global::NetVips.Enums.BandFormat.Uchar).Copy(interpretation: global::NetVips.Enums.Interpretation.Srgb);
        _bytes = jpeg ? rgb.JpegsaveBuffer(q: 90) : rgb.PngsaveBuffer(compression: 6);
        var mime = jpeg ? "image/jpeg" : "image/png";
        _input = new ResultFile { Id = "x", Name = "photo", Basename = "photo", Ext = jpeg ? "jpg" : "png", Size = _bytes.Length, Mime = mime, Type = "image" };
        _settings = new ImageResizeExecutor.Settings(
            400, 300, ImageResizeResizeStrategy.Fit, ImageResizeGravity.Center, null, Zoom: true, Format: null, Quality: 92, Strip: false, Progressive: false,
            Background: new double[] { 255, 255, 255, 255 }, Flatten: true, AutoRotate: true, Rotate: 0);
    }

    [Benchmark(Baseline = true, Description = "bare NetVips ThumbnailBuffer + save")]
    public int Bare()
    {
        using var thumbnail = VipsImage.ThumbnailBuffer(_bytes, 400, height: 300);
        return (Input.StartsWith("jpeg", StringComparison.Ordinal) ? thumbnail.JpegsaveBuffer(q: 92) : thumbnail.PngsaveBuffer(compression: 6)).Length;
    }

    [Benchmark(Description = "bare NetVips ThumbnailBuffer, size Force + save")]
    public int BareForce()
    {
        using var thumbnail = VipsImage.ThumbnailBuffer(_bytes, 400, height: 300, size: global::NetVips.Enums.Size.Force);
        return (Input.StartsWith("jpeg", StringComparison.Ordinal) ? thumbnail.JpegsaveBuffer(q: 92) : thumbnail.PngsaveBuffer(compression: 6)).Length;
    }

    [Benchmark(Description = "/image/resize (ImageResizeExecutor.Resize)")]
    public int Resize() => ImageResizeExecutor.Resize(_bytes, _input, _settings, _options).Bytes.Length;

    /// <summary>
    /// The same two inputs and calls outside BenchmarkDotNet, for bench/sharp/resize.sh, which times sharp on the same bytes
    /// in the same sitting: <c>dotnet ImageSdk.Benchmarks.dll resize-loop DIR ROUNDS</c> writes DIR/input-jpeg.jpg and
    /// DIR/input-png.png, then prints per input the median over ROUNDS rounds (each round 20 images) of the time per image.
    /// </summary>
    public static void Loop(string directory, int rounds)
    {
        Directory.CreateDirectory(directory);
        global::NetVips.Cache.Max = 0; // as the runtime sets it (ImageOps), and as resize.mjs sets sharp's: every call does the work
        foreach (var input in new[] { "jpeg 2048x1536", "png 1024x768" })
        {
            var bench = new ResizeBenchmarks { Input = input };
            bench.Setup();
            var jpeg = input.StartsWith("jpeg", StringComparison.Ordinal);
            File.WriteAllBytes(Path.Combine(directory, jpeg ? "input-jpeg.jpg" : "input-png.png"), bench._bytes);
            foreach (var (name, call) in new (string, Func<int>)[] { ("bare NetVips ThumbnailBuffer + save", bench.Bare), ("/image/resize (ImageResizeExecutor.Resize)", bench.Resize) })
            {
                call(); // warm-up: JIT, libvips' first load of the codecs
                var perImage = new List<double>();
                for (var round = 0; round < rounds; round++)
                {
                    var watch = Stopwatch.StartNew();
                    for (var i = 0; i < 20; i++)
                    {
                        call();
                    }

                    perImage.Add(watch.Elapsed.TotalMilliseconds / 20);
                }

                perImage.Sort();
                Console.WriteLine(FormattableString.Invariant($"{input}\t{name}\t{perImage[perImage.Count / 2]:F2} ms (best {perImage[0]:F2})"));
            }
        }
    }
}
