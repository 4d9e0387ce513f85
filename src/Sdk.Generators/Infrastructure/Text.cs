using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace ImageSdk.Generators.Infrastructure;

/// <summary>
/// Names and literals for generated C#: the one naming rule (<see cref="Pascal"/>) and one escaping helper per C# context
/// that schema text reaches: string literals (<see cref="Literal(string?)"/>), XML doc text on one line (<see cref="Xml"/>),
/// XML doc attribute values (<see cref="XmlAttribute"/>) and XML doc text over several <c>///</c> lines (<see cref="DocLines"/>).
/// Schema text never reaches generated C# any other way.
/// </summary>
internal static class Text
{
    /// <summary>
    /// <c>num_outputs</c> to <c>NumOutputs</c>, <c>google/nano-banana</c> to <c>GoogleNanoBanana</c>: each ASCII word (letters
    /// and digits between other characters) capitalized, and the words with a spelling of their own written that way
    /// (<c>openai/gpt-image-2</c> to <c>OpenAIGptImage2</c>, <c>/ai/chat</c> to <c>AIChat</c>), as .NET names write them.
    /// </summary>
    public static string Pascal(string value)
    {
        var builder = new StringBuilder(value.Length);
        var word = new StringBuilder();
        foreach (var c in value)
        {
            if (char.IsLetterOrDigit(c) && c < 128)
            {
                word.Append(c);
            }
            else
            {
                AppendWord(builder, word);
            }
        }

        AppendWord(builder, word);
        if (builder.Length == 0 || char.IsDigit(builder[0]))
        {
            builder.Insert(0, "Value");
        }

        return builder.ToString();
    }

    /// <summary>
    /// Words that .NET names spell their own way: two-letter acronyms in capitals (the Framework Design Guidelines' rule,
    /// as in <c>System.IO</c> and <c>Microsoft.Extensions.AI</c>) and brands with a capitalization of their own.
    /// </summary>
    private static readonly Dictionary<string, string> s_spelledWords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ai"] = "AI",
        ["io"] = "IO",
        ["openai"] = "OpenAI",
    };

    private static void AppendWord(StringBuilder builder, StringBuilder word)
    {
        if (word.Length == 0)
        {
            return;
        }

        var text = word.ToString();
        builder.Append(s_spelledWords.TryGetValue(text, out var spelled) ? spelled : char.ToUpperInvariant(text[0]) + text.Substring(1));
        word.Clear();
    }

    /// <summary>
    /// A C# string literal. Quotes, backslashes, control characters, every C# line terminator (<c>\r</c>, <c>\n</c>, U+0085,
    /// U+2028, U+2029), format characters (bidirectional overrides and the like) and unpaired surrogates are escaped, so the
    /// literal is one line and reads as what it holds. Only <c>\uXXXX</c> and short escapes that JSON shares are used, so
    /// <see cref="Json.JsonNode.ToJson"/> writes JSON strings with it too.
    /// </summary>
    public static string Literal(string? value)
    {
        if (value is null)
        {
            return "null";
        }

        var builder = new StringBuilder(value.Length + 2);
        builder.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (IsSurrogatePair(value, i))
                    {
                        builder.Append(c).Append(value[++i]);
                    }
                    else if (NeedsEscape(c))
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        builder.Append('"');
        return builder.ToString();
    }

    /// <summary>
    /// Schema text shown in a diagnostic message: escaped as a literal (one line, nothing hidden), cut after 100 characters.
    /// </summary>
    public static string Shown(string value, bool quoted = true)
    {
        const int Max = 100;
        var literal = Literal(value.Length > Max ? value.Substring(0, Max) : value);
        literal = quoted ? literal : literal.Substring(1, literal.Length - 2);
        return value.Length > Max ? literal + "..." : literal;
    }

    /// <summary>A C# double literal, or <c>null</c>; a JSON number beyond double's range (<c>1e400</c>) is an infinity.</summary>
    public static string Literal(double? value) => value switch
    {
        null => "null",
        double.PositiveInfinity => "double.PositiveInfinity",
        double.NegativeInfinity => "double.NegativeInfinity",
        { } v when double.IsNaN(v) => "double.NaN",
        { } v => v.ToString("R", CultureInfo.InvariantCulture) + "d",
    };

    /// <summary>A C# int literal, or <c>null</c>.</summary>
    public static string Literal(int? value) =>
        value is { } v ? v.ToString(CultureInfo.InvariantCulture) : "null";

    /// <summary>
    /// Text for an XML doc comment, kept on its one <c>///</c> line: <c>&amp;</c>, <c>&lt;</c> and <c>&gt;</c> are escaped,
    /// and so is every character that would end the line (every C# line terminator) or hide what the line says (control and
    /// format characters), as a character reference; characters XML cannot hold at all become U+FFFD.
    /// </summary>
    public static string Xml(string value) => Xml(value, attribute: false);

    /// <summary>An XML doc attribute value: <see cref="Xml(string)"/>, and double and single quotes escaped too.</summary>
    public static string XmlAttribute(string value) => Xml(value, attribute: true);

    /// <summary>
    /// Text for an XML doc comment over several <c>///</c> lines: split at every C# line terminator (<c>\r\n</c>, <c>\r</c>,
    /// <c>\n</c>, U+0085, U+2028, U+2029), each line escaped as <see cref="Xml(string)"/>.
    /// </summary>
    public static IEnumerable<string> DocLines(string value)
    {
        var start = 0;
        for (var i = 0; i < value.Length; i++)
        {
            if (IsLineTerminator(value[i]))
            {
                yield return Xml(value.Substring(start, i - start));
                if (value[i] == '\r' && i + 1 < value.Length && value[i + 1] == '\n')
                {
                    i++;
                }

                start = i + 1;
            }
        }

        yield return Xml(value.Substring(start));
    }

    /// <summary>A number for prose, invariant.</summary>
    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Whether C# ends a line (and so a <c>//</c> comment) at <paramref name="c"/>.</summary>
    public static bool IsLineTerminator(char c) => c is '\r' or '\n' or '\u0085' or '\u2028' or '\u2029';

    private static string Xml(string value, bool attribute)
    {
        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '&': builder.Append("&amp;"); break;
                case '<': builder.Append("&lt;"); break;
                case '>': builder.Append("&gt;"); break;
                case '"' when attribute: builder.Append("&quot;"); break;
                case '\'' when attribute: builder.Append("&apos;"); break;
                case '\t': builder.Append(c); break;
                default:
                    if (IsSurrogatePair(value, i))
                    {
                        builder.Append(c).Append(value[++i]);
                    }
                    else if (c < 0x20 && !IsLineTerminator(c) || char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF')
                    {
                        // Not an XML character, not even as a reference.
                        builder.Append("&#xFFFD;");
                    }
                    else if (NeedsEscape(c))
                    {
                        builder.Append("&#x").Append(((int)c).ToString("X", CultureInfo.InvariantCulture)).Append(';');
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.ToString();
    }

    private static bool IsSurrogatePair(string value, int i) =>
        char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]);

    /// <summary>Control, format, line and paragraph separator characters, unpaired surrogates and non-characters.</summary>
    private static bool NeedsEscape(char c) =>
        IsLineTerminator(c) || c is '\uFFFE' or '\uFFFF' || CharUnicodeInfo.GetUnicodeCategory(c) is
            UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate;
}
