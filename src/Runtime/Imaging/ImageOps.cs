using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using NetVips;

namespace ImageSdk.Imaging;

/// <summary>A file that is not an image, is corrupt or truncated, or has more pixels than allowed.</summary>
public sealed class ImageInputException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong with which file.</param>
    public ImageInputException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong with which file.</param>
    /// <param name="inner">The decoder's error.</param>
    public ImageInputException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>Creates the exception.</summary>
    public ImageInputException()
    {
    }

    /// <summary>Whether the file is simply not an image (as opposed to a broken or oversized one).</summary>
    public bool NotAnImage { get; init; }
}

/// <summary>The image operations of the runner, on NetVips: decode with limits, masks, compositing, encoding, metadata.</summary>
internal static class ImageOps
{
    private static readonly Dictionary<string, string> s_mimeTypes = new(StringComparer.Ordinal)
    {
        ["png"] = "image/png", ["jpeg"] = "image/jpeg", ["jpg"] = "image/jpeg", ["webp"] = "image/webp", ["gif"] = "image/gif", ["svg"] = "image/svg+xml",
    };

    static ImageOps()
    {
        // libvips reports problems through exceptions here; its own warnings to stderr would only garble a CLI's output.
        NetVips.Log.SetLogHandler("VIPS", Enums.LogLevelFlags.Warning, (_, _, _) => { });

        // libvips' operation cache would keep decoded inputs and outputs alive after the runner is done with them: memory
        // must stay flat in the number of outputs, so nothing is cached.
        Cache.Max = 0;
    }

    /// <summary>The largest width or height each encoder can write (webp 16383, gif 65535, jpeg 65500).</summary>
    /// <param name="format">The format.</param>
    public static int MaxSide(string format) => format switch
    {
        "webp" => 16383,
        "gif" => 65535,
        "jpeg" or "jpg" => 65500,
        _ => int.MaxValue,
    };

    /// <summary>
    /// Opens an input for a step once, within limits: the pixel count is checked from the header before decoding
    /// (<paramref name="maxPixels"/>; an SVG, which may declare any size, is instead rasterised scaled down to at most
    /// <paramref name="maxSvgPixels"/>), an image larger than <paramref name="maxSide"/> on a side is shrunk to fit while
    /// it is decoded (shrink-on-load where the format has it), and decoding that runs past <paramref name="timeout"/> or
    /// is cancelled is stopped. The result is 8-bit sRGB, RGB or RGBA, in memory.
    /// </summary>
    /// <param name="bytes">The file's bytes.</param>
    /// <param name="name">The file name, for messages.</param>
    /// <param name="maxPixels">The most pixels a raster input may have.</param>
    /// <param name="maxSvgPixels">The most pixels an SVG is rasterised to.</param>
    /// <param name="maxSide">The longest side of the result.</param>
    /// <param name="timeout">How long decoding may take.</param>
    /// <param name="cancellationToken">Stops decoding.</param>
    public static Image DecodeToFit(byte[] bytes, string name, long maxPixels, long maxSvgPixels, int maxSide, TimeSpan timeout, System.Threading.CancellationToken cancellationToken = default)
    {
        using var header = Open(bytes, name);
        var (width, height) = (header.Width, header.Height);
        var loader = header.Contains("vips-loader") ? header.Get("vips-loader") as string ?? string.Empty : string.Empty;
        var pixels = (long)width * height;
        Image source;
        try
        {
            if (loader.StartsWith("svg", StringComparison.Ordinal))
            {
                var scale = Math.Min(1.0, Math.Min(Math.Sqrt((double)maxSvgPixels / Math.Max(1, pixels)), (double)maxSide / Math.Max(width, height)));
                source = Image.SvgloadBuffer(bytes, scale: scale, access: Enums.Access.Sequential);
            }
            else if (pixels > maxPixels)
            {
                throw new ImageInputException($"'{name}' is {width}x{height} = {pixels / 1e6:0.#} megapixels; the limit is {maxPixels / 1e6:0.#} megapixels (checked from its header, before decoding)");
            }
            else if (Math.Max(width, height) > maxSide)
            {
                var (w, h) = Fit(width, height, maxSide);
                source = Image.ThumbnailBuffer(bytes, w, height: h, size: Enums.Size.Force, noRotate: true);
            }
            else
            {
                source = Image.NewFromBuffer(bytes, access: Enums.Access.Sequential, failOn: Enums.FailOn.Truncated);
            }
        }
        catch (VipsException ex)
        {
            throw new ImageInputException($"'{name}' cannot be decoded: {FirstLine(ex.Message)}", ex);
        }

        using var scope = new ImageScope();
        scope.Keep(source);

        // Upright as the EXIF orientation says (a phone's rotated JPEG), so an image and its mask line up pixel for pixel.
        if (Orientation(source) > 1)
        {
            source = scope.Keep(source.Autorot());
        }

        return Materialise(Normalise(source, scope), name, timeout, cancellationToken);
    }

    /// <summary>
    /// What an upload is, from its header alone (no pixel is decoded, so an upload no step uses costs nothing): its size and
    /// MIME type, or null when no decoder recognises it.
    /// </summary>
    /// <param name="bytes">The file's bytes.</param>
    public static (int Width, int Height, string Mime)? Probe(byte[] bytes)
    {
        try
        {
            using var header = Image.NewFromBuffer(bytes, access: Enums.Access.Sequential);
            var loader = header.Contains("vips-loader") ? header.Get("vips-loader") as string ?? string.Empty : string.Empty;
            var format = loader.Replace("load", string.Empty, StringComparison.Ordinal).Replace("_buffer", string.Empty, StringComparison.Ordinal).Replace("_source", string.Empty, StringComparison.Ordinal);
            return (header.Width, header.Height, format == "svg" ? "image/svg+xml" : "image/" + format);
        }
        catch (VipsException)
        {
            return null;
        }
    }

    /// <summary>The EXIF orientation of an image (1 to 8; 1, upright, when it has none).</summary>
    /// <param name="image">The image, or its header.</param>
    public static int Orientation(Image image) =>
        image.Contains("orientation") && image.Get("orientation") is int orientation ? orientation : 1;

    /// <summary>The size that fits <paramref name="width"/> x <paramref name="height"/> within <paramref name="maxSide"/> on both sides, keeping the ratio.</summary>
    /// <param name="width">The width.</param>
    /// <param name="height">The height.</param>
    /// <param name="maxSide">The longest side allowed.</param>
    public static (int Width, int Height) Fit(int width, int height, int maxSide)
    {
        if (Math.Max(width, height) <= maxSide)
        {
            return (width, height);
        }

        var scale = (double)maxSide / Math.Max(width, height);
        return (Math.Max(1, (int)Math.Round(width * scale)), Math.Max(1, (int)Math.Round(height * scale)));
    }

    private static Image Open(byte[] bytes, string name)
    {
        try
        {
            return Image.NewFromBuffer(bytes, access: Enums.Access.Sequential);
        }
        catch (VipsException ex) when (LooksLikeImage(bytes))
        {
            throw new ImageInputException($"'{name}' is a corrupt or truncated image: {FirstLine(ex.Message)}", ex);
        }
        catch (VipsException ex)
        {
            throw new ImageInputException($"'{name}' is not an image ({Describe(bytes)})", ex) { NotAnImage = true };
        }
    }

    /// <summary>8-bit sRGB with 3 or 4 bands.</summary>
    private static Image Normalise(Image image, ImageScope scope)
    {
        // Every intermediate is kept in the scope and released with it: left to finalizers, each would hold the decoded
        // source (and its pinned input buffer) alive, so a run's memory would grow with its number of outputs.
        image = scope.Keep(scope.Keep(image.Colourspace(Enums.Interpretation.Srgb)).Cast(Enums.BandFormat.Uchar));
        return image.Bands switch
        {
            1 => scope.Keep(image.Bandjoin(image, image)),
            2 => scope.Keep(scope.Keep(image.ExtractBand(0)).Bandjoin(scope.Keep(image.ExtractBand(0)), scope.Keep(image.ExtractBand(0)), scope.Keep(image.ExtractBand(1)))),
            > 4 => scope.Keep(image.ExtractBand(0, n: 4)),
            _ => image,
        };
    }

    /// <summary>Computes the image into memory, stopping it (libvips' kill flag) when it runs past the timeout or is cancelled.</summary>
    private static Image Materialise(Image image, string name, TimeSpan timeout, System.Threading.CancellationToken cancellationToken)
    {
        var timedOut = false;
        using var timer = new System.Threading.Timer(_ => { timedOut = true; image.SetKill(true); }, null, timeout, System.Threading.Timeout.InfiniteTimeSpan);
        using var registration = cancellationToken.Register(() => image.SetKill(true));
        try
        {
            return image.CopyMemory();
        }
        catch (VipsException ex)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw timedOut
                ? new ImageInputException($"decoding '{name}' took longer than the limit of {timeout.TotalSeconds:0.#} s; simplify it (an SVG's filters cost time per pixel) or make it smaller", ex)
                : new ImageInputException($"'{name}' is corrupt or truncated: {FirstLine(ex.Message)}", ex);
        }
    }

    /// <summary>The MIME type of a format (<c>png</c>, <c>jpeg</c>, ...).</summary>
    /// <param name="format">The format.</param>
    public static string MimeType(string format) => s_mimeTypes.TryGetValue(format, out var mime) ? mime : "application/octet-stream";

    /// <summary>The format of an image MIME type (<c>image/png</c> is png, parameters ignored), or null when it is not one of <see cref="MimeType"/>'s.</summary>
    /// <param name="mimeType">The MIME type, e.g. a Content-Type.</param>
    public static string? FormatOfMimeType(string? mimeType) => mimeType?.Split(';')[0].Trim().ToLowerInvariant() switch
    {
        null => null,
        "image/jpg" => "jpeg", // seen in the wild
        var type => s_mimeTypes.FirstOrDefault(m => m.Value == type && m.Key != "jpg").Key,
    };

    /// <summary>The raster format of an image by its first bytes (png, jpeg, gif, webp), or null.</summary>
    /// <param name="bytes">The file's bytes.</param>
    public static string? Sniff(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith(new byte[] { 0x89, 0x50, 0x4E, 0x47 }) ? "png"
        : bytes.StartsWith(new byte[] { 0xFF, 0xD8, 0xFF }) ? "jpeg"
        : bytes.StartsWith("GIF8"u8) ? "gif"
        : bytes.Length > 12 && bytes.StartsWith("RIFF"u8) && bytes.Slice(8, 4).SequenceEqual("WEBP"u8) ? "webp"
        : null;

    /// <summary>The file extension of a format (<c>jpg</c> for jpeg, as Transloadit names files).</summary>
    /// <param name="format">The format.</param>
    public static string Extension(string format) => ImageFormats.Extension(format);

    /// <summary>
    /// The area to regenerate as a one-band image, 255 inside: from a separate mask (its transparent area if it has alpha,
    /// else its white area), or, when the image is its own mask, the image's transparent area (alpha below 128).
    /// </summary>
    /// <param name="image">The decoded image.</param>
    /// <param name="mask">The decoded mask, or null when the image is its own mask.</param>
    public static Image RegenerateArea(Image image, Image? mask)
    {
        var source = mask ?? image;
        Image area;
        if (source.Bands == 4 && (mask is null || HasTransparency(source)))
        {
            area = source.ExtractBand(3) < 128;
        }
        else
        {
            area = source.ExtractBand(0, n: 3).Colourspace(Enums.Interpretation.Bw) >= 128;
        }

        if (area.Width != image.Width || area.Height != image.Height)
        {
            area = area.Resize((double)image.Width / area.Width, kernel: Enums.Kernel.Nearest, vscale: (double)image.Height / area.Height) > 127;
        }

        return area;
    }

    /// <summary>Puts the generated pixels inside the area and keeps the original, pixel for pixel, outside it.</summary>
    /// <param name="original">The input image.</param>
    /// <param name="generated">The provider's image, resized to the original's size if needed.</param>
    /// <param name="area">The area to regenerate (255 inside).</param>
    public static Image Composite(Image original, Image generated, Image area)
    {
        if (generated.Width != original.Width || generated.Height != original.Height)
        {
            generated = generated.Resize((double)original.Width / generated.Width, vscale: (double)original.Height / generated.Height);
        }

        generated = MatchBands(generated, original.Bands);
        var inside = original.Bands == 4 ? generated.ExtractBand(0, n: 3).Bandjoin(255) : generated;
        return area.Ifthenelse(inside.Cast(Enums.BandFormat.Uchar), original).Cast(Enums.BandFormat.Uchar);
    }

    /// <summary>Encodes an image as <paramref name="format"/>: png, jpeg/jpg (alpha flattened on white), webp or gif.</summary>
    /// <param name="image">The image.</param>
    /// <param name="format">The format.</param>
    /// <exception cref="NotSupportedException">The image is larger than the format can hold (webp: 16383 px a side).</exception>
    public static byte[] Encode(Image image, string format)
    {
        if (Math.Max(image.Width, image.Height) > MaxSide(format))
        {
            throw new NotSupportedException($"{format} cannot hold a {image.Width}x{image.Height} image: its limit is {MaxSide(format)} px a side; choose png, or a smaller image");
        }

        switch (format)
        {
            case "png":
                return image.PngsaveBuffer(compression: 6);
            case "jpeg":
            case "jpg":
                using (var scope = new ImageScope())
                {
                    var flat = image.Bands is 2 or 4 ? scope.Keep(image.Flatten(background: new double[] { 255, 255, 255 })) : image;
                    return scope.Keep(flat.Cast(Enums.BandFormat.Uchar)).JpegsaveBuffer(q: 90);
                }
            case "webp":
                return image.WebpsaveBuffer(q: 90);
            case "gif":
                return image.GifsaveBuffer();
            default:
                throw new ArgumentException($"cannot encode '{format}'; formats: png, jpeg, jpg, webp, gif", nameof(format));
        }
    }

    /// <summary>
    /// The image's pixels as 8-bit sRGB, RGB or RGBA (as the image has alpha or not), row by row, in one pass: this is where
    /// a lazy image is decoded. The pixels stay in libvips' memory (no managed copy); dispose the buffer to free them.
    /// </summary>
    /// <param name="image">The image.</param>
    public static PixelBuffer Pixels(Image image)
    {
        using var srgb = image.Interpretation is Enums.Interpretation.Srgb or Enums.Interpretation.Multiband or Enums.Interpretation.Bw
            ? image.Cast(Enums.BandFormat.Uchar)
            : image.Colourspace(Enums.Interpretation.Srgb).Cast(Enums.BandFormat.Uchar);
        var channels = srgb.Bands is 2 or 4 ? 4 : 3;
        using var pixels = MatchBands(srgb, channels);
        var memory = pixels.WriteToMemory(out var size);
        return new PixelBuffer(memory, checked((int)size), pixels.Width, pixels.Height, channels);
    }

    /// <summary>Whether any pixel is less than fully opaque.</summary>
    /// <param name="image">The image.</param>
    public static bool HasTransparency(Image image) => image.Bands is 2 or 4 && image.ExtractBand(image.Bands - 1).Min() < 255;

    /// <summary>Whether any pixel is less than fully opaque.</summary>
    /// <param name="pixels">The pixels.</param>
    /// <param name="channels">3 (RGB: never transparent) or 4 (RGBA).</param>
    public static bool HasTransparency(ReadOnlySpan<byte> pixels, int channels = 4)
    {
        if (channels != 4)
        {
            return false;
        }

        var rgba = pixels;
        for (var i = 3; i < rgba.Length; i += 4)
        {
            if (rgba[i] != 255)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The dominant colours as #rrggbb, most dominant first: opaque pixels on a grid of at most 64 x 64 samples (nearest
    /// pixels, so no blended colour appears that the image does not have), binned on 4 bits per channel, each bin reported
    /// as its mean colour; bins under 1 % are left out, at most <paramref name="count"/> of them.
    /// </summary>
    /// <param name="pixels">The pixels, RGB or RGBA.</param>
    /// <param name="width">The width.</param>
    /// <param name="height">The height.</param>
    /// <param name="channels">3 (RGB) or 4 (RGBA).</param>
    /// <param name="count">The most colours to report.</param>
    public static IReadOnlyList<string> DominantColors(ReadOnlySpan<byte> pixels, int width, int height, int channels = 4, int count = 5)
    {
        var rgba = pixels;
        var scale = Math.Max(1.0, Math.Max(width, height) / 64.0);
        var (columns, rows) = ((int)Math.Ceiling(width / scale), (int)Math.Ceiling(height / scale));
        var bins = new Dictionary<int, (long R, long G, long B, int N)>();
        var total = 0;
        for (var row = 0; row < rows; row++)
        {
            var y = Math.Min(height - 1, (int)(row * scale));
            for (var column = 0; column < columns; column++)
            {
                var i = channels * ((y * width) + Math.Min(width - 1, (int)(column * scale)));
                if (channels == 4 && rgba[i + 3] < 128)
                {
                    continue;
                }

                var key = ((rgba[i] >> 4) << 8) | ((rgba[i + 1] >> 4) << 4) | (rgba[i + 2] >> 4);
                var bin = bins.TryGetValue(key, out var b) ? b : default;
                bins[key] = (bin.R + rgba[i], bin.G + rgba[i + 1], bin.B + rgba[i + 2], bin.N + 1);
                total++;
            }
        }

        return bins
            .Where(b => b.Value.N * 100 >= total)
            .OrderByDescending(b => b.Value.N).ThenBy(b => b.Key)
            .Take(count)
            .Select(b => string.Format(CultureInfo.InvariantCulture, "#{0:x2}{1:x2}{2:x2}", b.Value.R / b.Value.N, b.Value.G / b.Value.N, b.Value.B / b.Value.N))
            .ToList();
    }

    /// <summary>The dominant colours of an image; see <see cref="DominantColors(ReadOnlySpan{byte}, int, int, int, int)"/>.</summary>
    /// <param name="image">The image.</param>
    /// <param name="count">The most colours to report.</param>
    public static IReadOnlyList<string> DominantColors(Image image, int count = 5)
    {
        using var pixels = Pixels(image);
        return DominantColors(pixels.Span, pixels.Width, pixels.Height, pixels.Channels, count);
    }

    /// <summary>The image with 3 (RGB) or 4 (RGBA) bands.</summary>
    internal static Image MatchBands(Image image, int bands) => (image.Bands, bands) switch
    {
        (4, 3) => image.Flatten(background: new double[] { 255, 255, 255 }).Cast(Enums.BandFormat.Uchar),
        (3, 4) => image.Bandjoin(255),
        (1, 3) => image.Bandjoin(image, image),
        (1, 4) => image.Bandjoin(image, image, 255),
        (2, 4) => image.ExtractBand(0).Bandjoin(image.ExtractBand(0), image.ExtractBand(0), image.ExtractBand(1)),
        (2, 3) => image.Flatten(background: new double[] { 255 }).Bandjoin(image.Flatten(background: new double[] { 255 }), image.Flatten(background: new double[] { 255 })).Cast(Enums.BandFormat.Uchar),
        _ => image,
    };

    /// <summary>Whether the bytes start like an image format the runner knows (so a failure means a broken image, not another kind of file).</summary>
    private static bool LooksLikeImage(byte[] bytes) => Sniff(bytes) is not null;

    private static string Describe(byte[] bytes)
    {
        var printable = bytes.Take(64).All(b => b is 9 or 10 or 13 or (>= 32 and < 127));
        return bytes.Length == 0 ? "the file is empty" : printable ? "it looks like text" : "no image decoder recognises it";
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();
}
