using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ImageSdk.Instructions;

/// <summary>The kind of a <see cref="StepValue"/>.</summary>
public enum StepValueKind
{
    /// <summary>A JSON string.</summary>
    String,
    /// <summary>A JSON integer.</summary>
    Integer,
    /// <summary>A JSON number.</summary>
    Number,
    /// <summary>A JSON boolean.</summary>
    Boolean,
    /// <summary>A string holding a <c>${...}</c> Assembly Variable.</summary>
    Interpolation,
    /// <summary>An array of strings.</summary>
    StringArray,
    /// <summary>An object of name to boolean.</summary>
    BooleanMap,
    /// <summary>The <c>use</c> parameter.</summary>
    Use,
    /// <summary>Any other JSON.</summary>
    Json,
    /// <summary>JSON <c>null</c>, for a parameter that takes it.</summary>
    Null,
}

/// <summary>
/// One parameter value of a step or an assembly, as the builders hold it: a constant of a known JSON form,
/// an interpolation, a typed <c>use</c>, or raw JSON. It writes itself with <see cref="Utf8JsonWriter"/>, without reflection.
/// </summary>
public sealed class StepValue
{
    private readonly object _value;

    private StepValue(StepValueKind kind, object value)
    {
        Kind = kind;
        _value = value;
    }

    /// <summary>The kind of value.</summary>
    public StepValueKind Kind { get; }

    /// <summary>The value as a .NET object: string, long, double, bool, <see cref="Interpolation"/>, string[], pairs of string and bool, <see cref="StepUse"/> or <see cref="JsonNode"/>.</summary>
    public object Value => _value;

    /// <summary>JSON <c>null</c>, for a parameter that takes it (e.g. <c>notify_url</c>).</summary>
    public static StepValue Null { get; } = new(StepValueKind.Null, StepValueKind.Null);

    /// <summary>A string value, or JSON <c>null</c> for <see langword="null"/>.</summary>
    /// <param name="value">The string, or null.</param>
    public static StepValue OfNullable(string? value) => value is null ? Null : Of(value);

    /// <summary>A string value.</summary>
    /// <param name="value">The string.</param>
    public static StepValue Of(string value) => new(StepValueKind.String, value ?? throw new ArgumentNullException(nameof(value)));

    /// <summary>An integer value.</summary>
    /// <param name="value">The integer.</param>
    public static StepValue Of(long value) => new(StepValueKind.Integer, value);

    /// <summary>A number value.</summary>
    /// <param name="value">The number; it must be finite.</param>
    public static StepValue Of(double value) => double.IsFinite(value)
        ? new(StepValueKind.Number, value)
        : throw new ArgumentOutOfRangeException(nameof(value), value, "JSON numbers are finite.");

    /// <summary>A boolean value.</summary>
    /// <param name="value">The boolean.</param>
    public static StepValue Of(bool value) => new(StepValueKind.Boolean, value);

    /// <summary>An interpolated value.</summary>
    /// <param name="value">The interpolation.</param>
    public static StepValue Of(Interpolation value) => new(StepValueKind.Interpolation, value);

    /// <summary>An array of strings.</summary>
    /// <param name="values">The strings.</param>
    public static StepValue OfStrings(IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new(StepValueKind.StringArray, values.Select(static v => v ?? throw new ArgumentNullException(nameof(values))).ToArray());
    }

    /// <summary>An object of name to boolean, in the given order.</summary>
    /// <param name="values">The pairs.</param>
    public static StepValue OfBooleanMap(IEnumerable<KeyValuePair<string, bool>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new(StepValueKind.BooleanMap, values.ToArray());
    }

    /// <summary>A <c>use</c> value.</summary>
    /// <param name="value">The use.</param>
    public static StepValue Of(StepUse value) => new(StepValueKind.Use, value ?? throw new ArgumentNullException(nameof(value)));

    /// <summary>Raw JSON, copied so later changes to <paramref name="value"/> do not leak in.</summary>
    /// <param name="value">The JSON.</param>
    public static StepValue OfJson(JsonNode value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(StepValueKind.Json, value.DeepClone());
    }

    /// <summary>Writes the value as JSON.</summary>
    /// <param name="writer">The writer.</param>
    public void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        switch (_value)
        {
            case StepValueKind.Null:
                writer.WriteNullValue();
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case long l:
                writer.WriteNumberValue(l);
                break;
            case double d:
                writer.WriteNumberValue(d);
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case Interpolation i:
                writer.WriteStringValue(i.Text);
                break;
            case string[] strings:
                writer.WriteStartArray();
                foreach (var item in strings)
                {
                    writer.WriteStringValue(item);
                }

                writer.WriteEndArray();
                break;
            case KeyValuePair<string, bool>[] map:
                writer.WriteStartObject();
                foreach (var pair in map)
                {
                    writer.WriteBoolean(pair.Key, pair.Value);
                }

                writer.WriteEndObject();
                break;
            case StepUse use:
                use.WriteTo(writer);
                break;
            default:
                ((JsonNode)_value).WriteTo(writer);
                break;
        }
    }

    /// <inheritdoc/>
    public override string ToString() => _value switch
    {
        string s => s,
        Interpolation i => i.Text,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => Kind.ToString(),
    };
}
