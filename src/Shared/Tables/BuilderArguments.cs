using System;

namespace ImageSdk.Tables;

/// <summary>
/// The argument types of the generated builder methods of one parameter (one flag per overload). The generator decides
/// them from <see cref="ValueForms"/> and writes them into <see cref="ParameterSpec.Arguments"/>: the contract by which
/// readers of the builders (the transpiler) know which call expresses a value, without reflection or guessing.
/// </summary>
[Flags]
public enum BuilderArguments
{
    /// <summary>No builder method.</summary>
    None = 0,
    /// <summary><c>(string value)</c>: a string, also the string forms of a number or a boolean.</summary>
    String = 1 << 0,
    /// <summary><c>(int value)</c>: a bounded integer.</summary>
    Int32 = 1 << 1,
    /// <summary><c>(long value)</c>: an unbounded integer.</summary>
    Int64 = 1 << 2,
    /// <summary><c>(double value)</c>.</summary>
    Double = 1 << 3,
    /// <summary><c>(bool value)</c>.</summary>
    Boolean = 1 << 4,
    /// <summary><c>(Catalog value)</c>: an entry of the catalog <see cref="ParameterSpec.Catalog"/>.</summary>
    Catalog = 1 << 5,
    /// <summary><c>(Enum value)</c>, the enum <see cref="ParameterSpec.ArgumentTypeName"/>.</summary>
    Enum = 1 << 6,
    /// <summary><c>(params Enum[] values)</c>, the enum <see cref="ParameterSpec.ArgumentTypeName"/>.</summary>
    EnumArray = 1 << 7,
    /// <summary><c>(IEnumerable&lt;KeyValuePair&lt;string, bool&gt;&gt; values)</c>.</summary>
    BooleanMap = 1 << 8,
    /// <summary><c>(JsonNode value)</c>.</summary>
    Json = 1 << 9,
    /// <summary><c>(Interpolation value)</c>.</summary>
    Interpolation = 1 << 10,
    /// <summary><c>use</c>: <c>(string step)</c>, <c>(params string[] steps)</c> and <c>(StepUse use)</c>.</summary>
    StepNames = 1 << 11,
    /// <summary><c>use</c>: <c>(params Input[] inputs)</c>, the input type <see cref="ParameterSpec.ArgumentTypeName"/> (<c>StepInput</c> when the robot has no roles of its own).</summary>
    Inputs = 1 << 12,
    /// <summary><c>(params string[] values)</c> and <c>(IEnumerable&lt;string&gt; values)</c>: an array of strings.</summary>
    Strings = 1 << 13,
    /// <summary>With <see cref="Enum"/>: the enum overload takes a nullable enum, and <c>null</c> writes JSON <c>null</c> (a parameter that also takes null, and has no other overload that does).</summary>
    NullableEnum = 1 << 14,
}

/// <summary>Sets of <see cref="BuilderArguments"/> that the generator and the readers of builder code share.</summary>
internal static class BuilderArgumentSets
{
    /// <summary>The overloads whose parameter type a <c>null</c> argument converts to (a class, an array, an interface; the catalog is a struct).</summary>
    public const BuilderArguments TakeNull = BuilderArguments.String | BuilderArguments.Json | BuilderArguments.EnumArray | BuilderArguments.Strings | BuilderArguments.BooleanMap;
}
