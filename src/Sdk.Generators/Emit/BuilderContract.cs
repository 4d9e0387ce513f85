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
    // ---- The grammar of builder code: the names the builders are written with, beside the hand-written types they build
    // on (src/Sdk: StepBuilder, StepUse, StepInput, Interpolation). The tables emitter writes them into SchemaTables.Grammar,
    // by which the analyzer and the transpiler read and write builder code.

    /// <summary>The assembly builder's method that adds a step.</summary>
    public const string StepMethod = "Step";

    /// <summary>The assembly builder's method that sets one of <c>fields</c>.</summary>
    public const string FieldMethod = "Field";

    /// <summary>The base type of the step builders, below the root namespace.</summary>
    public const string StepBuilder = "Instructions.StepBuilder";

    /// <summary>The constant of a step builder that holds its robot's name.</summary>
    public const string RobotNameConstant = "RobotName";

    /// <summary>The constant of a step builder whose steps must have one name.</summary>
    public const string RequiredStepNameConstant = "RequiredStepName";

    /// <summary>The interpolation type and its factories.</summary>
    public const string InterpolationType = "Interpolation";

    /// <summary><c>Interpolation.Field(name)</c>: <c>${fields.NAME}</c>.</summary>
    public const string InterpolationFieldMethod = "Field";

    /// <summary><c>Interpolation.Parse(text)</c>.</summary>
    public const string InterpolationParseMethod = "Parse";

    /// <summary>The type of a <c>use</c> value, and its factories.</summary>
    public const string UseType = "StepUse";

    /// <summary><c>StepUse.Step(name)</c>.</summary>
    public const string UseStepMethod = "Step";

    /// <summary><c>StepUse.Steps(names)</c>.</summary>
    public const string UseStepsMethod = "Steps";

    /// <summary><c>StepUse.Of(inputs)</c>.</summary>
    public const string UseInputsMethod = "Of";

    /// <summary><c>StepUse.Bundle(steps, bundleSteps, groupByOriginal, fields)</c>.</summary>
    public const string UseBundleMethod = "Bundle";

    /// <summary>The parameters of <see cref="UseBundleMethod"/>, in order.</summary>
    public static readonly string[] UseBundleParameters = { "steps", "bundleSteps", "groupByOriginal", "fields" };

    /// <summary>The untyped input.</summary>
    public const string InputType = "StepInput";

    /// <summary>The constructor parameters of every input type (untyped and typed), in order: the step, its role, the upload field filter.</summary>
    public static readonly string[] InputParameters = { "Name", "As", "Fields" };

    /// <summary>The static method of a typed input that makes the <c>use</c> value of typed inputs.</summary>
    public const string InputsToUseMethod = "ToStepUse";

    /// <summary>The method of a typed input that makes the untyped one.</summary>
    public const string ToInputMethod = "ToStepInput";

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
            // A bounded integer takes an int; where a bound leaves room beyond int (a minimum alone), a long overload too.
            var bounded = p.Minimum is not null || p.Maximum is not null;
            var withinInt = p.Minimum is >= int.MinValue && p.Maximum is <= int.MaxValue;
            arguments |= (bounded ? BuilderArguments.Int32 : BuilderArguments.None) | (withinInt ? BuilderArguments.None : BuilderArguments.Int64);
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

        // JSON null is written by the string or the JsonNode overload, which then take null; where neither exists (an enum
        // that also allows null, /google/store's acl), by the enum overload taking a nullable enum, should no other
        // overload take null (which would make Acl(null) ambiguous).
        if ((forms & ValueForms.Null) != 0 && (arguments & BuilderArguments.Enum) != 0 && (arguments & BuilderArgumentSets.TakeNull) == 0)
        {
            arguments |= BuilderArguments.NullableEnum;
        }

        return arguments;
    }

    /// <summary>The generated type the methods of <paramref name="p"/> take, if any: its enum, or the input type of <c>use</c>.</summary>
    public static string? ArgumentTypeName(ParameterModel p, RobotModel? robot) =>
        (p.Forms & ValueForms.Use) != 0 ? (robot is null ? null : InputTypeName(robot)) ?? InputType : p.EnumType;

    /// <summary>The typed input of a robot whose <c>use</c> has roles of its own (e.g. <c>ImageGenerateInput</c>), or null.</summary>
    public static string? InputTypeName(RobotModel robot) =>
        robot.Parameters.Any(p => (p.Forms & ValueForms.Use) != 0 && p.UseRoleEnum is not null) ? InputTypeName(robot.BuilderName) : null;

    /// <summary>The name of the typed input of the builder <paramref name="builderName"/>, should its <c>use</c> have roles.</summary>
    public static string InputTypeName(string builderName) => builderName.Replace("Step", string.Empty) + "Input";

    private static BuilderArguments Flag(ValueForms forms, ValueForms form, BuilderArguments argument) =>
        (forms & form) != 0 ? argument : BuilderArguments.None;
}
