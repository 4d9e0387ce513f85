using System;
using System.Buffers;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using ImageSdk.Validation.Engine;

namespace ImageSdk.Validation;

/// <summary>
/// Fills the neutral model from raw UTF-8 with <see cref="Utf8JsonReader"/>, recording each value's byte offset.
/// It never recurses and never throws: bad bytes, syntax errors, deep nesting and oversized documents become findings.
/// </summary>
internal static partial class JsonFrontEnd
{
    private static readonly NameTable s_names = NameTable.FromSchemaTables();

    /// <summary>Reads <paramref name="utf8"/> into <paramref name="doc"/>; returns false (with a finding) when the text is not usable JSON.</summary>
    public static bool Read(ReadOnlySpan<byte> utf8, InstructionDocument doc, FindingSink sink, ValidationOptions options) =>
        Read(utf8, doc, sink, options, plainPath: true);

    /// <summary>
    /// <see cref="Read(ReadOnlySpan{byte}, InstructionDocument, FindingSink, ValidationOptions)"/>; with <paramref name="plainPath"/>
    /// false, every document takes the reader's path (the tests hold the plain path to it).
    /// </summary>
    internal static bool Read(ReadOnlySpan<byte> utf8, InstructionDocument doc, FindingSink sink, ValidationOptions options, bool plainPath)
    {
        if (utf8.Length > options.MaxDocumentBytes)
        {
            return TooManyBytes(sink, utf8.Length, options.MaxDocumentBytes);
        }

        if (OtherEncoding(utf8) is { } encoding)
        {
            return Fail(sink, ValidationRules.InvalidUtf8, InstructionDocument.None, 0, $"the text is {encoding}, not UTF-8; save the file as UTF-8");
        }

        if (plainPath && doc.Count == 0)
        {
            if (ReadPlain(utf8, doc, options))
            {
                return true;
            }

            doc.Clear(); // not plain: the reader's path reads it from the start, and reports what it finds
        }

        return ReadWithReader(utf8, doc, sink, options, t_decoded ??= new Decoded());
    }

    /// <summary>The reader's path: any document, plain or not; every finding of the front end is reported here.</summary>
    private static bool ReadWithReader(ReadOnlySpan<byte> utf8, InstructionDocument doc, FindingSink sink, ValidationOptions options, Decoded decoded)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = options.MaxDepth + 2, CommentHandling = JsonCommentHandling.Disallow });
        var current = InstructionDocument.None;
        string? name = null;
        var nameOffset = -1;
        var duplicate = false;
        var maxDepth = options.MaxDepth;
        var maxValues = options.MaxValues;
        Dictionary<int, HashSet<string>>? largeObjects = null;
        var names = s_names; // read once: a static read in the loop can cost a helper call per token until the code is recompiled

        // The member names of each open object, one bit each by length and first character, by depth: a name whose bit is
        // not set is new to its object without a look at its siblings (objects up to Linear members; deeper than 63 levels
        // and larger objects are looked at in full). An array kept per thread, not a stackalloc: a method with a stackalloc
        // is compiled once, fully optimised but without the profile that tiered compilation gives this loop. Each depth's
        // word is reset when an object or array opens at the depth above, before any name of it is read, so what an earlier
        // document left there is never read.
        var seen = decoded.Seen;
        try
        {
            while (reader.Read())
            {
                var offset = (int)reader.TokenStartIndex;
                int added;
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        var tableName = reader.ValueIsEscaped ? null : names.Find(reader.ValueSpan); // the tables' own string for a name as it stands, or null
                        name = tableName ?? Decode(ref reader, utf8, sink, decoded);
                        if (name is null)
                        {
                            return false;
                        }

                        nameOffset = offset;
                        var depth = reader.CurrentDepth;
                        var bit = 1ul << ((name.Length == 0 ? 0 : (name.Length * 7) + name[0]) & 63);
                        if (depth < seen.Length && doc[current].ChildCount < Linear && (seen[depth] & bit) == 0)
                        {
                            seen[depth] |= bit;
                            continue; // a name new to its object: no duplicate
                        }

                        if (depth < seen.Length)
                        {
                            seen[depth] |= bit;
                        }

                        duplicate = IsDuplicate(doc, current, name, tableName is not null, ref largeObjects);
                        if (duplicate)
                        {
                            doc.RemoveMember(current, name); // the last one wins: the earlier value is never judged
                        }

                        continue;

                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        var opened = reader.CurrentDepth;
                        if (opened >= maxDepth)
                        {
                            return TooDeep(sink, current, offset, maxDepth);
                        }

                        added = doc.Add(current, reader.TokenType == JsonTokenType.StartObject ? InstructionKind.Object : InstructionKind.Array, name, offset, nameOffset);
                        current = added;
                        if (opened + 1 < seen.Length)
                        {
                            seen[opened + 1] = 0; // the names of this object stand one level deeper
                        }

                        break;

                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        current = doc[current].Parent;
                        continue;

                    case JsonTokenType.String:
                        if (((reader.ValueIsEscaped ? null : names.Find(reader.ValueSpan)) ?? Decode(ref reader, utf8, sink, decoded)) is not { } text)
                        {
                            return false;
                        }

                        added = doc.AddString(current, name, text, offset, nameOffset);
                        break;

                    case JsonTokenType.Number:
                        added = doc.AddNumber(current, name, Number(reader.ValueSpan), offset, nameOffset);
                        break;

                    case JsonTokenType.True:
                    case JsonTokenType.False:
                        added = doc.AddBoolean(current, name, reader.TokenType == JsonTokenType.True, offset, nameOffset);
                        break;

                    default:
                        added = doc.Add(current, InstructionKind.Null, name, offset, nameOffset);
                        break;
                }

                if (duplicate)
                {
                    ReportDuplicate(sink, added, name!);
                    duplicate = false;
                }

                name = null;
                nameOffset = -1;
                if (doc.Count > maxValues)
                {
                    return TooManyValues(sink, offset, maxValues);
                }
            }
        }
        catch (JsonException exception)
        {
            return Fail(sink, ValidationRules.InvalidJson, current, OffsetOf(utf8, exception.LineNumber ?? 0, exception.BytePositionInLine ?? 0), "invalid JSON: " + SyntaxMessage(exception));
        }
        finally
        {
            decoded.Clear();
        }

        return true;
    }

    // The strings decoded in the document being read on this thread (see Decoded).
    [ThreadStatic]
    private static Decoded? t_decoded;

    /// <summary>
    /// The last few plain strings decoded in one document, with where their bytes stand, so that a repeated string (a step
    /// name and each use that names it) is decoded once. Kept per thread; emptied when a document ends, so that no text of
    /// a document is held past its validation.
    /// </summary>
    private sealed class Decoded
    {
        /// <summary>The longest string kept, in bytes: a repeated name is short, and a long text is rarely repeated.</summary>
        public const int Longest = 64;

        private const int Capacity = 8;

        /// <summary>The member-name bits of the open objects by depth (see <see cref="ReadWithReader"/>).</summary>
        public readonly ulong[] Seen = new ulong[64];

        private readonly string?[] _strings = new string?[Capacity];
        private readonly int[] _offsets = new int[Capacity];
        private readonly int[] _lengths = new int[Capacity];
        private int _count;

        /// <summary>The string decoded earlier in <paramref name="utf8"/> from the same bytes as <paramref name="bytes"/>, or null.</summary>
        public string? Find(ReadOnlySpan<byte> utf8, ReadOnlySpan<byte> bytes)
        {
            var count = Math.Min(_count, Capacity);
            for (var i = 0; i < count; i++)
            {
                if (_lengths[i] == bytes.Length && utf8.Slice(_offsets[i], bytes.Length).SequenceEqual(bytes))
                {
                    return _strings[i];
                }
            }

            return null;
        }

        /// <summary>Keeps <paramref name="text"/>, decoded from the bytes at <paramref name="offset"/>; the oldest goes when full.</summary>
        public void Add(int offset, int length, string text)
        {
            var slot = _count++ % Capacity;
            _offsets[slot] = offset;
            _lengths[slot] = length;
            _strings[slot] = text;
        }

        public void Clear()
        {
            Array.Clear(_strings, 0, Math.Min(_count, Capacity));
            _count = 0;
        }
    }

    /// <summary>Objects of fewer members are searched member by member for a duplicate name; larger ones get a set.</summary>
    private const int Linear = 16;

    // Findings are reported out of line, so that the reading loop does not carry their message building.

    /// <summary>Reports an error that ends reading; returns false.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool Fail(FindingSink sink, ValidationRule rule, int node, int offset, string message)
    {
        sink.Add(new RawFinding(rule, ValidationSeverity.Error, node, false, message, rule.TransloaditCode, offset));
        return false;
    }

    private static bool TooLarge(FindingSink sink, int offset, string message) => Fail(sink, ValidationRules.TooLarge, InstructionDocument.None, offset, message);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool TooManyBytes(FindingSink sink, int length, long limit) =>
        TooLarge(sink, 0, $"the document is {length:N0} bytes; the limit is {limit:N0} bytes");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool TooManyValues(FindingSink sink, int offset, int maxValues) =>
        TooLarge(sink, offset, $"the document holds more than {maxValues:N0} values; assembly instructions need a few dozen");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool TooDeep(FindingSink sink, int node, int offset, int maxDepth) =>
        Fail(sink, ValidationRules.TooDeep, node, offset, $"arrays and objects nest deeper than {maxDepth} levels; assembly instructions need a handful");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ReportDuplicate(FindingSink sink, int node, string name) =>
        sink.Add(new RawFinding(ValidationRules.DuplicateKey, ValidationSeverity.Warning, node, true,
            $"the key '{name}' appears twice in this object; the last one wins, the earlier is ignored", ValidationRules.DuplicateKey.TransloaditCode));

    /// <summary>
    /// Whether object <paramref name="owner"/> already has <paramref name="name"/>; large objects get a set, so this stays linear.
    /// A name from the table is compared by reference: every name equal to a table string is that very string (see <see cref="Decode"/>).
    /// </summary>
    private static bool IsDuplicate(InstructionDocument doc, int owner, string name, bool tableName, ref Dictionary<int, HashSet<string>>? largeObjects)
    {
        if (doc[owner].ChildCount < Linear)
        {
            return doc.HasMember(owner, name, byReference: tableName);
        }

        largeObjects ??= new Dictionary<int, HashSet<string>>();
        if (!largeObjects.TryGetValue(owner, out var seen))
        {
            seen = new HashSet<string>(StringComparer.Ordinal);
            for (var child = doc[owner].FirstChild; child != InstructionDocument.None; child = doc[child].NextSibling)
            {
                seen.Add(doc[child].Name!);
            }

            largeObjects[owner] = seen;
        }

        return !seen.Add(name);
    }

    /// <summary>
    /// A string that is not one of the tables' as it stands: decoded (and its UTF-8 checked) apart, so the common path stays small.
    /// An escaped string that unescapes to a table string (<c>"pr\u006fmpt"</c>) becomes that very string. A short plain
    /// ASCII string is taken as it stands, once per document (<paramref name="decoded"/>). The reader checks UTF-8 only when
    /// a string is decoded, and every string passes here or through the tables (which match only valid bytes), so no
    /// separate UTF-8 pass is needed: bytes that are not UTF-8 become IMG1002 here, and null is returned.
    /// </summary>
    private static string? Decode(ref Utf8JsonReader reader, ReadOnlySpan<byte> utf8, FindingSink sink, Decoded decoded)
    {
        if (!reader.ValueIsEscaped && reader.ValueSpan is { Length: <= Decoded.Longest } bytes && Ascii.IsValid(bytes))
        {
            if (decoded.Find(utf8, bytes) is { } earlier)
            {
                return earlier;
            }

            var text = Encoding.ASCII.GetString(bytes);
            decoded.Add((int)reader.TokenStartIndex + 1, bytes.Length, text); // the token starts at its opening quote
            return text;
        }

        return DecodeAny(ref reader, utf8, sink);
    }

    /// <summary>Any other string: as the reader decodes it, its UTF-8 checked.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string? DecodeAny(ref Utf8JsonReader reader, ReadOnlySpan<byte> utf8, FindingSink sink)
    {
        try
        {
            var text = reader.GetString()!;
            return reader.ValueIsEscaped && s_names.Find(Encoding.UTF8.GetBytes(text)) is { } known ? known : text;
        }
        catch (InvalidOperationException)
        {
            var start = (int)reader.TokenStartIndex;
            var end = start + (int)reader.ValueSpan.Length + 2;
            if (Utf8.IsValid(utf8[start..Math.Min(utf8.Length, end)]) && LoneSurrogate(utf8[start..Math.Min(utf8.Length, end)]) is var escape and >= 0)
            {
                sink.Add(new RawFinding(ValidationRules.InvalidJson, ValidationSeverity.Error, InstructionDocument.None, false,
                    $"the string holds {Encoding.UTF8.GetString(utf8.Slice(start + escape, 6))}, half of a surrogate pair, which is no character; write the character itself, or both halves (e.g. \\ud83d\\ude00)", ValidationRules.InvalidJson.TransloaditCode, start + escape));
                return null;
            }

            var offset = start + FirstInvalidUtf8(utf8[start..]);
            sink.Add(new RawFinding(ValidationRules.InvalidUtf8, ValidationSeverity.Error, InstructionDocument.None, false,
                $"the text is not UTF-8: byte 0x{utf8[offset]:X2} at offset {offset} starts no valid character; save the file as UTF-8", ValidationRules.InvalidUtf8.TransloaditCode, offset));
            return null;
        }
    }

    /// <summary>The encoding the text is in when it is plainly UTF-16 or UTF-32 (a byte order mark, or NUL bytes beside the first character), else null.</summary>
    private static string? OtherEncoding(ReadOnlySpan<byte> text)
    {
        if (text.Length >= 4 && text[0] == 0xFF && text[1] == 0xFE && text[2] == 0 && text[3] == 0)
        {
            return "UTF-32 (little-endian, with a byte order mark)";
        }

        if (text.Length >= 2 && ((text[0] == 0xFF && text[1] == 0xFE) || (text[0] == 0xFE && text[1] == 0xFF)))
        {
            return text[0] == 0xFF ? "UTF-16 (little-endian, with a byte order mark)" : "UTF-16 (big-endian, with a byte order mark)";
        }

        if (text.Length >= 2 && text[0] != 0 && text[1] == 0)
        {
            return "UTF-16 (little-endian)";
        }

        return text.Length >= 2 && text[0] == 0 && text[1] != 0 ? "UTF-16 (big-endian)" : null;
    }

    private static string SyntaxMessage(JsonException exception)
    {
        // System.Text.Json appends " LineNumber: 0 | BytePositionInLine: 5." — the finding carries the position itself.
        var message = exception.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        message = cut >= 0 ? message.Substring(0, cut) : message;

        // The reader's wording speaks of its own options and modes; say what is wrong with the text instead.
        if (message.IndexOf("trailing comma", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            return "a trailing comma: JSON has no comma before '}' or ']'; remove it";
        }

        if (message.IndexOf("comment", StringComparison.OrdinalIgnoreCase) >= 0 || message.StartsWith("'/' is", StringComparison.Ordinal))
        {
            return "a comment: JSON has no comments; remove it";
        }

        if (message.IndexOf("Expected depth to be zero", StringComparison.Ordinal) >= 0)
        {
            return "the text ends inside an object or array; close it with '}' or ']'";
        }

        message = message.Replace(" Change the reader options.", string.Empty).Replace(" which is not supported in this mode", string.Empty);
        return message.Replace("'\n'", "a line break").Replace("\r", string.Empty).Replace("\n", " ").Trim();
    }

    /// <summary>The offset of the first <c>\uXXXX</c> escape of a surrogate without its partner in a string token, or -1.</summary>
    private static int LoneSurrogate(ReadOnlySpan<byte> token)
    {
        for (var i = 0; i + 6 <= token.Length; i++)
        {
            if (token[i] == (byte)'\\' && token[i + 1] == (byte)'\\')
            {
                i++;
                continue;
            }

            if (token[i] == (byte)'\\' && token[i + 1] == (byte)'u' && Hex(token.Slice(i + 2, 4)) is var unit and >= 0xD800 and <= 0xDFFF)
            {
                var paired = unit <= 0xDBFF && i + 12 <= token.Length && token[i + 6] == (byte)'\\' && token[i + 7] == (byte)'u' && Hex(token.Slice(i + 8, 4)) is >= 0xDC00 and <= 0xDFFF;
                if (!paired)
                {
                    return i;
                }

                i += 11;
            }
        }

        return -1;
    }

    private static int Hex(ReadOnlySpan<byte> digits)
    {
        var value = 0;
        for (var i = 0; i < digits.Length; i++) // indexed: the generator tests compile this file at C# 12
        {
            var digit = digits[i];
            var d = digit is >= (byte)'0' and <= (byte)'9' ? digit - '0' : (digit | 0x20) is >= 'a' and <= 'f' ? (digit | 0x20) - 'a' + 10 : -1;
            if (d < 0)
            {
                return -1;
            }

            value = (value * 16) + d;
        }

        return value;
    }

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> utf8)
    {
        var offset = 0;
        while (offset < utf8.Length)
        {
            if (Rune.DecodeFromUtf8(utf8[offset..], out _, out var consumed) != OperationStatus.Done)
            {
                return offset;
            }

            offset += consumed;
        }

        return Math.Max(0, utf8.Length - 1);
    }

    private static int OffsetOf(ReadOnlySpan<byte> utf8, long line, long bytePositionInLine)
    {
        var offset = 0;
        for (var remaining = line; remaining > 0 && offset < utf8.Length; offset++)
        {
            if (utf8[offset] == (byte)'\n')
            {
                remaining--;
            }
        }

        return (int)Math.Min(utf8.Length, offset + bytePositionInLine);
    }
}
