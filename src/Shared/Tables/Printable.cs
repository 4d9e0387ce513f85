using System.Globalization;
using System.Text;

namespace ImageSdk.Tables;

/// <summary>
/// Text from assembly instructions made safe to echo on a terminal or in a CI log: control characters (C0, DEL, C1, line
/// and paragraph separators) become escapes such as <c>\n</c> or <c>\u001B</c>. A step named <c>"x\n::error file=y::"</c>
/// then cannot forge a CI annotation, and an ESC cannot drive the terminal.
/// </summary>
public static class Printable
{
    /// <summary>The text with every control character escaped; the same instance when there is none.</summary>
    /// <param name="text">The text.</param>
    public static string Escape(string text)
    {
        if (text is null)
        {
            return string.Empty;
        }

        var first = 0;
        while (first < text.Length && !IsControl(text[first]))
        {
            first++;
        }

        if (first == text.Length)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16).Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            var c = text[i];
            if (!IsControl(c))
            {
                builder.Append(c);
                continue;
            }

            builder.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ => "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture),
            });
        }

        return builder.ToString();
    }

    private static bool IsControl(char c) => c < ' ' || (c >= 0x7F && c <= 0x9F) || c == '\u2028' || c == '\u2029';
}
