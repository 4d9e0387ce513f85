using System;
using System.Collections.Generic;

namespace ImageSdk.Instructions;

/// <summary>
/// Values kept by position in schema order: the storage shared by the step builders and the assembly builder,
/// so the JSON they write has a stable key order whatever order the builder methods were called in.
/// </summary>
internal sealed class SchemaOrderedValues
{
    private readonly StepValue?[] _values;

    public SchemaOrderedValues(IReadOnlyList<string> names)
    {
        Names = names ?? throw new ArgumentNullException(nameof(names));
        _values = new StepValue?[names.Count];
    }

    /// <summary>The JSON names, in schema order.</summary>
    public IReadOnlyList<string> Names { get; }

    public StepValue? this[int index]
    {
        get => _values[index];
        set => _values[index] = value;
    }

    /// <summary>The value named <paramref name="name"/>, or null when it is not set or not known.</summary>
    public StepValue? Find(string name)
    {
        for (var i = 0; i < Names.Count; i++)
        {
            if (string.Equals(Names[i], name, StringComparison.Ordinal))
            {
                return _values[i];
            }
        }

        return null;
    }

    /// <summary>The values that are set, with their names, in schema order.</summary>
    public IEnumerable<KeyValuePair<string, StepValue>> SetValues()
    {
        for (var i = 0; i < _values.Length; i++)
        {
            if (_values[i] is { } value)
            {
                yield return new KeyValuePair<string, StepValue>(Names[i], value);
            }
        }
    }
}
