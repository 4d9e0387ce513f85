using System.Linq;
using ImageSdk.Generators.Model;
using ImageSdk.Tables;

namespace ImageSdk.Generators.Emit;

/// <summary>
/// The one place that decides which builder methods a parameter gets. The builder emitter writes those methods, and the
/// tables emitter writes the same decision into the schema tables (<see cref="ParameterSpec.Arguments"/>), so readers of the
/// builders never recompute it.
/// </summary>
internal static class BuilderContract
{
    /// <summary>The argument types of the methods of <paramref name="p"/>, one flag per overload.</summary>
    public static BuilderArguments Arguments(ParameterModel p)
    {
        var forms = p.Forms;
        if ((forms & ValueForms.Use) != 0)
        {
            return BuilderArguments.StepNames | BuilderArguments.Inputs;
        }

        var arguments = BuilderArguments.None;
        // The string forms Transloadit also takes ("1024", "true") get the string overload too: every schema-valid value
        // has a builder call, which is what lets assembly JSON become builder code and back without loss.
        if ((forms & (ValueForms.String | ValueForms.IntegerString | ValueForms.BooleanString)) != 0)
        {
            arguments |= BuilderArguments.String;
        }

        if ((forms & ValueForms.String) != 0 && p.Catalog is not null)
        {
            arguments |= BuilderArguments.Catalog;
        }

        if ((forms & ValueForms.Integer) != 0)
        {
            arguments |= p.Minimum is not null || p.Maximum is not null ? BuilderArguments.Int32 : BuilderArguments.Int64;
        }

        arguments |= Flag(forms, ValueForms.Number, BuilderArguments.Double)
            | Flag(forms, ValueForms.Boolean, BuilderArguments.Boolean)
            | Flag(forms, ValueForms.Enum, BuilderArguments.Enum)
            | Flag(forms, ValueForms.EnumArray, BuilderArguments.EnumArray)
            | Flag(forms, ValueForms.BooleanMap, BuilderArguments.BooleanMap)
            | Flag(forms, ValueForms.Object, BuilderArguments.Json)
            // A map whose values may be strings ("true", ${...}), or an array of names beyond the documented ones, has no
            // typed overload that holds every value: raw JSON does.
            | Flag(forms, ValueForms.BooleanMap, (forms & (ValueForms.Interpolation | ValueForms.BooleanString)) != 0 ? BuilderArguments.Json : BuilderArguments.None)
            | Flag(forms, ValueForms.OpenEnum, BuilderArguments.Json);
        // A parameter checked by its schema fragment takes any JSON value too: every value its schema takes has a call.
        if (p.Schema is not null)
        {
            arguments |= BuilderArguments.Json | Flag(forms, ValueForms.StringArray, BuilderArguments.Strings);
        }

        if ((forms & ValueForms.Interpolation) != 0 && (forms & ValueForms.String) == 0)
        {
            arguments |= BuilderArguments.Interpolation;
        }

        return arguments;
    }

    /// <summary>The generated type the methods of <paramref name="p"/> take, if any: its enum, or the input type of <c>use</c>.</summary>
    public static string? ArgumentTypeName(ParameterModel p, RobotModel? robot) =>
        (p.Forms & ValueForms.Use) != 0 ? (robot is null ? null : InputTypeName(robot)) ?? "StepInput" : p.EnumType;

    /// <summary>The typed input of a robot whose <c>use</c> has roles of its own (e.g. <c>ImageGenerateInput</c>), or null.</summary>
    public static string? InputTypeName(RobotModel robot) =>
        robot.Parameters.Any(p => (p.Forms & ValueForms.Use) != 0 && p.UseRoleEnum is not null) ? InputTypeName(robot.BuilderName) : null;

    /// <summary>The name of the typed input of the builder <paramref name="builderName"/>, should its <c>use</c> have roles.</summary>
    public static string InputTypeName(string builderName) => builderName.Replace("Step", string.Empty) + "Input";

    private static BuilderArguments Flag(ValueForms forms, ValueForms form, BuilderArguments argument) =>
        (forms & form) != 0 ? argument : BuilderArguments.None;
}
