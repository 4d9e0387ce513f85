using System;
using System.Collections.Generic;

namespace ImageSdk.Generators.Infrastructure;

/// <summary>
/// The C# names the generator emits. Every name comes from a schema, either as given (<c>x-imagesdk-builder</c>,
/// <c>x-imagesdk-enum</c>, <c>x-imagesdk-catalog</c>, <c>csharpType</c>) or through the one naming rule,
/// <see cref="Text.Pascal"/> (parameter names, enum values, model ids), and passes <see cref="Problem"/> before it is
/// written; a <see cref="NameScope"/> per C# scope keeps two of them, or one and a name the generated code uses itself, apart.
/// </summary>
internal static class Names
{
    /// <summary>The longest name the generator emits; longer ones are schema mistakes (C# itself stops at 512).</summary>
    public const int MaxLength = 128;

    /// <summary>
    /// The most values an enum the generator emits may have. Each value is an enum member and a switch arm, and the
    /// compiler's time and memory grow faster than the number of arms: 10,000 took 68 s and 3 GB, 50,000 over 24 GB.
    /// </summary>
    public const int MaxEnumValues = 1000;

    /// <summary>
    /// Type and namespace names in <c>ImageSdk</c> that generated code refers to or sits beside: a generated type of one of
    /// these names would shadow or clash with it.
    /// </summary>
    public static readonly IReadOnlyList<string> ReservedTypeNames = new[] { "ImageSdk", "Instructions", "Tables", "StepUse", "StepInput", "StepUseForm", "Interpolation" };

    /// <summary>Members every generated type has from <see cref="object"/>, and the name of a record struct's deconstructor.</summary>
    public static readonly IReadOnlyList<string> ObjectMembers = new[] { "Equals", "GetHashCode", "ToString", "GetType", "ReferenceEquals", "MemberwiseClone", "Finalize", "Deconstruct" };

    /// <summary>
    /// Members of the builder base types (<c>StepBuilder</c>, <c>AssemblyBuilderBase</c>) and of every generated builder
    /// (<c>RobotName</c>, <c>RequiredStepName</c>, <c>ParameterNames</c>, the assembly builder's <c>Step</c> and <c>Field</c>).
    /// A test checks this list against the runtime's base types.
    /// </summary>
    public static readonly IReadOnlyList<string> BuilderMembers = new[]
    {
        "Robot", "Parameters", "Item", "Set", "WriteTo", "Steps", "Fields", "Keys", "AddStep", "SetField", "ToJson", "ToUtf8Bytes",
        "RobotName", "RequiredStepName", "ParameterNames", "Spec", "Step", "Field",
    };

    /// <summary>Members of a robot's typed input (<c>ImageGenerateInput</c>), beside which each role gets a factory method.</summary>
    public static readonly IReadOnlyList<string> InputMembers = new[] { "Name", "As", "Fields", "ToStepInput", "ToStepUse", "PrintMembers" };

    /// <summary>Members of the model type beside one per catalog entry.</summary>
    public static readonly IReadOnlyList<string> CatalogMembers = new[] { "Id", "All", "FromName", "Spec" };

    /// <summary>
    /// Why <paramref name="name"/> cannot be a generated C# name, or null when it can: it must be PascalCase, an ASCII capital
    /// letter and then ASCII letters and digits (what <see cref="Text.Pascal"/> gives, so never a C# keyword), and at most
    /// <see cref="MaxLength"/> characters.
    /// </summary>
    public static string? Problem(string name)
    {
        if (name.Length > MaxLength)
        {
            return $"is {name.Length} characters long; at most {MaxLength} are allowed";
        }

        return Text.Pascal(name) == name
            ? null
            : "is not a PascalCase C# name: an ASCII capital letter, then ASCII letters and digits";
    }
}

/// <summary>
/// The names taken in one C# scope (the namespace's types, one type's members), each with what took it, so that a name a
/// schema gives is checked against every other the generator emits there.
/// </summary>
internal sealed class NameScope
{
    private readonly Dictionary<string, string> _owners;

    public NameScope(string reservedBy, params IReadOnlyList<string>[] reserved)
        : this(StringComparer.Ordinal, reservedBy, reserved)
    {
    }

    /// <param name="comparer">How names compare: ordinal for members; ignoring case for types, whose names are file (hint) names too.</param>
    /// <param name="reservedBy">What holds the reserved names, for messages.</param>
    /// <param name="reserved">Names taken from the start.</param>
    public NameScope(StringComparer comparer, string reservedBy, params IReadOnlyList<string>[] reserved)
    {
        _owners = new Dictionary<string, string>(comparer);
        foreach (var names in reserved)
        {
            foreach (var name in names)
            {
                _owners[name] = reservedBy;
            }
        }
    }

    /// <summary>Takes <paramref name="name"/> for <paramref name="owner"/>; false, with what holds it, when it is taken by another.</summary>
    public bool TryTake(string name, string owner, out string holder)
    {
        if (_owners.TryGetValue(name, out holder!) && holder != owner)
        {
            return false;
        }

        _owners[name] = owner;
        holder = owner;
        return true;
    }
}
