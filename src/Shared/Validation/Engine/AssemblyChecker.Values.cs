using System;
using System.Collections.Generic;
using System.Globalization;
using ImageSdk.Tables;

namespace ImageSdk.Validation.Engine;

/// <summary>The rules on parameter values: types, ranges, lengths, patterns, enums, maps.</summary>
internal sealed partial class AssemblyChecker
{
    // ---- parameter values ---------------------------------------------------------------------------------------

    /// <summary>Where <paramref name="at"/> lies inside the value at <paramref name="index"/>: <c>[1][1]</c>, <c>.x1</c>, or nothing when it is that value.</summary>
    private string Within(int index, int at)
    {
        var path = string.Empty;
        for (var node = at; node != index && node != InstructionDocument.None; node = _doc[node].Parent)
        {
            var parent = _doc[node].Parent;
            if (parent != InstructionDocument.None && _doc[parent].Kind == InstructionKind.Array)
            {
                var i = 0;
                for (var item = _doc[parent].FirstChild; item != node; item = _doc[item].NextSibling)
                {
                    i++;
                }

                path = "[" + i.ToString(CultureInfo.InvariantCulture) + "]" + path;
            }
            else
            {
                path = "." + _doc[node].Name + path;
            }
        }

        return path;
    }

    private ValueState CheckValue(ParameterSpec p, int index, RobotSpec? robot)
    {
        ref readonly var node = ref _doc[index];
        if (node.Kind != InstructionKind.Unknown && p.Schema is { } schema)
        {
            // A form the typed columns do not hold (an imported robot's union, array, object or record): its schema judges it.
            if (SchemaFragment.CheckAll(schema, _doc, index, out var more) is not { } failures)
            {
                if (node.Kind == InstructionKind.String && SchemaFragment.NumberStringOutside(schema, node.Text!) is { } outside)
                {
                    // A number in a string, which Transloadit takes unchecked, outside what the numbers take: as a typed number string's IMG1309
                    Report(ValidationRules.NumberStringUnchecked, index, $"{p.Name} \"{Clip(node.Text!)}\" {outside.Why}; Transloadit accepts a number in a string unchecked, and the step fails when it runs", robot,
                        fix: outside.Nearest is { } nearest ? new Dictionary<string, string> { [FixProperty.Clamp] = Format(nearest) } : null);
                }

                return ValueState.Valid;
            }

            // Each place at the deepest value at fault, named from the parameter down: accepts[1][1], crop.x1, url[2].
            for (var f = 0; f < failures.Count; f++)
            {
                var (at, why, listed) = failures[f];
                var rest = more && f == failures.Count - 1 ? $"; {p.Name} has more places that are not taken, and only the first {SchemaFragment.MaxFailures} are reported" : string.Empty;
                if (listed is not null)
                {
                    NotAllowed(p, at, _doc[at].Text!, robot, Within(index, at), listed, rest); // as a typed enum's
                }
                else if (why.StartsWith(SchemaFragment.NotDigitsAlone, StringComparison.Ordinal))
                {
                    Report(ValidationRules.NotAnInteger, at, $"{p.Name}{Within(index, at)} \"{Clip(_doc[at].Text!)}\" {why}{rest}", robot); // as width's own IMG1308
                }
                else if (_doc[at].Kind == InstructionKind.Number && (SchemaFragment.IsRange(why) || why == SchemaFragment.NotWhole))
                {
                    // A number of the right type outside its range, or with a fraction where the numbers are integers: as a typed number's
                    var rule = why == SchemaFragment.NotWhole ? ValidationRules.NotAnInteger : ValidationRules.OutOfRange;
                    Report(rule, at, $"{p.Name}{Within(index, at)} is {Format(_doc[at].Number)}; it {why}{rest}", robot);
                }
                else
                {
                    Report(ValidationRules.WrongType, at, $"{p.Name}{Within(index, at)} {why}; found {Describe(at)}{rest}", robot);
                }
            }

            return ValueState.Invalid;
        }

        switch (node.Kind)
        {
            case InstructionKind.Unknown:
                return ValueState.Skipped;

            case InstructionKind.String:
                return CheckString(p, index, node.Text!, robot);

            case InstructionKind.Number:
                if ((p.Accepts(ValueForms.Integer) && node.IsInteger) || p.Accepts(ValueForms.Number))
                {
                    return CheckRange(p, index, node.Number, robot);
                }

                if (p.Accepts(ValueForms.Integer))
                {
                    return NotAnInteger(p, index, Format(node.Number), robot);
                }

                break;

            case InstructionKind.Null:
                if (p.Accepts(ValueForms.Null))
                {
                    return ValueState.Valid;
                }

                break;

            case InstructionKind.Boolean:
                if (p.Accepts(ValueForms.Boolean))
                {
                    return ValueState.Valid;
                }

                break;

            case InstructionKind.Array:
                if (p.Accepts(ValueForms.EnumArray))
                {
                    return CheckEnumArray(p, index, robot);
                }

                break;

            case InstructionKind.Object:
                if (p.Accepts(ValueForms.BooleanMap))
                {
                    return CheckSwitches(p, index, robot);
                }

                if (p.Accepts(ValueForms.Scalar))
                {
                    return ValueState.Valid; // fields: any JSON values, as Transloadit takes them
                }

                if (p.Accepts(ValueForms.Object))
                {
                    return CheckObject(p, index, robot);
                }

                break;
        }

        return WrongType(p, index, robot);
    }

    private ValueState CheckString(ParameterSpec p, int index, string text, RobotSpec? robot)
    {
        // A string parameter takes ${...} anywhere; any other takes a variable only as its whole value (Transloadit's rule).
        if ((p.Accepts(ValueForms.String) && _doc.IsVariable(index)) || (p.Accepts(ValueForms.Interpolation) && _doc.IsWholeVariable(index)))
        {
            return ValueState.Skipped;
        }

        if (p.Accepts(ValueForms.String))
        {
            if (p.MinLength is { } minLength && text.Length < 2 * minLength && CodePoints(text) < minLength)
            {
                return TooShort(p, index, minLength, robot);
            }

            if (p.Pattern is { } pattern && !Matches(pattern, text))
            {
                return Malformed(p, index, text, FirstSentence(p.Description), robot);
            }

            return ValueState.Valid;
        }

        if (p.Accepts(ValueForms.Enum) && Contains(p.EnumValues, text))
        {
            return ValueState.Valid;
        }

        if (p.Accepts(ValueForms.BooleanString) && (text == "true" || text == "false"))
        {
            ReportBooleanString(p, index, text, robot);
            return ValueState.Valid;
        }

        if (p.Accepts(ValueForms.IntegerString) && IsNumberString(text))
        {
            return CheckNumberString(p, index, text, robot);
        }

        if (p.Accepts(ValueForms.IntegerString) && p.Pattern is { } digits && !string.Equals(digits, NumberStringPattern, StringComparison.Ordinal) && SchemaFragment.ParseIntLead(text) is { } read
            && !(p.Minimum is { } low && read < low) && !(p.Maximum is { } high && read > high))
        {
            // /image/resize and /file/preview read width and height strings with parseInt (" 200", "+200", "200pt", "1e3"):
            // the narrower digit form is a documented stricter rule (IMG1308), as a fraction there is.
            Report(ValidationRules.NotAnInteger, index, $"{p.Name} \"{Clip(text)}\" is not a whole number written in digits alone (no sign, space or other text); allowed: {s_allowed.GetValue(p, Allowed)}", robot);
            return ValueState.Invalid;
        }

        if (p.Accepts(ValueForms.Interpolation) && _doc.IsVariable(index))
        {
            return PartialVariable(p, index, text, robot);
        }

        if (p.Accepts(ValueForms.Enum))
        {
            return NotAllowed(p, index, text, robot);
        }

        return WrongType(p, index, robot);
    }

    /// <summary>
    /// Whether <paramref name="text"/> is a number as Transloadit takes one in a string: <c>^\d+(\.\d+)?$</c> (its
    /// <c>interpolateRecursive</c> for a zod number, in <c>@transloadit/node</c>'s robot definitions).
    /// </summary>
    private static bool IsNumberString(string text)
    {
        var dot = -1;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '.' && dot < 0 && i > 0)
            {
                dot = i;
            }
            else if (text[i] is < '0' or > '9')
            {
                return false;
            }
        }

        return text.Length > 0 && dot != text.Length - 1;
    }

    /// <summary>Transloadit's string form of a number (<c>interpolateRecursive</c>); a narrower pattern is a documented stricter form.</summary>
    private const string NumberStringPattern = @"^\d+(\.\d+)?$";

    /// <summary>
    /// A number in its string form, which Transloadit takes unchecked. Where the parameter's own string form is narrower (a
    /// documented stricter rule: seed, width, height), the narrower form decides; otherwise a value out of range or not an
    /// integer is a warning here and fails the step when it runs.
    /// </summary>
    private ValueState CheckNumberString(ParameterSpec p, int index, string text, RobotSpec? robot)
    {
        var value = double.Parse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        var wantsInteger = p.Accepts(ValueForms.Integer) && !p.Accepts(ValueForms.Number);
        var integral = Math.Floor(value) == value; // "42.0" is the whole number 42, as 42.0 is
        var inRange = !(p.Minimum is { } min && value < min) && !(p.Maximum is { } max && value > max);
        if (p.Pattern is { } pattern && !Matches(pattern, text))
        {
            if (wantsInteger && !integral)
            {
                return NotAnInteger(p, index, text, robot);
            }

            return inRange ? Malformed(p, index, text, "write " + s_allowed.GetValue(p, Allowed), robot) : OutOfRange(p, index, value, robot);
        }

        if ((wantsInteger && !integral) || !inRange)
        {
            ReportNumberStringUnchecked(p, index, text, wantsInteger && !integral, robot);
        }

        return ValueState.Valid;
    }

    private ValueState CheckRange(ParameterSpec p, int index, double value, RobotSpec? robot)
    {
        if ((p.Minimum is { } min && value < min) || (p.Maximum is { } max && value > max))
        {
            return OutOfRange(p, index, value, robot);
        }

        return ValueState.Valid;
    }

    private ValueState CheckEnumArray(ParameterSpec p, int index, RobotSpec? robot)
    {
        var state = ValueState.Valid;
        for (var item = _doc[index].FirstChild; item != InstructionDocument.None; item = _doc[item].NextSibling)
        {
            ref readonly var value = ref _doc[item];
            if (value.Kind == InstructionKind.Unknown)
            {
                continue;
            }

            if (value.Kind != InstructionKind.String)
            {
                ReportFound(ValidationRules.WrongType, item, p.Name + " items must be names from: " + Joined(p.EnumValues), robot);
                state = ValueState.Invalid;
            }
            else if (!Contains(p.EnumValues, value.Text!))
            {
                if (p.Accepts(ValueForms.OpenEnum))
                {
                    ReportUnknownValue(p, item, value.Text!, robot);
                    continue;
                }

                NotAllowed(p, item, value.Text!, robot, what: " item");
                state = ValueState.Invalid;
            }
        }

        return state;
    }

    /// <summary>An object value: its documented members are checked like parameters; others are allowed.</summary>
    private ValueState CheckObject(ParameterSpec p, int index, RobotSpec? robot)
    {
        var state = ValueState.Valid;
        var members = p.ObjectMembers;
        for (var m = 0; m < members.Count; m++)
        {
            var member = _doc.Member(index, members[m].Name);
            if (member == InstructionDocument.None)
            {
                if (members[m].Required)
                {
                    Report(ValidationRules.MissingParameter, index, $"{p.Name} needs '{members[m].Name}'" + (members[m].Description.Length > 0 ? ": " + members[m].Description : string.Empty), robot);
                    state = ValueState.Invalid;
                }
            }
            else if (CheckValue(members[m], member, robot) == ValueState.Invalid)
            {
                state = ValueState.Invalid;
            }
        }

        return state;
    }

    /// <summary>
    /// An object of name to switch (<c>output_meta</c>, <c>interpolate</c>): each value a boolean, the string "true" or
    /// "false", or, where the parameter takes variables, one whole <c>${...}</c>. Names outside a documented list are warned about.
    /// </summary>
    private ValueState CheckSwitches(ParameterSpec p, int index, RobotSpec? robot)
    {
        var state = ValueState.Valid;
        for (var member = _doc[index].FirstChild; member != InstructionDocument.None; member = _doc[member].NextSibling)
        {
            ref readonly var value = ref _doc[member];
            var name = value.Name!;
            if (p.Accepts(ValueForms.OpenEnum) && p.MapKeys.Count > 0 && !Contains(p.MapKeys, name))
            {
                ReportUnknownValue(p, member, name, robot, atName: true);
            }

            if (value.Kind is InstructionKind.Unknown or InstructionKind.Boolean
                || (p.Accepts(ValueForms.Interpolation) && _doc.IsWholeVariable(member)))
            {
                continue;
            }

            if (value.Kind == InstructionKind.String && value.Text is "true" or "false")
            {
                ReportBooleanString(p, member, value.Text, robot);
                continue;
            }

            var allowed = p.Accepts(ValueForms.Interpolation) ? "true, false, \"true\", \"false\" or a whole ${...}" : "true, false, \"true\" or \"false\"";
            ReportFound(ValidationRules.WrongType, member, p.Name + "." + name + " must be " + allowed, robot);
            state = ValueState.Invalid;
        }

        return state;
    }
}
