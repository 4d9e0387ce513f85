using System;
using System.Text;

namespace ImageSdk.Tables;

/// <summary>
/// File-system names made from names in assembly instructions (step names, upload names). The validator warns about a
/// step name that is not <see cref="IsSafe"/> (IMG1208), and the runner writes under <see cref="From"/> of it: one rule,
/// used by both, so the warning names exactly the names the runner changes.
/// </summary>
internal static class SafeFileName
{
    /// <summary>The most UTF-8 bytes of a name made here: file systems allow 255, and room is left for suffixes.</summary>
    public const int MaxBytes = 120;

    private const string Fallback = "step";

    /// <summary>
    /// Whether <paramref name="name"/> can be a file or folder name as it stands: not empty, no path separator, no
    /// <c>..</c>, no leading dot, no control character, none of <c>&lt;&gt;:"|?*</c> (Windows), not a Windows device name,
    /// at most <see cref="MaxBytes"/> UTF-8 bytes.
    /// </summary>
    /// <param name="name">The name.</param>
    /// <remarks>
    /// The same answer as <c>From(name) == name</c> (a property test holds them equal), without building that name: the
    /// validator asks this of every step name. A name is kept as it stands exactly when no character is replaced, nothing
    /// is trimmed, it is no device name and it is short enough.
    /// </remarks>
    public static bool IsSafe(string name)
    {
        if (name is null)
        {
            throw new ArgumentNullException(nameof(name));
        }

        if (name.Length == 0 || name[0] == '.' || name[name.Length - 1] is '.' or ' ')
        {
            return false;
        }

        var bytes = 0;
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsHighSurrogate(c) && i + 1 < name.Length && char.IsLowSurrogate(name[i + 1]))
            {
                bytes += 4;
                i++;
                continue;
            }

            if (!IsSafeChar(c))
            {
                return false;
            }

            bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
        }

        return bytes <= MaxBytes && !IsDeviceNameAscii(name);
    }

    /// <summary>
    /// A safe name for <paramref name="name"/>: every character that is not safe in a file name on Linux, macOS or
    /// Windows becomes <c>_</c>, leading dots and trailing dots and spaces go, a device name gets a <c>_</c> prefix,
    /// and a name too long is cut (on a character boundary, its extension kept) and given a hash of the whole, so two long
    /// names stay apart.
    /// </summary>
    /// <param name="name">The name.</param>
    public static string From(string name)
    {
        if (name is null)
        {
            throw new ArgumentNullException(nameof(name));
        }

        var builder = new StringBuilder(name.Length);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsHighSurrogate(c) && i + 1 < name.Length && char.IsLowSurrogate(name[i + 1]))
            {
                builder.Append(c).Append(name[++i]);
                continue;
            }

            builder.Append(IsSafeChar(c) ? c : '_');
        }

        var safe = builder.ToString().TrimStart('.').TrimEnd('.', ' ');
        if (safe.Length == 0)
        {
            return Fallback;
        }

        if (IsDeviceName(safe))
        {
            safe = "_" + safe;
        }

        if (Encoding.UTF8.GetByteCount(safe) > MaxBytes)
        {
            // The stem is cut and the extension (up to 16 ASCII letters and digits) kept: a cut file name still says its type.
            var hash = Fnv(name).ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
            var dot = safe.LastIndexOf('.');
            var extension = dot > 0 && safe.Length - dot is >= 2 and <= 17 && IsAsciiAlphanumeric(safe, dot + 1) ? safe.Substring(dot) : string.Empty;
            var stem = safe.Substring(0, safe.Length - extension.Length);
            var keep = stem.Length;
            while (keep > 0 && Encoding.UTF8.GetByteCount(stem.Substring(0, keep)) > MaxBytes - 9 - extension.Length)
            {
                keep--;
                if (keep > 0 && char.IsLowSurrogate(stem[keep]))
                {
                    keep--;
                }
            }

            safe = stem.Substring(0, keep) + "-" + hash + extension;
        }

        return safe;
    }

    private static bool IsAsciiAlphanumeric(string text, int start)
    {
        for (var i = start; i < text.Length; i++)
        {
            if (!((text[i] >= 'a' && text[i] <= 'z') || (text[i] >= 'A' && text[i] <= 'Z') || (text[i] >= '0' && text[i] <= '9')))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsSafeChar(char c) =>
        c < 0x80 ? ((c < 64 ? SafeAsciiLow >> c : SafeAsciiHigh >> (c - 64)) & 1) != 0 : IsSafeCharSlow(c);

    // IsSafeCharSlow for the ASCII characters, one bit each: ' ' to '?' but " * / : < > ?, and '@' to '~' but \ and |.
    private const ulong SafeAsciiLow = 0x7FFF_FFFF_0000_0000ul & ~(1ul << '"' | 1ul << '*' | 1ul << '/' | 1ul << ':' | 1ul << '<' | 1ul << '>' | 1ul << '?');
    private const ulong SafeAsciiHigh = 0x7FFF_FFFF_FFFF_FFFFul & ~(1ul << ('\\' - 64) | 1ul << ('|' - 64));

    private static bool IsSafeCharSlow(char c) =>
        c >= ' ' && c != 0x7F && !(c >= 0x80 && c <= 0x9F) && !char.IsSurrogate(c) && c != '\u2028' && c != '\u2029'
        && c != '/' && c != '\\' && c != '<' && c != '>' && c != ':' && c != '"' && c != '|' && c != '?' && c != '*';

    /// <summary><see cref="IsDeviceName"/> without its strings where the stem is ASCII (it always is for a device name's length, bar case folding).</summary>
    private static bool IsDeviceNameAscii(string name)
    {
        var end = name.IndexOf('.') is var dot and >= 0 ? dot : name.Length;
        while (end > 0 && name[end - 1] == ' ')
        {
            end--;
        }

        if (end is not 3 and not 4)
        {
            return false;
        }

        Span<char> stem = stackalloc char[4];
        for (var i = 0; i < end; i++)
        {
            var c = name[i];
            if (c >= 0x80)
            {
                return IsDeviceName(name); // a letter outside ASCII may upper-case to one inside it (U+0131 to I): the culture's rule decides
            }

            stem[i] = c is >= 'a' and <= 'z' ? (char)(c - 32) : c;
        }

        stem = stem.Slice(0, end);
        return stem.SequenceEqual("CON".AsSpan()) || stem.SequenceEqual("PRN".AsSpan()) || stem.SequenceEqual("AUX".AsSpan()) || stem.SequenceEqual("NUL".AsSpan())
            || (end == 4 && (stem.StartsWith("COM".AsSpan()) || stem.StartsWith("LPT".AsSpan())) && stem[3] >= '1' && stem[3] <= '9');
    }

    private static bool IsDeviceName(string name)
    {
        var stem = name.IndexOf('.') is var dot and >= 0 ? name.Substring(0, dot) : name;
        stem = stem.TrimEnd(' ').ToUpperInvariant();
        return stem is "CON" or "PRN" or "AUX" or "NUL"
            || (stem.Length == 4 && (stem.StartsWith("COM", StringComparison.Ordinal) || stem.StartsWith("LPT", StringComparison.Ordinal)) && stem[3] >= '1' && stem[3] <= '9');
    }

    private static uint Fnv(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }
}
