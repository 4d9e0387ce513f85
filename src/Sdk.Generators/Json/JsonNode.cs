using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using ImageSdk.Generators.Infrastructure;

namespace ImageSdk.Generators.Json;

internal enum JsonKind
{
    Object,
    Array,
    String,
    Number,
    True,
    False,
    Null,
}

/// <summary>Where a JSON value starts in its file: offset and 0-based line and column.</summary>
internal readonly record struct TextPosition(int Offset, int Length, int Line, int Column);

/// <summary>A member of a JSON object.</summary>
internal sealed record JsonMember(string Name, JsonNode Value, TextPosition NamePosition);

/// <summary>
/// A JSON value with its position in the file. The generator reads schema files with <see cref="JsonParser"/>
/// into this tree, compared by value so the pipeline caches.
/// </summary>
internal sealed record JsonNode(
    JsonKind Kind,
    string Text,
    EquatableArray<JsonMember> Members,
    EquatableArray<JsonNode> Items,
    TextPosition Position)
{
    public JsonNode? this[string name]
    {
        get
        {
            foreach (var member in Members)
            {
                if (string.Equals(member.Name, name, StringComparison.Ordinal))
                {
                    return member.Value;
                }
            }

            return null;
        }
    }

    public bool IsString => Kind == JsonKind.String;

    public string? AsString() => Kind == JsonKind.String ? Text : null;

    public bool? AsBoolean() => Kind switch
    {
        JsonKind.True => true,
        JsonKind.False => false,
        _ => null,
    };

    public double? AsNumber() =>
        Kind == JsonKind.Number && double.TryParse(Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;

    public int? AsInt32() =>
        Kind == JsonKind.Number && int.TryParse(Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>The strings of an array of strings; other items are skipped.</summary>
    public IEnumerable<string> Strings()
    {
        foreach (var item in Items)
        {
            if (item.Kind == JsonKind.String)
            {
                yield return item.Text;
            }
        }
    }

    /// <summary>Compact JSON text of the value.</summary>
    public string ToJson()
    {
        var builder = new StringBuilder();
        Write(builder);
        return builder.ToString();
    }

    private void Write(StringBuilder builder)
    {
        switch (Kind)
        {
            case JsonKind.Object:
                builder.Append('{');
                for (var i = 0; i < Members.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(',');
                    }

                    WriteString(builder, Members[i].Name);
                    builder.Append(':');
                    Members[i].Value.Write(builder);
                }

                builder.Append('}');
                break;
            case JsonKind.Array:
                builder.Append('[');
                for (var i = 0; i < Items.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(',');
                    }

                    Items[i].Write(builder);
                }

                builder.Append(']');
                break;
            case JsonKind.String:
                WriteString(builder, Text);
                break;
            default:
                builder.Append(Text);
                break;
        }
    }

    /// <summary>JSON string escaping is the same as C# literal escaping for the characters the writer escapes.</summary>
    private static void WriteString(StringBuilder builder, string value) => builder.Append(Infrastructure.Text.Literal(value));
}
