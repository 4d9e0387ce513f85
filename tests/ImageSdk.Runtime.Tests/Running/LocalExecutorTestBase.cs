using System;
using System.IO;
using System.Text;
using ImageSdk.Running;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageSdk.Tests.Running;

/// <summary>A temporary root with <c>out/</c> (the run's output) and <c>in/</c> (the uploads) in it, for the local executors' tests.</summary>
public abstract class LocalExecutorTestBase : IDisposable
{
    protected LocalExecutorTestBase()
    {
        Directory.CreateDirectory(In);
    }

    /// <summary>The root: holds only <c>in</c> and <c>out</c>, so anything else in it was written outside the output.</summary>
    protected string Root { get; } = Path.Combine(Path.GetTempPath(), "imagesdk-local-" + Guid.NewGuid().ToString("N"));

    protected string Out => Path.Combine(Root, "out");

    protected string In => Path.Combine(Root, "in");

    public void Dispose()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }

        GC.SuppressFinalize(this);
    }

    protected RunOptions Options => new() { OutputDirectory = Out };

    protected static byte[] Json(string json) => Encoding.UTF8.GetBytes(json);

    /// <summary>Writes a <paramref name="width"/> x <paramref name="height"/> png: its left half red, its right half blue.</summary>
    protected string TwoColourPng(int width, int height, string name = "photo.png")
    {
        using var image = new Image<Rgba32>(width, height, new Rgba32(0, 0, 255));
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                rows.GetRowSpan(y)[..(width / 2)].Fill(new Rgba32(255, 0, 0));
            }
        });
        var path = Path.Combine(In, name);
        image.SaveAsPng(path);
        return path;
    }

    protected static (int Width, int Height, string Mime) Identify(string path)
    {
        var info = SixLabors.ImageSharp.Image.Identify(File.ReadAllBytes(path), out var format);
        return (info.Width, info.Height, format.DefaultMimeType);
    }

    protected static (int Width, int Height) SizeOf(string path)
    {
        var (width, height, _) = Identify(path);
        return (width, height);
    }

    protected static Rgba32 PixelAt(string path, int x, int y)
    {
        using var image = SixLabors.ImageSharp.Image.Load<Rgba32>(path);
        return image[x, y];
    }
}
