using System;
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
}
