using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using ImageSdk.Tables;

namespace ImageSdk.Validation.Engine;

/// <summary>The findings and their one-line messages, built only when a rule fires; the lists they name are joined once per table.</summary>
internal sealed partial class AssemblyChecker
{
    // ---- reports of the rules above, kept out of line: their messages are built only when a rule fires, so the checks
    // that pass (almost all of them) do not carry the message building's stack frame --------------------------------

    [MethodImpl(MethodImplOptions.NoInlining)]
    private ValueState WrongType(ParameterSpec p, int index, RobotSpec? robot)
    {
        ReportFound(ValidationRules.WrongType, index, $"{p.Name} must be {s_allowed.GetValue(p, Allowed)}", robot);
        return ValueState.Invalid;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private ValueState TooShort(ParameterSpec p, int index, int minLength, RobotSpec? robot)
    {
        var what = minLength == 1 ? "must not be empty" : $"must have at least {minLength} characters";
        Report(ValidationRules.TooShort, index, $"{p.Name} {what}: {FirstSentence(p.Description)}", robot);
        return ValueState.Invalid;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private ValueState Malformed(ParameterSpec p, int index, string text, string advice, RobotSpec? robot)
    {
        Report(ValidationRules.Malformed, index, $"{p.Name} '{Clip(text)}' is malformed: {advice}", robot);
        return ValueState.Invalid;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private ValueState NotAllowed(ParameterSpec p, int index, string text, RobotSpec? robot, string what = "", IReadOnlyList<string>? allowed = null, string rest = "")
    {
        // allowed: the strings a schema fragment lists (SchemaFragment.Failure.Listed); else the parameter's enum column.
        var values = allowed ?? p.EnumValues;
        var suggestion = DidYouMean.Suggest(text, values);
        Report(ValidationRules.NotAllowed, index, $"{p.Name}{what} '{Clip(text)}' is not allowed{DidYouMean.Hint(suggestion)}; allowed: {(allowed is null ? Joined(p.EnumValues) : string.Join(", ", allowed))}{rest}", robot,
            fix: Replace(suggestion));
        return ValueState.Invalid;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private ValueState OutOfRange(ParameterSpec p, int index, double value, RobotSpec? robot)
    {
        var clamped = Math.Max(p.Minimum ?? double.MinValue, Math.Min(p.Maximum ?? double.MaxValue, value));
        Report(ValidationRules.OutOfRange, index, $"{p.Name} is {Format(value)}; allowed: {Range(p)}", robot, fix: new Dictionary<string, string> { [FixProperty.Clamp] = Format(clamped) });
        return ValueState.Invalid;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private ValueState NotAnInteger(ParameterSpec p, int index, string text, RobotSpec? robot)
    {
        var rounded = Math.Round(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture), MidpointRounding.AwayFromZero);
        var clamped = Math.Max(p.Minimum ?? double.MinValue, Math.Min(p.Maximum ?? double.MaxValue, rounded));
        Report(ValidationRules.NotAnInteger, index, $"{p.Name} is {Clip(text)}; it must be a whole number, written without a decimal point; allowed: {s_allowed.GetValue(p, Allowed)}", robot,
            fix: new Dictionary<string, string> { [FixProperty.Clamp] = Format(clamped) });
        return ValueState.Invalid;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportNumberStringUnchecked(ParameterSpec p, int index, string text, bool fraction, RobotSpec? robot)
    {
        var what = fraction ? "not an integer" : "outside " + Range(p);
        var value = Math.Round(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture), MidpointRounding.AwayFromZero);
        var clamped = Math.Max(p.Minimum ?? double.MinValue, Math.Min(p.Maximum ?? double.MaxValue, value));
        Report(ValidationRules.NumberStringUnchecked, index, $"{p.Name} \"{Clip(text)}\" is {what}; Transloadit accepts a number in a string unchecked, and the step fails when it runs; allowed: {Range(p)}", robot,
            fix: new Dictionary<string, string> { [FixProperty.Clamp] = Format(clamped) });
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportUnknownValue(ParameterSpec p, int index, string name, RobotSpec? robot, bool atName = false) =>
        Report(ValidationRules.UnknownValue, index, $"{p.Name} '{Clip(name)}' is not one of {robot?.Name ?? "this"}'s names{DidYouMean.Hint(name, p.EnumValues.Count > 0 ? p.EnumValues : p.MapKeys)}; it is passed on and has no effect here; names: {Joined(p.EnumValues.Count > 0 ? p.EnumValues : p.MapKeys)}", robot, atName: atName);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private ValueState PartialVariable(ParameterSpec p, int index, string text, RobotSpec? robot)
    {
        Report(ValidationRules.WrongType, index, $"{p.Name} '{Clip(text)}' holds a ${{...}} inside other text; {p.Name} is not a string, so it takes a variable only as its whole value, e.g. \"${{fields.{p.Name}}}\"; allowed: {s_allowed.GetValue(p, Allowed)}", robot);
        return ValueState.Invalid;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportBooleanString(ParameterSpec p, int index, string text, RobotSpec? robot) =>
        Report(ValidationRules.BooleanString, index, $"{p.Name} is the string \"{text}\"; write the JSON boolean {text}", robot);

    /// <summary>"<paramref name="expected"/>; found <i>the value</i>".</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportFound(ValidationRule rule, int node, string expected, RobotSpec? robot = null) =>
        Report(rule, node, $"{expected}; found {Describe(node)}", robot);

    /// <summary>"<paramref name="what"/> '<paramref name="name"/>' (did you mean ...?); <paramref name="listName"/>: <i>the names</i>", at the name.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportUnknownName(ValidationRule rule, int node, string what, string name, IReadOnlyList<string> names, string listName, RobotSpec? robot)
    {
        var suggestion = DidYouMean.Suggest(name, names);
        Report(rule, node, $"{what} '{name}'{DidYouMean.Hint(suggestion)}; {listName}: {Joined(names)}", robot, atName: true,
            fix: rule == ValidationRules.UnknownParameter ? Replace(suggestion) : null);
    }

    /// <summary>The fix that writes a did-you-mean in place of the value or name it was found at; null without one.</summary>
    private static Dictionary<string, string>? Replace(string? suggestion) =>
        suggestion is null ? null : new Dictionary<string, string> { [FixProperty.Replace] = suggestion };

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportMissing(int node, string what, string description, RobotSpec? robot) =>
        Report(ValidationRules.MissingParameter, node, $"{what}: {description}", robot);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportUnknownRole(RobotSpec robot, ParameterSpec use, int member)
    {
        var role = _doc[member].Text!;
        Report(ValidationRules.UnknownRole, member, $"'{Clip(role)}' is not an input role {robot.Name} takes explicitly{DidYouMean.Hint(role, use.UseRoles)}; it is passed to the model in the prompt, as Transloadit does; roles: {Joined(use.UseRoles)}", robot);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportMissingRobot(int step, string name) =>
        Report(ValidationRules.MissingRobot, step, $"step '{name}' has no \"robot\"; robots: {Joined(RobotPlan.RobotNames)}");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportUnknownRobot(int robotNode)
    {
        ref readonly var robotValue = ref _doc[robotNode];
        var suggestion = robotValue.Kind == InstructionKind.String ? DidYouMean.Suggest(robotValue.Text!, RobotPlan.RobotNames) : null;
        var what = robotValue.Kind == InstructionKind.String ? $"unknown robot '{robotValue.Text}'" : $"\"robot\" must be a string; found {Describe(robotNode)}";
        Report(ValidationRules.UnknownRobot, robotNode, $"{what}{DidYouMean.Hint(suggestion)}; robots: {Joined(RobotPlan.RobotNames)}", fix: Replace(suggestion));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportWrongStepName(int step, string name, string required, RobotSpec robot) =>
        Report(ValidationRules.WrongStepName, step, $"a {robot.Name} step must be named '{required}', not '{name}'", robot, atName: true);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportReservedStepName(int step, string reserved, RobotSpec owner, RobotSpec robot) =>
        Report(ValidationRules.ReservedStepName, step, $"the step name '{reserved}' is reserved for {owner.Name}: steps that use '{reserved}' get this {robot.Name} step's files instead of the uploads; rename it", robot, atName: true);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportUnsafeStepName(int step, string name) =>
        Report(ValidationRules.UnsafeStepName, step, $"the step name '{Clip(name)}' is not a safe file name (path separators, a leading '.', control characters and <>:\"|?* are not); its files are written under '{Clip(SafeFileName.From(name))}'", atName: true);

    // ---- reporting and text -------------------------------------------------------------------------------------

    private void Report(ValidationRule rule, int node, string message, RobotSpec? robot = null, bool atName = false, ValidationSeverity? severity = null, IReadOnlyDictionary<string, string>? fix = null)
    {
        var effective = severity ?? rule.DefaultSeverity;
        if (_options.WarningsAsErrors)
        {
            effective = ValidationSeverity.Error;
        }

        var code = rule.TransloaditCode;
        if (robot is not null && code == ValidationRules.UnknownParameter.TransloaditCode)
        {
            code = s_robotCodes.GetValue(robot, static robot => robot.Name.Trim('/').Replace('/', '_').Replace('-', '_').ToUpperInvariant() + "_VALIDATION");
        }

        _sink.Add(new RawFinding(rule, effective, node, atName, message, code, Fix: fix));
    }

    private string Describe(int index)
    {
        ref readonly var node = ref _doc[index];
        return node.Kind switch
        {
            InstructionKind.Null => "null",
            InstructionKind.String => $"the string \"{Clip(node.Text!)}\"",
            InstructionKind.Number => $"the number {Format(node.Number)}",
            InstructionKind.Boolean => node.Boolean ? "true" : "false",
            InstructionKind.Array => "an array",
            InstructionKind.Object => "an object",
            _ => "a value",
        };
    }

    /// <summary>
    /// A step as an example, e.g. <c>{"generated": {"robot": "/image/generate", "prompt": "..."}}</c>: the first robot
    /// whose steps may have any name, with its required parameters.
    /// </summary>
    private static string ExampleStep()
    {
        var robot = SchemaTables.Robots.FirstOrDefault(r => r.RequiredStepName is null && r.Parameters.Any(p => p.Required))
            ?? SchemaTables.Robots.FirstOrDefault();
        if (robot is null)
        {
            return "{\"name\": {\"robot\": \"...\"}}";
        }

        var parameters = robot.Parameters.Where(p => p.Required).Select(p => $", \"{p.Name}\": \"...\"");
        return $"{{\"{robot.RequiredStepName ?? "generated"}\": {{\"robot\": \"{robot.Name}\"{string.Concat(parameters)}}}}}";
    }

    /// <summary>What a parameter accepts, in words, from its forms (also the transpiler's words for a value it cannot write).</summary>
    internal static string Allowed(ParameterSpec p)
    {
        var parts = new List<string>();
        if (p.Accepts(ValueForms.Integer))
        {
            parts.Add(p.Minimum is null && p.Maximum is null ? "an integer" : $"an integer {Range(p)}");
        }
        else if (p.Accepts(ValueForms.Number))
        {
            parts.Add(p.Minimum is null && p.Maximum is null ? "a number" : $"a number {Range(p)}");
        }

        if (p.Accepts(ValueForms.IntegerString))
        {
            parts.Add("a string holding one");
        }

        if (p.Accepts(ValueForms.String))
        {
            parts.Add("a string");
        }

        if (p.Accepts(ValueForms.Enum))
        {
            parts.Add("one of " + Joined(p.EnumValues));
        }

        if (p.Accepts(ValueForms.Boolean))
        {
            parts.Add(p.Accepts(ValueForms.BooleanString) ? "true or false (or \"true\"/\"false\")" : "true or false");
        }

        if (p.Accepts(ValueForms.EnumArray))
        {
            parts.Add("an array of " + Joined(p.EnumValues) + (p.Accepts(ValueForms.OpenEnum) ? " (other names are passed on)" : string.Empty));
        }

        if (p.Accepts(ValueForms.BooleanMap))
        {
            parts.Add("an object of name to boolean");
        }

        if (p.Accepts(ValueForms.Scalar))
        {
            parts.Add("an object of any JSON values");
        }

        if (p.Accepts(ValueForms.Object))
        {
            parts.Add("an object");
        }

        if (p.Accepts(ValueForms.Null))
        {
            parts.Add("null");
        }

        if (p.Accepts(ValueForms.Interpolation))
        {
            parts.Add(p.Accepts(ValueForms.String) ? "a ${...} variable" : "a whole ${...} variable");
        }

        return List(parts, "or");
    }

    private static string Range(ParameterSpec p) => (p.Minimum, p.Maximum) switch
    {
        ({ } min, { } max) => $"{Format(min)}..{Format(max)}",
        ({ } min, null) => $">= {Format(min)}",
        (null, { } max) => $"<= {Format(max)}",
        _ => "any number",
    };

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string List(IEnumerable<string> values, string? last = null)
    {
        var items = values as IList<string> ?? values.ToList();
        if (last is null || items.Count < 2)
        {
            return string.Join(", ", items);
        }

        return string.Join(", ", items.Take(items.Count - 1)) + " " + last + " " + items[items.Count - 1];
    }

    /// <summary>A list from the schema tables, joined on first use and kept (<see cref="List"/> joins lists built per document).</summary>
    private static string Joined(IReadOnlyList<string> tableList) => s_joined.GetValue(tableList, static list => string.Join(", ", list));

    private static ParameterSpec? Find(ParameterSpec[] parameters, string name)
    {
        for (var i = 0; i < parameters.Length; i++)
        {
            if (string.Equals(parameters[i].Name, name, StringComparison.Ordinal))
            {
                return parameters[i];
            }
        }

        return null;
    }

    private static bool Contains(IReadOnlyList<string> values, string value)
    {
        if (values is string[] array)
        {
            // The tables' lists are arrays: no interface call per item.
            return TableNames.IndexOf(array, value) >= 0;
        }

        for (var i = 0; i < values.Count; i++)
        {
            if (string.Equals(values[i], value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static int CodePoints(string text)
    {
        var count = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (!char.IsLowSurrogate(text[i]))
            {
                count++;
            }
        }

        return count;
    }

#if IMAGESDK_ANALYZER
    // In the analyzer (a compiler process, one per build without the compiler server) a compiled regex costs Reflection.Emit
    // and a JIT per pattern for a few matches per build: interpreted there. The matches are the same either way.
    private const RegexOptions PatternOptions = RegexOptions.CultureInvariant;
#else
    private const RegexOptions PatternOptions = RegexOptions.CultureInvariant | RegexOptions.Compiled;
#endif

    private static bool Matches(string pattern, string text)
    {
        // The schema has a handful of patterns: a copy-on-write array read without a lock, by reference first.
        var patterns = s_patterns;
        Regex? regex = null;
        for (var i = 0; i < patterns.Length && regex is null; i++)
        {
            if (ReferenceEquals(patterns[i].Pattern, pattern) || string.Equals(patterns[i].Pattern, pattern, StringComparison.Ordinal))
            {
                regex = patterns[i].Regex;
            }
        }

        if (regex is null)
        {
            regex = new Regex(SchemaFragment.Translate(pattern), PatternOptions, TimeSpan.FromSeconds(1)); // ECMAScript meaning: the patterns are Transloadit's
            lock (s_patternsLock)
            {
                s_patterns = s_patterns.Concat(new[] { (pattern, regex) }).ToArray();
            }
        }

        return SchemaFragment.IsMatch(regex, text);
    }

    private static string FirstSentence(string description)
    {
        var end = description.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? description.TrimEnd('.') : description.Substring(0, end);
    }

    /// <summary>Keeps a value short enough for a one-line message.</summary>
    private static string Clip(string text)
    {
        var clean = text.Replace("\r", "\\r").Replace("\n", "\\n");
        return clean.Length <= 60 ? clean : clean.Substring(0, 57) + "...";
    }

    /// <summary>The catalog models that match a condition (all, those with styles, those that deliver a format or take an input role), for messages.</summary>
    private sealed class ModelList
    {
        public ModelList(Func<ModelSpec, bool> match)
        {
            Ids = SchemaTables.Models.Where(match).Select(m => m.Id).ToArray();
            Joined = string.Join(", ", Ids);
        }

        public string[] Ids { get; }

        public string Joined { get; }
    }
}
