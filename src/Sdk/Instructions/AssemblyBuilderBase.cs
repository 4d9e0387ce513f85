using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;

namespace ImageSdk.Instructions;

/// <summary>
/// The base of the generated <c>AssemblyBuilder</c>: steps by name, <c>fields</c>, and the other top-level keys,
/// written as assembly JSON in a stable key order.
/// </summary>
public abstract class AssemblyBuilderBase
{
    private readonly SchemaOrderedValues _values;
    private readonly List<KeyValuePair<string, StepBuilder>> _steps = [];
    private readonly List<KeyValuePair<string, StepValue>> _fields = [];
    private readonly int _stepsIndex;
    private readonly int _fieldsIndex;

    /// <summary>Creates the builder over the top-level keys in schema order.</summary>
    /// <param name="keyNames">The top-level keys, in schema order.</param>
    /// <param name="stepsIndex">The position of <c>steps</c> among them.</param>
    /// <param name="fieldsIndex">The position of <c>fields</c> among them.</param>
    protected AssemblyBuilderBase(IReadOnlyList<string> keyNames, int stepsIndex, int fieldsIndex)
    {
        _values = new SchemaOrderedValues(keyNames);
        _stepsIndex = stepsIndex;
        _fieldsIndex = fieldsIndex;
    }

    /// <summary>The steps, in the order they were added.</summary>
    public IReadOnlyList<KeyValuePair<string, StepBuilder>> Steps => _steps;

    /// <summary>The <c>fields</c>, in the order they were added.</summary>
    public IReadOnlyList<KeyValuePair<string, StepValue>> Fields => _fields;

    /// <summary>The top-level keys other than <c>steps</c> and <c>fields</c> that are set, in schema order.</summary>
    public IEnumerable<KeyValuePair<string, StepValue>> Keys => _values.SetValues();

    /// <summary>Adds a step, or replaces the step of the same name where it stands.</summary>
    /// <param name="name">The step name.</param>
    /// <param name="step">The step.</param>
    protected void AddStep(string name, StepBuilder step)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(step);
        Upsert(_steps, name, step);
    }

    /// <summary>Sets a value of <c>fields</c>.</summary>
    /// <param name="name">The field name.</param>
    /// <param name="value">The value.</param>
    protected void SetField(string name, StepValue value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        Upsert(_fields, name, value);
    }

    /// <summary>Sets the top-level key at <paramref name="index"/>.</summary>
    /// <param name="index">The key's position in schema order.</param>
    /// <param name="value">The value; null unsets it.</param>
    protected void Set(int index, StepValue? value) => _values[index] = value;

    /// <summary>Writes the assembly JSON.</summary>
    /// <param name="writer">The writer.</param>
    public void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        for (var i = 0; i < _values.Names.Count; i++)
        {
            if (i == _stepsIndex)
            {
                writer.WriteStartObject(_values.Names[i]);
                foreach (var step in _steps)
                {
                    writer.WritePropertyName(step.Key);
                    step.Value.WriteTo(writer);
                }

                writer.WriteEndObject();
            }
            else if (i == _fieldsIndex)
            {
                if (_fields.Count == 0)
                {
                    continue;
                }

                writer.WriteStartObject(_values.Names[i]);
                foreach (var field in _fields)
                {
                    writer.WritePropertyName(field.Key);
                    field.Value.WriteTo(writer);
                }

                writer.WriteEndObject();
            }
            else if (_values[i] is { } value)
            {
                writer.WritePropertyName(_values.Names[i]);
                value.WriteTo(writer);
            }
        }

        writer.WriteEndObject();
    }

    /// <summary>The assembly JSON as UTF-8 bytes.</summary>
    /// <param name="indented">Whether to indent.</param>
    public byte[] ToUtf8Bytes(bool indented = false)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented }))
        {
            WriteTo(writer);
        }

        return stream.ToArray();
    }

    /// <summary>The assembly JSON.</summary>
    /// <param name="indented">Whether to indent.</param>
    public string ToJson(bool indented = true) => Encoding.UTF8.GetString(ToUtf8Bytes(indented));

    private static void Upsert<T>(List<KeyValuePair<string, T>> list, string name, T value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (string.Equals(list[i].Key, name, StringComparison.Ordinal))
            {
                list[i] = new KeyValuePair<string, T>(name, value);
                return;
            }
        }

        list.Add(new KeyValuePair<string, T>(name, value));
    }
}
