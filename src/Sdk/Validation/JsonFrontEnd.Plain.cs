using System;
using System.Buffers.Text;
using System.Collections.Generic;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;
using System.Text.Unicode;
using ImageSdk.Validation.Engine;

namespace ImageSdk.Validation;

/// <summary>
/// The front end's plain path: a document that is plain JSON, as nearly every document is, read by a scanner of its own
/// instead of <see cref="System.Text.Json.Utf8JsonReader"/>, into the very nodes the reader's path makes.
/// </summary>
/// <remarks>
/// The scanner takes only what it knows the reader takes without a word: RFC 8259 JSON whose strings hold no escape and no
/// control character and are valid UTF-8, nested less deep than the limit, with no duplicate key and no more values than
/// the limit. At anything else (a syntax error, an escape, bad UTF-8, a duplicate, a limit) it gives up, the document is
/// emptied, and the reader's path reads it from the start: every finding, its message and its place come from that path,
/// and the plain path reports nothing. What it reads is what the reader's path reads, value for value: the same kinds,
/// names, texts (the tables' own strings, a short ASCII string once per document), numbers, offsets and name offsets
/// (an equivalence test holds the two paths equal on random documents, valid and not).
/// </remarks>
internal static partial class JsonFrontEnd
{
    /// <summary>
    /// Reads a plain document into <paramref name="doc"/> (empty on entry); false when the document is not plain, with
    /// <paramref name="doc"/> left to be emptied by the caller. Reports nothing.
    /// </summary>
    internal static bool ReadPlain(ReadOnlySpan<byte> utf8, InstructionDocument doc, ValidationOptions options)
    {
        var decoded = t_decoded ??= new Decoded();
        try
        {
            return ReadPlain(utf8, doc, options, decoded);
        }
        finally
        {
            decoded.Clear(); // no text of a document is kept past it
        }
    }

    private static bool ReadPlain(ReadOnlySpan<byte> utf8, InstructionDocument doc, ValidationOptions options, Decoded decoded)
    {
        var names = s_names;
        var seen = decoded.Seen;
        var maxDepth = Math.Min(options.MaxDepth, 64); // one bit per open container in `arrays`
        var maxValues = options.MaxValues;
        Dictionary<int, HashSet<string>>? largeObjects = null;
        var length = utf8.Length;
        var current = InstructionDocument.None;
        var depth = 0; // open containers
        var arrays = 0ul; // bit d: the container opened at depth d is an array
        string? name = null;
        var nameOffset = -1;
        var i = SkipSpace(utf8, 0);

    Value:
        if (i >= length)
        {
            return false;
        }

        var c = utf8[i];
        int added;
        if (c == (byte)'"')
        {
            var end = ScanString(utf8, i + 1, out var ascii);
            if (end < 0)
            {
                return false;
            }

            var bytes = utf8.Slice(i + 1, end - i - 1);
            var text = names.Find(bytes) ?? Text(utf8, bytes, i + 1, ascii, decoded);
            if (text is null)
            {
                return false;
            }

            added = doc.AddString(current, name, text, i, nameOffset);
            i = end + 1;
        }
        else if (c == (byte)'{' || c == (byte)'[')
        {
            if (depth >= maxDepth)
            {
                return false;
            }

            var isArray = c == (byte)'[';
            current = doc.Add(current, isArray ? InstructionKind.Array : InstructionKind.Object, name, i, nameOffset);
            if (depth + 1 < seen.Length)
            {
                seen[depth + 1] = 0; // the names of this object stand one level deeper
            }

            arrays = isArray ? arrays | (1ul << depth) : arrays & ~(1ul << depth);
            depth++;
            name = null;
            nameOffset = -1;
            if (doc.Count > maxValues)
            {
                return false;
            }

            i = SkipSpace(utf8, i + 1);
            if (i >= length)
            {
                return false;
            }

            if (utf8[i] == (isArray ? (byte)']' : (byte)'}'))
            {
                goto Close;
            }

            if (isArray)
            {
                goto Value;
            }

            goto Name;
        }
        else if (c == (byte)'-' || c - (uint)'0' <= 9)
        {
            var end = ScanNumber(utf8, i);
            if (end < 0)
            {
                return false;
            }

            added = doc.AddNumber(current, name, Number(utf8.Slice(i, end - i)), i, nameOffset);
            i = end;
        }
        else if (c == (byte)'t' && utf8.Slice(i).StartsWith("true"u8))
        {
            added = doc.AddBoolean(current, name, true, i, nameOffset);
            i += 4;
        }
        else if (c == (byte)'f' && utf8.Slice(i).StartsWith("false"u8))
        {
            added = doc.AddBoolean(current, name, false, i, nameOffset);
            i += 5;
        }
        else if (c == (byte)'n' && utf8.Slice(i).StartsWith("null"u8))
        {
            added = doc.Add(current, InstructionKind.Null, name, i, nameOffset);
            i += 4;
        }
        else
        {
            return false;
        }

        _ = added;
        name = null;
        nameOffset = -1;
        if (doc.Count > maxValues)
        {
            return false;
        }

    After:
        // After a value: a comma and the next member or item, or the end of its container, or (at the top) the end of the text.
        i = SkipSpace(utf8, i);
        if (depth == 0)
        {
            return i == length;
        }

        if (i >= length)
        {
            return false;
        }

        c = utf8[i];
        if (c == (byte)',')
        {
            i = SkipSpace(utf8, i + 1);
            if ((arrays >> (depth - 1) & 1) != 0)
            {
                goto Value;
            }

            goto Name;
        }

        if (c != ((arrays >> (depth - 1) & 1) != 0 ? (byte)']' : (byte)'}'))
        {
            return false;
        }

    Close:
        // i stands at the bracket that closes the innermost container.
        current = doc[current].Parent;
        depth--;
        i++;
        goto After;

    Name:
        if (i >= length || utf8[i] != (byte)'"')
        {
            return false;
        }

        {
            var end = ScanString(utf8, i + 1, out var ascii);
            if (end < 0)
            {
                return false;
            }

            var bytes = utf8.Slice(i + 1, end - i - 1);
            var tableName = names.Find(bytes);
            name = tableName ?? Text(utf8, bytes, i + 1, ascii, decoded);
            if (name is null)
            {
                return false;
            }

            nameOffset = i;

            // As the reader's path: a name whose bit is not set is new to its object; any other is looked for among its
            // siblings, and a duplicate is left to the reader's path, which reports it.
            var bit = 1ul << ((name.Length == 0 ? 0 : (name.Length * 7) + name[0]) & 63);
            if (depth < seen.Length && doc[current].ChildCount < Linear && (seen[depth] & bit) == 0)
            {
                seen[depth] |= bit;
            }
            else
            {
                if (depth < seen.Length)
                {
                    seen[depth] |= bit;
                }

                if (IsDuplicate(doc, current, name, tableName is not null, ref largeObjects))
                {
                    return false;
                }
            }

            i = SkipSpace(utf8, end + 1);
            if (i >= length || utf8[i] != (byte)':')
            {
                return false;
            }

            i = SkipSpace(utf8, i + 1);
            goto Value;
        }
    }

    /// <summary>The index of the first byte at or after <paramref name="i"/> that is not JSON white space (space, tab, line feed, carriage return).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SkipSpace(ReadOnlySpan<byte> utf8, int i)
    {
        while ((uint)i < (uint)utf8.Length && utf8[i] is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t')
        {
            i++;
        }

        return i;
    }

    /// <summary>
    /// The index of the quote that closes a string whose text starts at <paramref name="i"/>, or -1 when the string is not
    /// plain: it holds an escape or a control character, or is not closed. <paramref name="ascii"/>: every byte is ASCII.
    /// </summary>
    private static int ScanString(ReadOnlySpan<byte> utf8, int i, out bool ascii)
    {
        // Sixteen bytes at a time while they are plain ASCII: as signed bytes, a control character and a byte of 0x80 or
        // more are both below 0x20. The first byte that is not (or the last few bytes) is looked at one by one below.
        if (Vector128.IsHardwareAccelerated)
        {
            ref var start = ref MemoryMarshal.GetReference(utf8);
            while (i + Vector128<byte>.Count <= utf8.Length)
            {
                var block = Vector128.LoadUnsafe(ref start, (nuint)i);
                var stops = Vector128.Equals(block, Vector128.Create((byte)'"')) | Vector128.Equals(block, Vector128.Create((byte)'\\'))
                    | Vector128.LessThan(block.AsSByte(), Vector128.Create((sbyte)0x20)).AsByte();
                if (stops != Vector128<byte>.Zero)
                {
                    i += BitOperations.TrailingZeroCount(stops.ExtractMostSignificantBits());
                    break;
                }

                i += Vector128<byte>.Count;
            }
        }

        var high = 0;
        for (; (uint)i < (uint)utf8.Length; i++)
        {
            var b = utf8[i];
            if (b == (byte)'"')
            {
                ascii = high < 0x80;
                return i;
            }

            if (b == (byte)'\\' || b < 0x20)
            {
                break;
            }

            high |= b;
        }

        ascii = false;
        return -1;
    }

    /// <summary>
    /// The end of a JSON number that starts at <paramref name="i"/> (<c>-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?</c>),
    /// or -1 when none does. What may follow it is the caller's to check.
    /// </summary>
    private static int ScanNumber(ReadOnlySpan<byte> utf8, int i)
    {
        if (i < utf8.Length && utf8[i] == (byte)'-')
        {
            i++;
        }

        if (i >= utf8.Length || utf8[i] - (uint)'0' > 9)
        {
            return -1;
        }

        if (utf8[i] == (byte)'0')
        {
            i++;
        }
        else
        {
            i = Digits(utf8, i);
        }

        if (i < utf8.Length && utf8[i] == (byte)'.')
        {
            var start = ++i;
            i = Digits(utf8, i);
            if (i == start)
            {
                return -1;
            }
        }

        if (i < utf8.Length && (utf8[i] | 0x20) == (byte)'e')
        {
            i++;
            if (i < utf8.Length && utf8[i] is (byte)'+' or (byte)'-')
            {
                i++;
            }

            var start = i;
            i = Digits(utf8, i);
            if (i == start)
            {
                return -1;
            }
        }

        return i;
    }

    private static int Digits(ReadOnlySpan<byte> utf8, int i)
    {
        while ((uint)i < (uint)utf8.Length && utf8[i] - (uint)'0' <= 9)
        {
            i++;
        }

        return i;
    }

    /// <summary>
    /// The text of a plain string that is no table string, as the reader's path decodes it: a short ASCII string once per
    /// document (<see cref="Decoded"/>), any other as UTF-8; null when it is not valid UTF-8 (the reader's path reports that).
    /// </summary>
    private static string? Text(ReadOnlySpan<byte> utf8, ReadOnlySpan<byte> bytes, int offset, bool ascii, Decoded decoded)
    {
        if (ascii && bytes.Length <= Decoded.Longest)
        {
            if (decoded.Find(utf8, bytes) is { } earlier)
            {
                return earlier;
            }

            var text = Encoding.ASCII.GetString(bytes);
            decoded.Add(offset, bytes.Length, text);
            return text;
        }

        return ascii || Utf8.IsValid(bytes) ? Encoding.UTF8.GetString(bytes) : null;
    }

    /// <summary>
    /// A number's value as <see cref="System.Text.Json.Utf8JsonReader.TryGetDouble"/> gives it for these bytes (NaN when it
    /// does not): a plain integer of up to 15 digits, which a double holds exactly, is read without the general parser.
    /// </summary>
    private static double Number(ReadOnlySpan<byte> digits)
    {
        if (digits.Length <= 15)
        {
            long value = 0;
            var i = 0;
            for (; i < digits.Length; i++)
            {
                var digit = (uint)(digits[i] - '0');
                if (digit > 9)
                {
                    break;
                }

                value = (value * 10) + digit;
            }

            if (i == digits.Length)
            {
                return value;
            }
        }

        // As TryGetDouble: the whole token parsed (a number too large for a double is an infinity).
        return Utf8Parser.TryParse(digits, out double number, out var consumed) && consumed == digits.Length ? number : double.NaN;
    }
}
