using System.Linq;
using ImageSdk.Generators.Infrastructure;
using ImageSdk.Generators.Model;
using ImageSdk.Tables;

namespace ImageSdk.Generators.Emit;

/// <summary>Emits the fluent step builders and the assembly builder: one method per parameter form.</summary>
internal static class BuilderEmitter
{
    private const string StepValue = "global::ImageSdk.Instructions.StepValue";

    public static string EmitRobot(RobotModel robot)
    {
        var w = Emitter.Begin(Emitter.RootNamespace);
        var inputType = BuilderContract.InputTypeName(robot);
        if (inputType is not null)
        {
            EmitInputType(w, robot, inputType);
        }

        Emitter.Summary(w, $"Builds a {robot.Name} step. {robot.Description}");
        w.WriteLine(Emitter.GeneratedCode);
        w.WriteLine($"public sealed partial class {robot.BuilderName} : global::ImageSdk.{BuilderContract.StepBuilder}");
        w.OpenBrace();
        w.WriteLine($"/// <summary>The robot name, <c>{Text.Xml(robot.Name)}</c>.</summary>");
        w.WriteLine($"public const string {BuilderContract.RobotNameConstant} = {Text.Literal(robot.Name)};");
        if (robot.RequiredStepName is { } stepName)
        {
            w.WriteLine();
            w.WriteLine($"/// <summary>The name a step of this robot must have, <c>{Text.Xml(stepName)}</c>.</summary>");
            w.WriteLine($"public const string {BuilderContract.RequiredStepNameConstant} = {Text.Literal(stepName)};");
        }

        w.WriteLine();
        w.WriteLine("/// <summary>The JSON name of each parameter, for code that reads steps (the runner, providers).</summary>");
        w.WriteLine("public static class ParameterNames");
        w.OpenBrace();
        for (var i = 0; i < robot.Parameters.Count; i++)
        {
            var parameter = robot.Parameters[i];
            if (i > 0)
            {
                w.WriteLine();
            }

            w.WriteLine($"/// <summary><c>{Text.Xml(parameter.JsonName)}</c>, set by <c>{robot.BuilderName}.{parameter.MethodName}</c>.</summary>");
            w.WriteLine($"public const string {parameter.MethodName} = {Text.Literal(parameter.JsonName)};");
        }

        w.CloseBrace();
        if (robot.UserDefined)
        {
            w.WriteLine();
            w.WriteLine("/// <summary>The robot's schema, by which the validator and the runner judge its steps: give it as the <c>Schema</c> of the step executor that runs it.</summary>");
            w.WriteLine($"public static global::ImageSdk.Tables.RobotSpec Spec {{ get; }} = {TablesEmitter.QualifiedSpec(robot)};");
        }

        w.WriteLine();
        w.WriteLine("private static readonly string[] s_parameterNames = new string[]");
        w.OpenBrace();
        foreach (var parameter in robot.Parameters)
        {
            w.WriteLine($"ParameterNames.{parameter.MethodName},");
        }

        w.CloseBrace(";");
        w.WriteLine();
        w.WriteLine($"/// <summary>Creates an empty {Text.Xml(robot.Name)} step.</summary>");
        w.WriteLine($"public {robot.BuilderName}()");
        w.Indent();
        w.WriteLine($": base({BuilderContract.RobotNameConstant}, s_parameterNames)");
        w.Outdent();
        w.OpenBrace();
        w.CloseBrace();
        for (var i = 0; i < robot.Parameters.Count; i++)
        {
            EmitParameter(w, robot.BuilderName, robot.Parameters[i], i, inputType);
        }

        w.CloseBrace();
        return Emitter.End(w);
    }

    public static string EmitEnvelope(EnvelopeModel envelope)
    {
        var w = Emitter.Begin(Emitter.RootNamespace);
        Emitter.Summary(w, $"Builds Assembly Instructions: {envelope.Description}");
        w.WriteLine(Emitter.GeneratedCode);
        w.WriteLine($"public sealed partial class {envelope.BuilderName} : global::ImageSdk.Instructions.AssemblyBuilderBase");
        w.OpenBrace();
        w.WriteLine("private static readonly string[] s_keyNames = new string[]");
        w.OpenBrace();
        foreach (var key in envelope.Keys)
        {
            w.WriteLine(Text.Literal(key.JsonName) + ",");
        }

        w.CloseBrace(";");
        w.WriteLine();
        var stepsIndex = IndexOf(envelope, ValueForms.Steps);
        var fieldsIndex = IndexOf(envelope, ValueForms.Scalar);
        w.WriteLine("/// <summary>Creates empty Assembly Instructions.</summary>");
        w.WriteLine($"public {envelope.BuilderName}()");
        w.Indent();
        w.WriteLine($": base(s_keyNames, stepsIndex: {stepsIndex}, fieldsIndex: {fieldsIndex})");
        w.Outdent();
        w.OpenBrace();
        w.CloseBrace();
        for (var i = 0; i < envelope.Keys.Count; i++)
        {
            var key = envelope.Keys[i];
            if ((key.Forms & ValueForms.Steps) != 0)
            {
                EmitSteps(w, envelope);
            }
            else if ((key.Forms & ValueForms.Scalar) != 0)
            {
                EmitFields(w, envelope.BuilderName, key);
            }
            else
            {
                EmitParameter(w, envelope.BuilderName, key, i, inputType: null);
            }
        }

        w.CloseBrace();
        return Emitter.End(w);
    }

    private static int IndexOf(EnvelopeModel envelope, ValueForms form)
    {
        for (var i = 0; i < envelope.Keys.Count; i++)
        {
            if ((envelope.Keys[i].Forms & form) != 0)
            {
                return i;
            }
        }

        return -1;
    }

    private static void EmitSteps(SourceWriter w, EnvelopeModel envelope)
    {
        w.WriteLine();
        w.WriteLine("/// <summary>Adds a step under <paramref name=\"name\"/>, or replaces the step of that name where it stands.</summary>");
        w.WriteLine("/// <param name=\"name\">The step name; other steps reference it in <c>use</c>.</param>");
        w.WriteLine("/// <param name=\"step\">The step.</param>");
        w.WriteLine("/// <returns>This builder.</returns>");
        w.WriteLine($"public {envelope.BuilderName} {BuilderContract.StepMethod}(string name, global::ImageSdk.{BuilderContract.StepBuilder} step)");
        w.OpenBrace();
        w.WriteLine("AddStep(name, step);");
        w.WriteLine("return this;");
        w.CloseBrace();
        foreach (var robot in envelope.Robots)
        {
            if (robot.RequiredStepName is not { } stepName)
            {
                continue;
            }

            w.WriteLine();
            w.WriteLine($"/// <summary>Adds the {Text.Xml(robot.Name)} step under its required name, <c>{Text.Xml(stepName)}</c>.</summary>");
            w.WriteLine("/// <param name=\"step\">The step.</param>");
            w.WriteLine("/// <returns>This builder.</returns>");
            w.WriteLine($"public {envelope.BuilderName} {BuilderContract.StepMethod}(global::ImageSdk.{robot.BuilderName} step)");
            w.OpenBrace();
            w.WriteLine($"AddStep(global::ImageSdk.{robot.BuilderName}.{BuilderContract.RequiredStepNameConstant}, step);");
            w.WriteLine("return this;");
            w.CloseBrace();
        }
    }

    private static void EmitFields(SourceWriter w, string owner, ParameterModel key)
    {
        foreach (var type in new[] { "string", "long", "double", "bool", "global::System.Text.Json.Nodes.JsonNode?" })
        {
            w.WriteLine();
            Emitter.Summary(w, $"Sets one of {key.JsonName}: {key.Description}");
            w.WriteLine("/// <param name=\"name\">The field name, referenced as <c>${fields.NAME}</c>.</param>");
            w.WriteLine("/// <param name=\"value\">The value.</param>");
            w.WriteLine("/// <returns>This builder.</returns>");
            w.WriteLine($"public {owner} {BuilderContract.FieldMethod}(string name, {type} value)");
            w.OpenBrace();
            w.WriteLine(type.EndsWith("JsonNode?", System.StringComparison.Ordinal) ? $"SetField(name, value is null ? {StepValue}.Null : {StepValue}.OfJson(value));" : $"SetField(name, {StepValue}.Of(value));");
            w.WriteLine("return this;");
            w.CloseBrace();
        }
    }

    private static void EmitParameter(SourceWriter w, string owner, ParameterModel p, int index, string? inputType)
    {
        var arguments = BuilderContract.Arguments(p);
        if ((arguments & BuilderArguments.StepNames) != 0)
        {
            EmitMethod(w, owner, p, index, "string step", $"{StepValue}.Of(global::ImageSdk.{BuilderContract.UseType}.{BuilderContract.UseStepMethod}(step))", "The step whose files this step takes.");
            EmitMethod(w, owner, p, index, "params string[] steps", $"{StepValue}.Of(global::ImageSdk.{BuilderContract.UseType}.{BuilderContract.UseStepsMethod}(steps))", "The steps whose files this step takes.");
        }

        if ((arguments & BuilderArguments.Inputs) != 0)
        {
            EmitMethod(w, owner, p, index, $"params global::ImageSdk.{inputType ?? BuilderContract.InputType}[] inputs",
                inputType is not null
                    ? $"{StepValue}.Of(global::ImageSdk.{inputType}.{BuilderContract.InputsToUseMethod}(inputs))"
                    : $"{StepValue}.Of(global::ImageSdk.{BuilderContract.UseType}.{BuilderContract.UseInputsMethod}(inputs))",
                "The inputs, each a step name with the role its files play.");
        }

        if ((arguments & BuilderArguments.StepNames) != 0)
        {
            EmitMethod(w, owner, p, index, $"global::ImageSdk.{BuilderContract.UseType} use", $"{StepValue}.Of(use)", "The use value in any of its four forms.");
        }

        // A string parameter's string overload comes first; the string forms of a number or a boolean come after the typed ones.
        var plainString = (p.Forms & ValueForms.String) != 0;
        var takesNull = (p.Forms & ValueForms.Null) != 0; // then the overloads that take a reference (string, JsonNode) or a nullable enum write null
        if ((arguments & BuilderArguments.String) != 0 && plainString)
        {
            if (takesNull)
            {
                EmitMethod(w, owner, p, index, "string? value", $"{StepValue}.OfNullable(value)", "The value, or null to write JSON null.");
            }
            else
            {
                EmitMethod(w, owner, p, index, "string value", $"{StepValue}.Of(value)", "The value.");
            }
        }

        if ((arguments & BuilderArguments.Catalog) != 0)
        {
            EmitMethod(w, owner, p, index, $"global::ImageSdk.{p.Catalog} value", $"{StepValue}.Of(value.Id)", "The catalog entry.");
        }

        if ((arguments & BuilderArguments.Int32) != 0)
        {
            EmitMethod(w, owner, p, index, "int value", $"{StepValue}.Of((long)value)", "The value.");
        }

        if ((arguments & BuilderArguments.Int64) != 0)
        {
            EmitMethod(w, owner, p, index, "long value", $"{StepValue}.Of(value)", "The value.");
        }

        if ((arguments & BuilderArguments.Double) != 0)
        {
            EmitMethod(w, owner, p, index, "double value", $"{StepValue}.Of(value)", "The value.");
        }

        if ((arguments & BuilderArguments.Boolean) != 0)
        {
            EmitMethod(w, owner, p, index, "bool value", $"{StepValue}.Of(value)", "The value.");
        }

        if ((arguments & BuilderArguments.String) != 0 && !plainString)
        {
            var doc = (p.Forms & ValueForms.IntegerString) != 0
                ? "The number written as a string of digits, as Transloadit also accepts it; prefer the numeric overload."
                : "<c>\"true\"</c> or <c>\"false\"</c>, as Transloadit also accepts it; prefer the <see cref=\"bool\"/> overload.";
            if (takesNull)
            {
                EmitMethod(w, owner, p, index, "string? value", $"{StepValue}.OfNullable(value)", doc + " Null writes JSON null.");
            }
            else
            {
                EmitMethod(w, owner, p, index, "string value", $"{StepValue}.Of(value)", doc);
            }
        }

        if ((arguments & BuilderArguments.NullableEnum) != 0)
        {
            EmitMethod(w, owner, p, index, $"global::ImageSdk.{p.EnumType}? value", $"value is {{ }} v ? {StepValue}.Of(global::ImageSdk.{p.EnumType}Extensions.ToJsonValue(v)) : {StepValue}.Null", "The value, or null to write JSON null.");
        }
        else if ((arguments & BuilderArguments.Enum) != 0)
        {
            EmitMethod(w, owner, p, index, $"global::ImageSdk.{p.EnumType} value", $"{StepValue}.Of(global::ImageSdk.{p.EnumType}Extensions.ToJsonValue(value))", "The value.");
        }

        if ((arguments & BuilderArguments.EnumArray) != 0)
        {
            EmitMethod(w, owner, p, index, $"params global::ImageSdk.{p.EnumType}[] values",
                $"{StepValue}.OfStrings(global::System.Linq.Enumerable.Select(values ?? throw new global::System.ArgumentNullException(nameof(values)), static v => global::ImageSdk.{p.EnumType}Extensions.ToJsonValue(v)))",
                "The values.");
        }

        if ((arguments & BuilderArguments.Strings) != 0)
        {
            EmitMethod(w, owner, p, index, "params string[] values", $"{StepValue}.OfStrings(values ?? throw new global::System.ArgumentNullException(nameof(values)))", "The strings.");
            EmitMethod(w, owner, p, index, "global::System.Collections.Generic.IEnumerable<string> values", $"{StepValue}.OfStrings(values ?? throw new global::System.ArgumentNullException(nameof(values)))", "The strings.");
        }

        if ((arguments & BuilderArguments.BooleanMap) != 0)
        {
            EmitMethod(w, owner, p, index, "global::System.Collections.Generic.IEnumerable<global::System.Collections.Generic.KeyValuePair<string, bool>> values", $"{StepValue}.OfBooleanMap(values)",
                p.MapKeys.Count > 0 ? "Name to boolean; documented names: " + Text.Xml(string.Join(", ", p.MapKeys)) + "." : "Name to boolean.");
        }

        if ((arguments & BuilderArguments.Json) != 0 && takesNull)
        {
            EmitMethod(w, owner, p, index, "global::System.Text.Json.Nodes.JsonNode? value", $"value is null ? {StepValue}.Null : {StepValue}.OfJson(value)", "The JSON value, or null to write JSON null.");
        }
        else if ((arguments & BuilderArguments.Json) != 0)
        {
            EmitMethod(w, owner, p, index, "global::System.Text.Json.Nodes.JsonNode value", $"{StepValue}.OfJson(value)", "The JSON value.");
        }

        if ((arguments & BuilderArguments.Interpolation) != 0)
        {
            EmitMethod(w, owner, p, index, $"global::ImageSdk.{BuilderContract.InterpolationType} value", $"{StepValue}.Of(value)", "A <c>${...}</c> interpolation, filled in from <c>fields</c> at run time.");
        }
    }

    private static void EmitMethod(SourceWriter w, string owner, ParameterModel p, int index, string parameterList, string valueExpression, string parameterDoc)
    {
        var parameterName = parameterList.Split(' ').Last();
        w.WriteLine();
        Emitter.Summary(w, p.Description.Length > 0 ? p.Description : "Sets " + p.JsonName + ".");
        w.WriteLine("/// <remarks>" + Emitter.Remarks(p) + "</remarks>");
        w.WriteLine($"/// <param name=\"{Text.XmlAttribute(parameterName)}\">{parameterDoc}</param>");
        w.WriteLine("/// <returns>This builder.</returns>");
        w.WriteLine($"public {owner} {p.MethodName}({parameterList})");
        w.OpenBrace();
        w.WriteLine($"Set({index}, {valueExpression});");
        w.WriteLine("return this;");
        w.CloseBrace();
    }

    private static void EmitInputType(SourceWriter w, RobotModel robot, string inputType)
    {
        var use = robot.Parameters.First(p => (p.Forms & ValueForms.Use) != 0);
        var roleEnum = use.UseRoleEnum!;
        Emitter.Summary(w, $"One input of a {robot.Name} step: a step name, the role its files play, and an upload field filter.");
        var (name, role, fields) = (BuilderContract.InputParameters[0], BuilderContract.InputParameters[1], BuilderContract.InputParameters[2]);
        w.WriteLine($"/// <param name=\"{name}\">The step whose files are taken, or <c>:original</c> for the uploads.</param>");
        w.WriteLine($"/// <param name=\"{role}\">The role of the files.</param>");
        w.WriteLine($"/// <param name=\"{fields}\">Only take files from this upload field.</param>");
        w.WriteLine(Emitter.GeneratedCode);
        w.WriteLine($"public readonly partial record struct {inputType}(string {name}, global::ImageSdk.{roleEnum}? {role} = null, string? {fields} = null)");
        w.OpenBrace();
        foreach (var useRole in use.UseRoles)
        {
            var member = Text.Pascal(useRole);
            w.WriteLine($"/// <summary>The files of <paramref name=\"step\"/> as the <c>{Text.Xml(useRole)}</c> input.</summary>");
            w.WriteLine("/// <param name=\"step\">The step name, or <c>:original</c> for the uploads.</param>");
            w.WriteLine("/// <param name=\"fields\">Only take files from this upload field.</param>");
            w.WriteLine($"public static {inputType} {member}(string step, string? fields = null) => new {inputType}(step, global::ImageSdk.{roleEnum}.{member}, fields);");
            w.WriteLine();
        }

        w.WriteLine("/// <summary>The untyped input.</summary>");
        w.WriteLine($"public global::ImageSdk.{BuilderContract.InputType} {BuilderContract.ToInputMethod}() => new global::ImageSdk.{BuilderContract.InputType}({name}, {role} is {{ }} role ? global::ImageSdk.{roleEnum}Extensions.ToJsonValue(role) : null, {fields});");
        w.WriteLine();
        w.WriteLine("/// <summary>The <c>use</c> value of these inputs.</summary>");
        w.WriteLine("/// <param name=\"inputs\">The inputs.</param>");
        w.WriteLine($"public static global::ImageSdk.{BuilderContract.UseType} {BuilderContract.InputsToUseMethod}(params {inputType}[] inputs) =>");
        w.Indent();
        w.WriteLine($"global::ImageSdk.{BuilderContract.UseType}.{BuilderContract.UseInputsMethod}(global::System.Linq.Enumerable.Select(inputs ?? throw new global::System.ArgumentNullException(nameof(inputs)), static i => i.{BuilderContract.ToInputMethod}()));");
        w.Outdent();
        w.CloseBrace();
        w.WriteLine();
    }
}
