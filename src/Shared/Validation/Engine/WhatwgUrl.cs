using System;
using System.Text;

namespace ImageSdk.Validation.Engine;

/// <summary>
/// Whether a string is a URL as JavaScript's <c>new URL(text)</c> (the WHATWG URL parser) reads it: what JSON Schema's
/// <c>"format": "uri"</c> means in Transloadit's definitions, whose zod <c>.url()</c> check is exactly that call. The
/// parser's steps that decide success are followed: leading and trailing spaces and controls trimmed, tabs and line breaks
/// removed, a scheme (a letter, then letters, digits, <c>+</c>, <c>-</c> and <c>.</c>) and a colon; for the special
/// schemes (http, https, ws, wss, ftp) a host without forbidden code points (after percent-decoding), a numeric host that
/// is a valid IPv4 address, an IPv6 host in brackets, and a port up to 65535. Other schemes take any rest.
/// </summary>
internal static class WhatwgUrl
{
    private const string ForbiddenDomainCodePoints = " #%/:<>?@[\\]^|";

    public static bool IsValid(string text)
    {
        var url = Clean(text);
        var colon = SchemeEnd(url);
        if (colon < 0)
        {
            return false;
        }

        var scheme = url.Substring(0, colon).ToLowerInvariant();
        if (scheme is not ("http" or "https" or "ws" or "wss" or "ftp"))
        {
            return true; // file: and the opaque schemes (mailto:, abc:1) parse whatever follows
        }

        var start = colon + 1;
        while (start < url.Length && url[start] is '/' or '\\')
        {
            start++;
        }

        var end = url.IndexOfAny(new[] { '/', '\\', '?', '#' }, start);
        var authority = url.Substring(start, (end < 0 ? url.Length : end) - start);
        var hostAndPort = authority.Substring(authority.LastIndexOf('@') + 1);
        string host;
        var port = string.Empty;
        if (hostAndPort.StartsWith("[", StringComparison.Ordinal))
        {
            var close = hostAndPort.IndexOf(']');
            if (close < 0 || (close + 1 < hostAndPort.Length && hostAndPort[close + 1] != ':'))
            {
                return false;
            }

            host = hostAndPort.Substring(0, close + 1);
            port = hostAndPort.Substring(Math.Min(close + 2, hostAndPort.Length));
            if (!IsIPv6(host.Substring(1, host.Length - 2)))
            {
                return false;
            }
        }
        else
        {
            var portColon = hostAndPort.LastIndexOf(':');
            host = portColon < 0 ? hostAndPort : hostAndPort.Substring(0, portColon);
            port = portColon < 0 ? string.Empty : hostAndPort.Substring(portColon + 1);
            if (PercentDecode(host) is not { Length: > 0 } decoded || !IsDomain(decoded))
            {
                return false;
            }
        }

        if (port.Length == 0)
        {
            return true;
        }

        foreach (var c in port)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        var significant = port.TrimStart('0');
        return significant.Length <= 5 && (significant.Length == 0 || int.Parse(significant, System.Globalization.CultureInfo.InvariantCulture) <= 65535);
    }

    /// <summary>The parser's first steps: leading and trailing C0 controls and spaces trimmed, every tab, LF and CR removed.</summary>
    private static string Clean(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Trim(Controls()))
        {
            if (c is not ('\t' or '\n' or '\r'))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static char[] Controls()
    {
        var controls = new char[0x21];
        for (var i = 0; i < controls.Length; i++)
        {
            controls[i] = (char)i;
        }

        return controls;
    }

    /// <summary>The index of the colon after a scheme, or -1.</summary>
    private static int SchemeEnd(string url)
    {
        if (url.Length == 0 || !IsAsciiLetter(url[0]))
        {
            return -1;
        }

        for (var i = 1; i < url.Length; i++)
        {
            var c = url[i];
            if (c == ':')
            {
                return i;
            }

            if (!IsAsciiLetter(c) && c is not (>= '0' and <= '9') and not ('+' or '-' or '.'))
            {
                return -1;
            }
        }

        return -1;
    }

    private static bool IsAsciiLetter(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z');

    /// <summary>A domain: no forbidden domain code point or control; one whose last label is numeric must be an IPv4 address.</summary>
    private static bool IsDomain(string host)
    {
        foreach (var c in host)
        {
            if (c <= 0x1F || c == 0x7F || ForbiddenDomainCodePoints.IndexOf(c) >= 0)
            {
                return false;
            }
        }

        // Ends in a number (all digits, or a 0x number): then the whole host must be an IPv4 address ("a.b.09" is not one).
        var labels = host.TrimEnd('.').Split('.');
        var last = labels[labels.Length - 1];
        var endsInNumber = last.Length > 0 && (IsNumber(last) || last.TrimStart('0', '1', '2', '3', '4', '5', '6', '7', '8', '9').Length == 0);
        return !endsInNumber || IsIPv4(labels);
    }

    /// <summary>An IPv4 number: decimal, <c>0x</c> hex or leading-zero octal (an empty last label is allowed by the caller).</summary>
    private static bool IsNumber(string part, out ulong value)
    {
        value = 0;
        if (part.Length == 0)
        {
            return false;
        }

        var digits = part;
        var radix = 10;
        if (part.Length >= 2 && part[0] == '0' && part[1] is 'x' or 'X')
        {
            digits = part.Substring(2);
            radix = 16;
        }
        else if (part.Length >= 2 && part[0] == '0')
        {
            digits = part.Substring(1);
            radix = 8;
        }

        foreach (var c in digits)
        {
            var d = c is >= '0' and <= '9' ? c - '0' : c is >= 'a' and <= 'f' ? c - 'a' + 10 : c is >= 'A' and <= 'F' ? c - 'A' + 10 : 99;
            if (d >= radix)
            {
                return false;
            }

            value = value > uint.MaxValue ? value : (value * (ulong)radix) + (ulong)d;
        }

        return true;
    }

    private static bool IsNumber(string part) => IsNumber(part, out _);

    private static bool IsIPv4(string[] labels)
    {
        if (labels.Length > 4)
        {
            return false;
        }

        for (var i = 0; i < labels.Length; i++)
        {
            if (!IsNumber(labels[i], out var value) || (i < labels.Length - 1 ? value > 255 : value >= (1UL << (8 * (5 - labels.Length)))))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsIPv6(string address)
    {
        if (address.Length == 0)
        {
            return false;
        }

        foreach (var c in address)
        {
            if (!(c is (>= '0' and <= '9') or (>= 'a' and <= 'f') or (>= 'A' and <= 'F') or ':' or '.'))
            {
                return false;
            }
        }

        return address.Contains(":");
    }

    /// <summary>The host percent-decoded as UTF-8, or null when its bytes are not UTF-8 (the parser fails there too).</summary>
    private static string? PercentDecode(string host)
    {
        if (host.IndexOf('%') < 0)
        {
            return host;
        }

        var bytes = new System.Collections.Generic.List<byte>();
        var utf8 = Encoding.UTF8.GetBytes(host);
        for (var i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] == '%' && i + 2 < utf8.Length && Hex(utf8[i + 1]) is var high and >= 0 && Hex(utf8[i + 2]) is var low and >= 0)
            {
                bytes.Add((byte)((high * 16) + low));
                i += 2;
            }
            else
            {
                bytes.Add(utf8[i]);
            }
        }

        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes.ToArray());
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static int Hex(byte b) => b is >= (byte)'0' and <= (byte)'9' ? b - '0' : b is >= (byte)'a' and <= (byte)'f' ? b - 'a' + 10 : b is >= (byte)'A' and <= (byte)'F' ? b - 'A' + 10 : -1;
}
