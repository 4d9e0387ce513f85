using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ImageSdk.Tables;
using ImageSdk.Validation.Engine;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ImageSdk.Transpiler;

/// <summary>
/// Assembly JSON → builder code. The schema tables say which forms a parameter takes, and the generator's contract in them
/// (<see cref="RobotSpec.BuilderTypeName"/>, <see cref="ParameterSpec.MemberName"/>, <see cref="ParameterSpec.Arguments"/>
/// and <see cref="ParameterSpec.ArgumentTypeName"/>) says which builder call takes each form, so the code it writes
/// compiles by construction. A value no call takes is recorded with its JSON Pointer and the reason.
/// </summary>
internal sealed partial class JsonToCSharp
{
    /// <summary>The names builder code is written with, as the generator emitted them.</summary>
    private static readonly BuilderGrammar s_grammar = SchemaTables.Grammar;

    private readonly StringBuilder _code = new();
    private readonly SortedSet<string> _usings = new(StringComparer.Ordinal) { "ImageSdk" };

    /// <summary>Values no builder call can express: JSON Pointer and reason.</summary>
    public List<(string Path, string Reason)> Inexpressible { get; } = [];

    /// <summary>Writes the file, or returns null when <see cref="Inexpressible"/> is not empty.</summary>
    public string? Write(JsonElement root, string ns, string className, string methodName)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            Inexpressible.Add((string.Empty, "the instructions are not a JSON object"));
            return null;
        }

        var chain = new List<string> { $"new {s_grammar.AssemblyBuilder}()" };
        var hasSteps = false;
        foreach (var (key, value) in Members(root))
        {
            var path = "/" + Escape(key);
            var spec = SchemaTables.AssemblyKeys.FirstOrDefault(k => k.Name == key);
            if (spec is null)
            {
                Inexpressible.Add((path, $"'{key}' is not a key of Assembly Instructions"));
            }
            else if (spec.Accepts(ValueForms.Steps))
            {
                hasSteps = true;
                WriteSteps(value, path, chain);
            }
            else if (spec.Accepts(ValueForms.Scalar))
            {
                WriteFields(value, path, chain);
            }
            else if (Argument(spec, value, path) is { } argument)
            {
                chain.Add($".{spec.MemberName}({argument})");
            }
        }

        if (!hasSteps)
        {
            Inexpressible.Add((string.Empty, "the instructions have no \"steps\"; builders always write them"));
        }

        if (chain.Count - 1 > SourceBudget.MaxChainedCalls)
        {
            Inexpressible.Add((string.Empty, FormattableString.Invariant($"the assembly has {chain.Count - 1:N0} steps, fields and keys; its C# would chain more than the {SourceBudget.MaxChainedCalls:N0} calls transpile reads back")));
        }

        if (Inexpressible.Count > 0)
        {
            return null;
        }

        foreach (var u in _usings)
        {
            _code.Append("using ").Append(u).AppendLine(";");
        }

        _code.AppendLine()
            .Append("namespace ").Append(ns).AppendLine(";")
            .AppendLine()
            .AppendLine("/// <summary>Assembly Instructions as ImageSdk builder code (imagesdk transpile).</summary>")
            .Append("public static class ").AppendLine(className)
            .AppendLine("{")
            .AppendLine("    /// <summary>Builds the Assembly Instructions.</summary>")
            .AppendLine("    /// <returns>The assembly.</returns>")
            .Append("    public static ").Append(s_grammar.AssemblyBuilder).Append(' ').Append(methodName).AppendLine("() =>")
            .Append("        ").Append(chain[0]);
        foreach (var call in chain.Skip(1))
        {
            _code.AppendLine().Append("            ").Append(call.Replace("\n", "\n            ", StringComparison.Ordinal));
        }

        _code.AppendLine(";").AppendLine("}");
        return _code.ToString();
    }

    private void WriteSteps(JsonElement steps, string path, List<string> chain)
    {
        if (steps.ValueKind != JsonValueKind.Object)
        {
            Inexpressible.Add((path, "\"steps\" is not an object of named steps"));
            return;
        }

        foreach (var (name, step) in Members(steps))
        {
            var stepPath = path + "/" + Escape(name);
            if (step.ValueKind != JsonValueKind.Object)
            {
                Inexpressible.Add((stepPath, $"the step '{name}' is not an object"));
                continue;
            }

            var robot = Members(step).LastOrDefault(m => m.Name == "robot").Value;
            if (robot.ValueKind != JsonValueKind.String || SchemaTables.FindRobot(robot.GetString()!) is not { } spec)
            {
                Inexpressible.Add((stepPath + "/robot", $"the step '{name}' names no robot the schema knows"));
                continue;
            }

            var calls = new StringBuilder("new ").Append(spec.BuilderTypeName).Append("()");
            foreach (var (key, value) in Members(step))
            {
                if (key == "robot")
                {
                    continue;
                }

                var parameterPath = stepPath + "/" + Escape(key);
                var parameter = spec.Parameters.FirstOrDefault(p => p.Name == key);
                if (parameter is null)
                {
                    Inexpressible.Add((parameterPath, $"{spec.Name} has no parameter '{key}'"));
                }
                else if (Argument(parameter, value, parameterPath) is { } argument)
                {
                    calls.Append("\n    .").Append(parameter.MemberName).Append('(').Append(argument).Append(')');
                }
            }

            // The assembly builder has a Step(builder) overload for each robot whose steps have a required name.
            chain.Add(spec.RequiredStepName == name ? $".{s_grammar.StepMethod}({calls})" : $".{s_grammar.StepMethod}({Literal(name)}, {calls})");
        }
    }

    private void WriteFields(JsonElement fields, string path, List<string> chain)
    {
        if (fields.ValueKind != JsonValueKind.Object)
        {
            Inexpressible.Add((path, "\"fields\" is not an object"));
            return;
        }

        foreach (var (name, value) in Members(fields))
        {
            var code = value.ValueKind switch
            {
                JsonValueKind.String => Literal(value.GetString()!),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                JsonValueKind.Number => Number(value, BuilderArguments.Int64) ?? Number(value, BuilderArguments.Double),
                JsonValueKind.Null => NullNode(),
                _ => JsonNode(value), // any JSON value, as Transloadit takes it
            };

            if (code is null)
            {
                Inexpressible.Add((path + "/" + Escape(name), $"the field '{name}' holds a number no C# literal keeps exactly"));
                continue;
            }

            chain.Add($".{s_grammar.FieldMethod}({Literal(name)}, {code})");
        }
    }

    /// <summary>The argument list of the builder call that sets <paramref name="value"/>, or null (recorded) when none can.</summary>
    private string? Argument(ParameterSpec p, JsonElement value, string path)
    {
        var recorded = Inexpressible.Count;
        var code = p.Accepts(ValueForms.Use) ? Use(p, value, path) : Value(p, value);
        if (code is null && Inexpressible.Count == recorded && Infinite(value, path) is { } infinite)
        {
            // 1e400: JavaScript reads it as Infinity, which the validator takes where no maximum stands; no C# literal writes it.
            Inexpressible.Add((infinite.Path, $"{Describe(infinite.Value)} is past the largest double (JavaScript reads it as Infinity), which no C# literal states"));
        }
        else if (code is null && Inexpressible.Count == recorded) // no deeper value said why
        {
            Inexpressible.Add((path, value.ValueKind == JsonValueKind.Number && p.Accepts(ValueForms.Integer) && p.Takes(BuilderArguments.Int32 | BuilderArguments.Int64)
                ? p.Takes(BuilderArguments.Int64)
                    ? $"{Describe(value)} is an integer past 2^53 (9007199254740992) in size, which no C# literal of {p.MemberName}(long) states as JavaScript reads it"
                    : $"{Describe(value)} does not fit the int that {p.MemberName}(int) takes"
                : $"{Describe(value)} is not a value of '{p.Name}'; it takes {AssemblyChecker.Allowed(p)}"));
        }

        return code;
    }

    /// <summary>The first number in <paramref name="value"/> (itself or deeper) past the largest double, with its path, or null.</summary>
    private static (string Path, JsonElement Value)? Infinite(JsonElement value, string path)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Number:
                return value.TryGetDouble(out var number) && double.IsFinite(number) ? null : (path, value);
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in value.EnumerateArray())
                {
                    if (Infinite(item, path + "/" + i++.ToString(CultureInfo.InvariantCulture)) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonValueKind.Object:
                foreach (var member in value.EnumerateObject())
                {
                    if (Infinite(member.Value, path + "/" + Escape(member.Name)) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private string? Value(ParameterSpec p, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                var text = value.GetString()!;
                if (p.Takes(BuilderArguments.Catalog) && p.Catalog is { } catalog
                    && SchemaTables.Models.FirstOrDefault(m => m.Id == text) is { MemberName: { } modelMember })
                {
                    return catalog + "." + modelMember;
                }

                if (p.Takes(BuilderArguments.Enum) && p.EnumValues.Contains(text))
                {
                    return EnumMember(p, text);
                }

                if (p.Accepts(ValueForms.String) && p.Takes(BuilderArguments.String))
                {
                    return Literal(text);
                }

                if (SchemaTables.IsInterpolation(text) && p.Takes(BuilderArguments.Interpolation))
                {
                    return FieldVariable().Match(text) is { Success: true } field
                        ? $"{s_grammar.InterpolationType}.{s_grammar.InterpolationFieldMethod}({Literal(field.Groups[1].Value)})"
                        : $"{s_grammar.InterpolationType}.{s_grammar.InterpolationParseMethod}({Literal(text)})";
                }

                return p.Takes(BuilderArguments.String) ? Literal(text) : AsJson(p, value);
            case JsonValueKind.Number:
                // An int where it fits, else the long overload (a minimum alone leaves room beyond int), else a double, else
                // the JsonNode overload (an integer past 2^53, which no long literal states as JavaScript reads it).
                // A literal 0 also converts to any enum: where the parameter has an enum overload, 0 is typed (0L, (JsonNode)0)
                // so that the call binds to the overload it means.
                var zeroMeetsEnum = p.Takes(BuilderArguments.Enum) && value.TryGetDouble(out var number) && number == 0;
                return (p.Takes(BuilderArguments.Int32) ? Number(value, BuilderArguments.Int32) : null)
                    ?? (p.Takes(BuilderArguments.Int64) ? Number(value, BuilderArguments.Int64) is { } integer && zeroMeetsEnum ? integer + "L" : Number(value, BuilderArguments.Int64) : null)
                    ?? (p.Takes(BuilderArguments.Double) ? Number(value, BuilderArguments.Double) : null)
                    ?? (zeroMeetsEnum && AsJson(p, value) is { } node ? "(JsonNode)" + node : AsJson(p, value));
            case JsonValueKind.True or JsonValueKind.False:
                return p.Takes(BuilderArguments.Boolean) ? (value.GetBoolean() ? "true" : "false") : AsJson(p, value);
            case JsonValueKind.Null:
                return Null(p);
            case JsonValueKind.Array:
                if (p.Takes(BuilderArguments.EnumArray)
                    && value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String && p.EnumValues.Contains(v.GetString()!)))
                {
                    return string.Join(", ", value.EnumerateArray().Select(v => EnumMember(p, v.GetString()!)));
                }

                return p.Takes(BuilderArguments.Json) ? JsonNode(value) : null;
            case JsonValueKind.Object:
                if (p.Takes(BuilderArguments.BooleanMap)
                    && value.EnumerateObject().All(m => m.Value.ValueKind is JsonValueKind.True or JsonValueKind.False))
                {
                    _usings.Add("System.Collections.Generic");
                    var entries = Members(value).Select(m => $"[{Literal(m.Name)}] = {(m.Value.GetBoolean() ? "true" : "false")}");
                    return value.EnumerateObject().Any() ? $"new Dictionary<string, bool> {{ {string.Join(", ", entries)} }}" : "new Dictionary<string, bool>()";
                }

                return p.Takes(BuilderArguments.Json) ? JsonNode(value) : null;
            default:
                return null;
        }
    }

    /// <summary><c>use</c> in its four forms: a name, names, typed inputs, or a bundle.</summary>
    private string? Use(ParameterSpec p, JsonElement value, string path)
    {
        // Typed inputs are written with the robot's own input type, whose factories are its roles; a robot with no roles of
        // its own (the imported ones) takes untyped StepInputs.
        if (!p.Takes(BuilderArguments.Inputs))
        {
            return value.ValueKind == JsonValueKind.String ? Literal(value.GetString()!) : null;
        }

        var inputType = p.UseRoleMembers is { Count: > 0 } ? p.ArgumentTypeName : null;
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return Literal(value.GetString()!);
            case JsonValueKind.Array when value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String):
                var names = value.EnumerateArray().Select(v => Literal(v.GetString()!)).ToList();
                return names.Count switch
                {
                    0 => "new string[0]",
                    1 => $"new[] {{ {names[0]} }}", // Use("a") would write "a", not ["a"]
                    _ => string.Join(", ", names),
                };
            case JsonValueKind.Array:
                // Roles beyond the robot's own (passed to the model in the prompt) are written as untyped StepInputs.
                var untyped = inputType is null || HasOtherRole(p, value);
                var inputs = value.EnumerateArray().Select((v, i) => Input(untyped ? null : inputType, p, v, $"{path}/{i}")).ToList();
                return inputs.All(i => i is not null) && inputs.Count > 0 ? (untyped && inputType is not null ? UseCall(s_grammar.UseInputsMethod, inputs) : string.Join(", ", inputs)) : null;
            case JsonValueKind.Object:
                return Bundle(inputType, p, value, path);
            default:
                return null;
        }
    }

    /// <summary>Whether an array of inputs gives one an <c>as</c> role the robot does not take explicitly.</summary>
    private static bool HasOtherRole(ParameterSpec p, JsonElement inputs) =>
        inputs.EnumerateArray().Any(v => v.ValueKind == JsonValueKind.Object
            && Members(v).LastOrDefault(m => m.Name == UseGrammar.As).Value is { ValueKind: JsonValueKind.String } role
            && !p.UseRoles.Contains(role.GetString()!));

    /// <summary>One input: <c>ImageGenerateInput.Mask("step")</c>, or, with no typed input (<paramref name="inputType"/> null), <c>new StepInput("step", "role")</c>.</summary>
    private string? Input(string? inputType, ParameterSpec p, JsonElement input, string path)
    {
        if (input.ValueKind != JsonValueKind.Object)
        {
            Inexpressible.Add((path, "an input of use is an object {name, as, fields}"));
            return null;
        }

        string? name = null, role = null, fields = null;
        foreach (var (key, value) in Members(input))
        {
            if (value.ValueKind != JsonValueKind.String || key is not (UseGrammar.Name or UseGrammar.As or UseGrammar.Fields))
            {
                Inexpressible.Add((path + "/" + Escape(key), $"an input of use has the string members name, as and fields; '{key}' cannot be written"));
                return null;
            }

            switch (key)
            {
                case UseGrammar.Name: name = value.GetString(); break;
                case UseGrammar.As: role = value.GetString(); break;
                default: fields = value.GetString(); break;
            }
        }

        if (name is null)
        {
            Inexpressible.Add((path, "an input of use needs a name"));
            return null;
        }

        if (inputType is null)
        {
            return $"new {s_grammar.InputType}({Literal(name)}{(role is null ? string.Empty : ", " + Literal(role))}{(fields is null ? string.Empty : $", {s_grammar.InputParameters[2]}: " + Literal(fields))})";
        }

        return role is not null
            ? $"{inputType}.{p.MemberOfValue(role)}({Literal(name)}{(fields is null ? string.Empty : ", " + Literal(fields))})"
            : $"new {inputType}({Literal(name)}{(fields is null ? string.Empty : $", {s_grammar.InputParameters[2]}: " + Literal(fields))})";
    }

    /// <summary><c>{steps, bundle_steps?, group_by_original?, fields?}</c> as <c>StepUse.Bundle(...)</c>.</summary>
    private string? Bundle(string? inputType, ParameterSpec p, JsonElement bundle, string path)
    {
        string? steps = null;
        var arguments = new List<string>();
        var bundleSteps = $"{s_grammar.UseBundleParameters[1]}: null"; // Bundle's default is true; absent in the JSON means absent
        foreach (var (key, value) in Members(bundle))
        {
            var memberPath = path + "/" + Escape(key);
            switch (key, value.ValueKind)
            {
                case (UseGrammar.Steps, JsonValueKind.String):
                    steps = UseCall(s_grammar.UseStepMethod, [Literal(value.GetString()!)]);
                    break;
                case (UseGrammar.Steps, JsonValueKind.Array) when value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String):
                    steps = UseCall(s_grammar.UseStepsMethod, value.EnumerateArray().Select(v => Literal(v.GetString()!)));
                    break;
                case (UseGrammar.Steps, JsonValueKind.Array) when value.GetArrayLength() > 0:
                    var untyped = inputType is null || HasOtherRole(p, value);
                    var inputs = value.EnumerateArray().Select((v, i) => Input(untyped ? null : inputType, p, v, $"{memberPath}/{i}")).ToList();
                    if (inputs.Any(i => i is null))
                    {
                        return null;
                    }

                    steps = untyped ? UseCall(s_grammar.UseInputsMethod, inputs) : $"{inputType}.{s_grammar.InputsToUseMethod}({string.Join(", ", inputs)})";
                    break;
                case (UseGrammar.BundleSteps, JsonValueKind.True):
                    bundleSteps = string.Empty;
                    break;
                case (UseGrammar.BundleSteps, JsonValueKind.False):
                    bundleSteps = $"{s_grammar.UseBundleParameters[1]}: false";
                    break;
                case (UseGrammar.GroupByOriginal, JsonValueKind.True or JsonValueKind.False):
                    arguments.Add($"{s_grammar.UseBundleParameters[2]}: " + (value.GetBoolean() ? "true" : "false"));
                    break;
                case (UseGrammar.Fields, JsonValueKind.Array) when value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String):
                    arguments.Add($"{s_grammar.UseBundleParameters[3]}: " + (value.GetArrayLength() == 0 ? "new string[0]" : $"new[] {{ {string.Join(", ", value.EnumerateArray().Select(v => Literal(v.GetString()!)))} }}"));
                    break;
                default:
                    Inexpressible.Add((memberPath, $"'{key}' cannot be written in a use object; it takes steps (a name, names or inputs), bundle_steps and group_by_original (booleans) and fields (names)"));
                    return null;
            }
        }

        if (steps is null)
        {
            Inexpressible.Add((path, "a use object needs steps"));
            return null;
        }

        if (bundleSteps.Length > 0)
        {
            arguments.Insert(0, bundleSteps);
        }

        return UseCall(s_grammar.UseBundleMethod, arguments.Prepend(steps));
    }

    /// <summary>
    /// A scalar as the JsonNode overload of a parameter checked by its schema fragment (<c>/image/upscale</c>'s <c>scale</c>:
    /// 2, 4 or a variable), which has no typed overload for it: <c>Scale(2)</c> binds to <c>Scale(JsonNode)</c>.
    /// A string there is cast (<c>(JsonNode)"a"</c>) where the parameter also takes an array of strings: a string literal binds
    /// to <c>(params string[])</c> before the JsonNode overload, and would write <c>["a"]</c>.
    /// </summary>
    private string? AsJson(ParameterSpec p, JsonElement value) =>
        !p.Takes(BuilderArguments.Json) ? null
        : value.ValueKind == JsonValueKind.String && p.Takes(BuilderArguments.Strings) ? "(JsonNode)" + JsonNode(value)
        : JsonNode(value);

    /// <summary>
    /// JSON null as the argument of the overload that writes it (the generator's rule, read from the tables): the
    /// string overload (<c>Url(null)</c>), the nullable enum (<c>Acl(null)</c>), or the JsonNode overload; typed where another
    /// overload takes null too, so that the call binds to the one that writes it.
    /// </summary>
    private string? Null(ParameterSpec p)
    {
        var alone = BitCount(p.Arguments & BuilderArgumentSets.TakeNull) <= 1;
        return !p.Accepts(ValueForms.Null) ? (p.Takes(BuilderArguments.Json) ? NullNode() : null)
            : p.Takes(BuilderArguments.String) ? (alone ? "null" : "(string?)null")
            : p.Takes(BuilderArguments.NullableEnum) ? "null"
            : p.Takes(BuilderArguments.Json) ? NullNode()
            : null;
    }

    private static int BitCount(BuilderArguments flags) => System.Numerics.BitOperations.PopCount((uint)flags);

    /// <summary>JSON null as the JsonNode overload's argument, typed so that no other overload takes it.</summary>
    private string NullNode()
    {
        _usings.Add("System.Text.Json.Nodes");
        return "(JsonNode?)null";
    }

    /// <summary>Any JSON as <c>new JsonObject { ["key"] = ... }</c> / <c>new JsonArray { ... }</c>.</summary>
    private string? JsonNode(JsonElement value)
    {
        _usings.Add("System.Text.Json.Nodes");
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                var members = Members(value).Select(m => (m.Name, Code: JsonNode(m.Value))).ToList();
                return members.Any(m => m.Code is null) ? null
                    : members.Count == 0 ? "new JsonObject()"
                    : $"new JsonObject {{ {string.Join(", ", members.Select(m => $"[{Literal(m.Name)}] = {m.Code}"))} }}";
            case JsonValueKind.Array:
                var items = value.EnumerateArray().Select(JsonNode).ToList();
                return items.Any(i => i is null) ? null
                    : items.Count == 0 ? "new JsonArray()"
                    : $"new JsonArray {{ {string.Join(", ", items)} }}";
            case JsonValueKind.String:
                return Literal(value.GetString()!);
            case JsonValueKind.Number:
                return Number(value, BuilderArguments.Int64) ?? Number(value, BuilderArguments.Double);
            case JsonValueKind.True:
                return "true";
            case JsonValueKind.False:
                return "false";
            default:
                return "null";
        }
    }

    /// <summary>A C# literal of a JSON number as the argument <paramref name="type"/> (int, long or double), or null when it does not fit.</summary>
    private static string? Number(JsonElement value, BuilderArguments type)
    {
        if (type == BuilderArguments.Double)
        {
            return value.TryGetDouble(out var real) && double.IsFinite(real) ? DoubleLiteral(real) : null;
        }

        long integer;
        if (!value.TryGetInt64(out integer))
        {
            if (!value.TryGetDouble(out var real) || Math.Floor(real) != real || Math.Abs(real) > 9007199254740992d)
            {
                return null;
            }

            integer = (long)real;
        }

        return type == BuilderArguments.Int32 && integer is < int.MinValue or > int.MaxValue ? null : integer.ToString(CultureInfo.InvariantCulture);
    }

    private static string DoubleLiteral(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.', StringComparison.Ordinal) || text.Contains('E', StringComparison.Ordinal) ? text : text + ".0";
    }

    /// <summary>A call of a factory of the use type: <c>StepUse.Of(a, b)</c>.</summary>
    private static string UseCall(string method, IEnumerable<string?> arguments) => $"{s_grammar.UseType}.{method}({string.Join(", ", arguments)})";

    private static string EnumMember(ParameterSpec p, string jsonValue) => p.ArgumentTypeName + "." + p.MemberOfValue(jsonValue);

    private static string Literal(string value) => SymbolDisplay.FormatLiteral(value, quote: true);

    /// <summary>The members of an object, a repeated key once: its last value, where it last stands (as JSON parsers keep it).</summary>
    private static IEnumerable<(string Name, JsonElement Value)> Members(JsonElement value)
    {
        var members = value.EnumerateObject().Select(m => (m.Name, m.Value)).ToList();
        var last = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < members.Count; i++)
        {
            last[members[i].Name] = i;
        }

        return members.Where((m, i) => last[m.Name] == i);
    }

    private static string Escape(string segment) => segment.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{value.GetString()}\"",
        JsonValueKind.Number => "the number " + value.GetRawText(),
        JsonValueKind.True or JsonValueKind.False => "the boolean " + value.GetRawText(),
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "an array",
        _ => "an object",
    };

    [GeneratedRegex(@"^\$\{fields\.([A-Za-z_][A-Za-z0-9_]*)\}\z")] // \z: a final line break is part of the text
    private static partial Regex FieldVariable();
}
