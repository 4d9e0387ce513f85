using System;
using System.Globalization;
using ImageSdk.Tables;

namespace ImageSdk.Validation.Engine;

/// <summary>The rules on parameter values: types, ranges, lengths, patterns, enums, maps.</summary>
internal sealed partial class AssemblyChecker
{
    // ---- parameter values ---------------------------------------------------------------------------------------

    private ValueState CheckValue(ParameterSpec p, int index, RobotSpec? robot)
    {
        ref readonly var node = ref _doc[index];
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
                    return WrongType(p, index, robot);
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
                    return CheckMembers(p, index, robot, ValueForms.Boolean, "true or false");
                }

                if (p.Accepts(ValueForms.Scalar))
                {
                    return CheckMembers(p, index, robot, ValueForms.Scalar, "a string, number or boolean");
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
        if ((p.Accepts(ValueForms.Interpolation) || p.Accepts(ValueForms.String)) && _doc.IsVariable(index))
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

        if (p.Accepts(ValueForms.IntegerString) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            if (CheckRange(p, index, number, robot) == ValueState.Invalid)
            {
                return ValueState.Invalid;
            }

            if (p.Pattern is { } pattern && !Matches(pattern, text))
            {
                return Malformed(p, index, text, "write " + s_allowed.GetValue(p, Allowed), robot);
            }

            return ValueState.Valid;
        }

        if (p.Accepts(ValueForms.Enum))
        {
            return NotAllowed(p, index, text, robot);
        }

        return WrongType(p, index, robot);
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

    private ValueState CheckMembers(ParameterSpec p, int index, RobotSpec? robot, ValueForms allowed, string description)
    {
        var state = ValueState.Valid;
        for (var member = _doc[index].FirstChild; member != InstructionDocument.None; member = _doc[member].NextSibling)
        {
            var kind = _doc[member].Kind;
            var ok = kind == InstructionKind.Unknown || kind == InstructionKind.Boolean
                || (allowed == ValueForms.Scalar && (kind == InstructionKind.String || kind == InstructionKind.Number));
            if (!ok)
            {
                ReportFound(ValidationRules.WrongType, member, p.Name + "." + _doc[member].Name + " must be " + description, robot);
                state = ValueState.Invalid;
            }
        }

        return state;
    }
}
