using System;
using NetVips;

namespace ImageSdk.Imaging;

/// <summary>How an image robot writes its output.</summary>
/// <param name="Quality">1-100, for the lossy encoders (jpeg, webp).</param>
/// <param name="KeepMetadata">Whether EXIF, XMP, IPTC and the ICC profile are kept.</param>
/// <param name="Progressive">Progressive jpeg, interlaced png or gif.</param>
/// <param name="Lossless">Webp written lossless; png at its highest compression, every row filter tried.</param>
internal readonly record struct EncodeSettings(int Quality = 92, bool KeepMetadata = true, bool Progressive = false, bool Lossless = false);

/// <summary>Encodes the image robots' outputs (the generator's own outputs go through <see cref="ImageOps.Encode"/>).</summary>
internal static class ImageEncoder
{
    /// <summary>The formats written here, for messages.</summary>
    public const string Formats = "png, jpg, jpeg, webp, gif, tiff";

    /// <summary>The canonical name of a format the robots write (<c>jpg</c> is <c>jpeg</c>), or null when it is not one of <see cref="Formats"/>.</summary>
    /// <param name="format">The format as a step names it.</param>
    public static string? Canonical(string? format) => format?.ToLowerInvariant() switch
    {
        null => null,
        "tif" => "tiff",
        var named => ImageFormats.Canonical(named) is var canonical && canonical is "jpeg" or "tiff" or "png" or "webp" or "gif" ? canonical : null,
    };

    /// <summary>Encodes <paramref name="image"/> as <paramref name="format"/> (canonical); jpeg has no alpha, so it is flattened on <paramref name="background"/>.</summary>
    /// <param name="image">The image.</param>
    /// <param name="format">png, jpeg, webp, gif or tiff.</param>
    /// <param name="settings">Quality, metadata, progressive, lossless.</param>
    /// <param name="background">The colour under transparent pixels where the format has no alpha (white when null).</param>
    /// <exception cref="NotSupportedException">The image is larger than the format can hold.</exception>
    public static byte[] Encode(Image image, string format, EncodeSettings settings, double[]? background = null)
    {
        if (Math.Max(image.Width, image.Height) > ImageOps.MaxSide(format))
        {
            throw new NotSupportedException($"{format} cannot hold a {image.Width}x{image.Height} image: its limit is {ImageOps.MaxSide(format)} px a side; choose png, or a smaller image");
        }

        var keep = settings.KeepMetadata ? Enums.ForeignKeep.All : Enums.ForeignKeep.None;
        switch (format)
        {
            case "png":
                return settings.Lossless
                    ? image.PngsaveBuffer(compression: 9, interlace: settings.Progressive, filter: Enums.ForeignPngFilter.All, keep: keep)
                    : image.PngsaveBuffer(compression: 6, interlace: settings.Progressive, keep: keep);
            case "jpeg":
                using (var scope = new ImageScope())
                {
                    var flat = image.HasAlpha() ? scope.Keep(image.Flatten(background: background ?? new double[] { 255, 255, 255 })) : image;
                    return scope.Keep(flat.Cast(Enums.BandFormat.Uchar)).JpegsaveBuffer(q: settings.Quality, interlace: settings.Progressive, keep: keep);
                }

            case "webp":
                return settings.Lossless
                    ? image.WebpsaveBuffer(lossless: true, effort: 6, keep: keep)
                    : image.WebpsaveBuffer(q: settings.Quality, keep: keep);
            case "gif":
                return image.GifsaveBuffer(interlace: settings.Progressive, keep: keep);
            case "tiff":
                return image.TiffsaveBuffer(compression: Enums.ForeignTiffCompression.Deflate, keep: keep);
            default:
                throw new ArgumentException($"cannot encode '{format}'; formats: {Formats}", nameof(format));
        }
    }
}
