using System;

namespace ImageSdk.Tables;

/// <summary>The JSON forms a parameter value may take, read from the <c>anyOf</c> branches of its schema.</summary>
[Flags]
public enum ValueForms
{
    /// <summary>No form: the parameter takes nothing.</summary>
    None = 0,
    /// <summary>A JSON string.</summary>
    String = 1 << 0,
    /// <summary>A JSON integer.</summary>
    Integer = 1 << 1,
    /// <summary>A JSON number.</summary>
    Number = 1 << 2,
    /// <summary>A JSON boolean.</summary>
    Boolean = 1 << 3,
    /// <summary>The strings <c>"true"</c> and <c>"false"</c> in place of a boolean.</summary>
    BooleanString = 1 << 4,
    /// <summary>A string holding an integer, in place of an integer.</summary>
    IntegerString = 1 << 5,
    /// <summary>One string from <see cref="ParameterSpec.EnumValues"/>.</summary>
    Enum = 1 << 6,
    /// <summary>An array of strings from <see cref="ParameterSpec.EnumValues"/>.</summary>
    EnumArray = 1 << 7,
    /// <summary>An object of name to boolean.</summary>
    BooleanMap = 1 << 8,
    /// <summary>A string holding a <c>${...}</c> Assembly Variable.</summary>
    Interpolation = 1 << 9,
    /// <summary>The <c>use</c> parameter in its four forms.</summary>
    Use = 1 << 10,
    /// <summary>Any JSON object.</summary>
    Object = 1 << 11,
    /// <summary>An object of any JSON values (<c>fields</c>).</summary>
    Scalar = 1 << 12,
    /// <summary>The envelope's object of step name to step.</summary>
    Steps = 1 << 13,
    /// <summary>With <see cref="EnumArray"/>: strings outside <see cref="ParameterSpec.EnumValues"/> are accepted too, with a warning (Transloadit passes them on).</summary>
    OpenEnum = 1 << 14,
    /// <summary>JSON <c>null</c>.</summary>
    Null = 1 << 15,
    /// <summary>An array of strings (checked, with the rest of the value, by <see cref="ParameterSpec.Schema"/>).</summary>
    StringArray = 1 << 16,
}
