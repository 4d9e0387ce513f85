using System;
using System.Collections.Generic;
using System.Text;

namespace ImageSdk.Validation;

/// <summary>
/// Byte offsets to 1-based lines and character columns, for one text: the line starts are found once. A line ends at
/// <c>\n</c>, <c>\r\n</c> or a lone <c>\r</c>, as editors and Transloadit's linter count lines.
/// </summary>
internal readonly struct LineMap
{
    private readonly List<int> _starts;

    public LineMap(ReadOnlySpan<byte> utf8)
    {
        _starts = new List<int> { 0 };
        for (var start = NextLineStart(utf8, 0); start >= 0; start = NextLineStart(utf8, start))
        {
            _starts.Add(start);
        }
    }

    /// <summary>Where the line after the first line break at or after <paramref name="from"/> starts (<c>\r\n</c> is one break), or -1 when there is none.</summary>
    private static int NextLineStart(ReadOnlySpan<byte> text, int from)
    {
        var i = text[from..].IndexOfAny((byte)'\n', (byte)'\r');
        if (i < 0)
        {
            return -1;
        }

        i += from;
        return i + (text[i] == (byte)'\r' && i + 1 < text.Length && text[i + 1] == (byte)'\n' ? 2 : 1);
    }

    /// <summary>
    /// The line breaks in <paramref name="text"/> (<c>\n</c>, <c>\r\n</c> or a lone <c>\r</c>), and where the line after
    /// the last one starts (-1 when there is none).
    /// </summary>
    public static int CountBreaks(ReadOnlySpan<byte> text, out int lastLineStart)
    {
        if (text.IndexOf((byte)'\r') < 0)
        {
            var breaks = text.Count((byte)'\n');
            lastLineStart = breaks > 0 ? text.LastIndexOf((byte)'\n') + 1 : -1;
            return breaks;
        }

        var count = 0;
        lastLineStart = -1;
        for (var start = NextLineStart(text, 0); start >= 0; start = NextLineStart(text, start))
        {
            count++;
            lastLineStart = start;
        }

        return count;
    }

    public (int Line, int Column) Locate(ReadOnlySpan<byte> utf8, int offset)
    {
        offset = Math.Clamp(offset, 0, utf8.Length);
        var line = _starts.BinarySearch(offset);
        line = line >= 0 ? line : ~line - 1;
        var start = _starts[line];
        var column = Encoding.UTF8.GetCharCount(utf8[start..offset]) + 1;
        return (line + 1, column);
    }
}
