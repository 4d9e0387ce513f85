using System;
using System.Collections.Generic;
using System.Text;

namespace ImageSdk.Validation;

/// <summary>Byte offsets to 1-based lines and character columns, for one text: the line starts are found once.</summary>
internal readonly struct LineMap
{
    private readonly List<int> _starts;

    public LineMap(ReadOnlySpan<byte> utf8)
    {
        _starts = new List<int> { 0 };
        for (var i = utf8.IndexOf((byte)'\n'); i >= 0;)
        {
            _starts.Add(i + 1);
            var next = utf8[(i + 1)..].IndexOf((byte)'\n');
            i = next < 0 ? -1 : i + 1 + next;
        }
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
