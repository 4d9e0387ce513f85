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
        for (var i = utf8.IndexOfAny((byte)'\n', (byte)'\r'); i >= 0;)
        {
            i += utf8[i] == (byte)'\r' && i + 1 < utf8.Length && utf8[i + 1] == (byte)'\n' ? 1 : 0; // \r\n is one line break
            _starts.Add(i + 1);
            var next = utf8[(i + 1)..].IndexOfAny((byte)'\n', (byte)'\r');
            i = next < 0 ? -1 : i + 1 + next;
        }
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
        for (var i = text.IndexOfAny((byte)'\n', (byte)'\r'); i >= 0;)
        {
            i += text[i] == (byte)'\r' && i + 1 < text.Length && text[i + 1] == (byte)'\n' ? 1 : 0;
            count++;
            lastLineStart = i + 1;
            var next = text[(i + 1)..].IndexOfAny((byte)'\n', (byte)'\r');
            i = next < 0 ? -1 : i + 1 + next;
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
