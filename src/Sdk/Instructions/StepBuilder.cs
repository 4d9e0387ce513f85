using System;
using System.Collections.Generic;
using System.Text.Json;

namespace ImageSdk.Instructions;

/// <summary>
/// The base of the generated step builders: a robot name plus a bag of parameter values, kept in schema order
/// so that the JSON it writes has a stable key order.
/// </summary>
public abstract class StepBuilder
{
    private readonly SchemaOrderedValues _values;

    /// <summary>Creates a builder for <paramref name="robot"/> whose parameters are <paramref name="parameterNames"/>, in schema order.</summary>
    /// <param name="robot">The robot name.</param>
    /// <param name="parameterNames">The JSON names of the parameters, in schema order.</param>
    protected StepBuilder(string robot, IReadOnlyList<string> parameterNames)
    {
        Robot = robot ?? throw new ArgumentNullException(nameof(robot));
        _values = new SchemaOrderedValues(parameterNames);
    }

    /// <summary>The robot name, e.g. <c>/image/generate</c>.</summary>
    public string Robot { get; }

    /// <summary>The parameters that are set, in schema order.</summary>
    public IEnumerable<KeyValuePair<string, StepValue>> Parameters => _values.SetValues();

    /// <summary>The value of a parameter by JSON name, or null when it is not set.</summary>
    /// <param name="name">The JSON name.</param>
    public StepValue? this[string name] => _values.Find(name);

    /// <summary>Sets the parameter at <paramref name="index"/> (its position in schema order).</summary>
    /// <param name="index">The parameter's position.</param>
    /// <param name="value">The value; null unsets it.</param>
    protected void Set(int index, StepValue? value) => _values[index] = value;

    /// <summary>Writes the step as a JSON object: <c>robot</c> first, then the parameters in schema order.</summary>
    /// <param name="writer">The writer.</param>
    public void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("robot", Robot);
        foreach (var parameter in Parameters)
        {
            writer.WritePropertyName(parameter.Key);
            parameter.Value.WriteTo(writer);
        }

        writer.WriteEndObject();
    }
}
