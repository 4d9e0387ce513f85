using System;
using System.Collections.Generic;
using System.Threading;
using ImageSdk.Imaging;
using NetVips;

namespace ImageSdk.Running;

/// <summary>An image a step takes as input, decoded once per working size and shared by every provider call that needs it.</summary>
/// <param name="Image">The decoded pixels, 8-bit sRGB, at most the working size on a side.</param>
/// <param name="Bytes">The file to send to a provider: the original file when it was used as it is, else a PNG of <paramref name="Image"/>.</param>
/// <param name="Mime">The MIME type of <paramref name="Bytes"/>.</param>
internal sealed record DecodedImage(Image Image, byte[] Bytes, string Mime);

/// <summary>
/// A file on disk that steps may take as input: an upload or a step's output. Nothing is read until a step needs it (an
/// upload no step uses is never decoded), and then it is read once, within <see cref="RunOptions.MaxUploadBytes"/>, and
/// decoded once per working size (<see cref="Decode"/>).
/// </summary>
internal sealed class SourceFile(string path, string name, string? mime) : IDisposable
{
    private readonly Dictionary<int, Lazy<DecodedImage>> _decoded = new();

    public string Path => path;

    public string Name => name;

    /// <summary>The image at most <paramref name="maxSide"/> on a side: decoded on the first call, shared after it.</summary>
    public DecodedImage Decode(int maxSide, RunOptions options, CancellationToken cancellationToken)
    {
        Lazy<DecodedImage> decoded;
        lock (_decoded)
        {
            if (!_decoded.TryGetValue(maxSide, out decoded!))
            {
                decoded = new Lazy<DecodedImage>(() => Load(maxSide, options, cancellationToken), LazyThreadSafetyMode.ExecutionAndPublication);
                _decoded[maxSide] = decoded;
            }
        }

        return decoded.Value;
    }

    public void Dispose()
    {
        lock (_decoded)
        {
            foreach (var decoded in _decoded.Values)
            {
                if (decoded.IsValueCreated)
                {
                    decoded.Value.Image.Dispose();
                }
            }

            _decoded.Clear();
        }
    }

    private DecodedImage Load(int maxSide, RunOptions options, CancellationToken cancellationToken)
    {
        var bytes = BoundedFile.ReadAllBytes(path, options.MaxUploadBytes);
        var image = ImageOps.DecodeToFit(bytes, name, options.MaxPixels, options.MaxSvgPixels, maxSide, options.DecodeTimeout, cancellationToken);
        try
        {
            using var header = Image.NewFromBuffer(bytes, access: Enums.Access.Sequential);
            // Sent as uploaded only when nothing changed: not shrunk, and upright (a provider may ignore the EXIF orientation).
            var asItIs = header.Width == image.Width && header.Height == image.Height && ImageOps.Orientation(header) <= 1 && mime is "image/png" or "image/jpeg" or "image/webp";
            return asItIs ? new DecodedImage(image, bytes, mime!) : new DecodedImage(image, image.PngsaveBuffer(compression: 1), "image/png");
        }
        catch
        {
            image.Dispose();
            throw;
        }
    }
}
