using System;

namespace ImageSdk.Imaging;

/// <summary>
/// The one place that knows jpeg's two spellings: the schema's <see cref="ImageFormat.Jpeg"/> and <see cref="ImageFormat.Jpg"/>
/// are one format, named <c>jpeg</c> inside the runtime and <c>jpg</c> on files (as Transloadit names them) and where a
/// provider's wire format spells it so.
/// </summary>
internal static class ImageFormats
{
    private static readonly string s_jpeg = ImageFormat.Jpeg.ToJsonValue();
    private static readonly string s_jpg = ImageFormat.Jpg.ToJsonValue();

    /// <summary>The runtime's name of a format: <c>jpeg</c> for either spelling, any other as it is.</summary>
    public static string Canonical(string format) => format == s_jpg ? s_jpeg : format;

    /// <summary>Whether a format is jpeg, in either spelling.</summary>
    public static bool IsJpeg(string? format) => format == s_jpeg || format == s_jpg;

    /// <summary>The file extension of a format: <c>jpg</c> for jpeg.</summary>
    public static string Extension(string format) => IsJpeg(format) ? s_jpg : format;

    /// <summary>Whether a list of formats (a route's, a provider's) holds <paramref name="format"/> in any spelling.</summary>
    public static bool Contains(System.Collections.Generic.IEnumerable<string> formats, string format)
    {
        foreach (var listed in formats)
        {
            if (listed == format || (IsJpeg(listed) && IsJpeg(format)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>jpeg as a wire format spells it: <c>jpg</c> where <paramref name="short"/>, else <c>jpeg</c>.</summary>
    public static string Jpeg(bool @short) => @short ? s_jpg : s_jpeg;

    /// <summary>Compares format names ordinally, jpeg's spellings as one.</summary>
    public static bool Same(string? a, string? b) => string.Equals(a, b, StringComparison.Ordinal) || (IsJpeg(a) && IsJpeg(b));
}
