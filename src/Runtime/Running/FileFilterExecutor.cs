using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Parameter = ImageSdk.FileFilterStep.ParameterNames;

namespace ImageSdk.Running;

/// <summary>
/// <c>/file/filter</c>: passes on the files of its <c>use</c> that its conditions accept, unchanged. A condition is
/// <c>[value, operator, value]</c>, each value a constant or text with <c>${file.*}</c> variables (<c>${file.mime}</c>,
/// <c>${file.size}</c>, <c>${file.meta.width}</c>, ...) filled in per file. <c>declines</c> that match turn a file away;
/// otherwise <c>accepts</c> (when given) must match. <c>condition_type</c> <c>or</c> (the default) needs one condition to
/// match, <c>and</c> all of them. With <c>error_on_decline</c> a turned-away file fails the step with <c>error_msg</c>.
/// Regular expressions run with a timeout (<see cref="RegexTimeout"/>), so a pattern that backtracks catastrophically
/// fails the step instead of hanging it. JavaScript conditions (<c>${...}</c> expressions) run only on Transloadit.
/// </summary>
internal sealed class FileFilterExecutor : IStepExecutor
{
    /// <summary>How long one regular expression may run on one value.</summary>
    internal static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);

    private static readonly Regex s_variable = new(@"\$\{([^}]*)\}", RegexOptions.CultureInvariant);
    private static readonly Regex s_path = new(@"^file(\.[A-Za-z0-9_]+)+$", RegexOptions.CultureInvariant);
    private static readonly Regex s_size = new(@"^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb|tb)\s*$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    public string Robot => FileFilterStep.RobotName;

    public StepPlan Plan(StepContext context) => StepPlan.Local(context);

    public Task<IReadOnlyList<ResultFile>> ExecuteAsync(StepPlan plan, StepContext context) => RunAsync(context.Instructions, context.Run);

    private static async Task<IReadOnlyList<ResultFile>> RunAsync(StepInstructions step, RunContext context)
    {
        var robot = FileFilterStep.RobotName;
        var accepts = Conditions(step, Parameter.Accepts);
        var declines = Conditions(step, Parameter.Declines);
        var typeText = step.Text(Parameter.ConditionType) ?? LocalImageStep.DefaultOf(robot, Parameter.ConditionType);
        if (!FileFilterConditionTypeExtensions.TryParse(typeText, out var conditionType))
        {
            throw new StepException("FILE_FILTER_VALIDATION", $"condition_type '{typeText}' is not and or or");
        }

        var errorOnDecline = step.TryValue(Parameter.ErrorOnDecline, out var flag) ? flag is true or "true" : LocalImageStep.DefaultOf(robot, Parameter.ErrorOnDecline) == "true";
        var message = step.Text(Parameter.ErrorMsg) ?? LocalImageStep.DefaultOf(robot, Parameter.ErrorMsg) ?? "One of your files was declined";
        var passed = new List<ResultFile>();
        foreach (var input in step.Inputs)
        {
            foreach (var file in await context.FilesOfAsync(input.Step).ConfigureAwait(false))
            {
                if ((input.Fields is not null && !input.Fields.Contains(file.Field ?? string.Empty)) || passed.Contains(file))
                {
                    continue;
                }

                context.CancellationToken.ThrowIfCancellationRequested();
                var declined = declines is not null && Matches(declines, conditionType, file);
                if (!declined && (accepts is null || Matches(accepts, conditionType, file)))
                {
                    passed.Add(file);
                }
                else if (errorOnDecline)
                {
                    throw new StepException("FILE_FILTER_DECLINED_FILE", $"{message} ('{file.Name}')");
                }
            }
        }

        return passed;
    }

    /// <summary>One condition: two operands and the operator between them.</summary>
    internal sealed record Condition(object? Left, string Operator, object? Right, int Index, string Parameter);

    /// <summary>The conditions of <c>accepts</c> or <c>declines</c>; null when the step sets none.</summary>
    private static List<Condition>? Conditions(StepInstructions step, string parameter)
    {
        if (!step.TryValue(parameter, out var value) || value is null)
        {
            return null;
        }

        if (value is not List<object?> items)
        {
            throw new StepException("FILE_FILTER_UNSUPPORTED", $"{parameter} is a JavaScript condition, which runs only on Transloadit (--remote transloadit); locally, write it as [value, operator, value] arrays");
        }

        var conditions = new List<Condition>();
        foreach (var (item, i) in items.Select((item, i) => (item, i)))
        {
            if (item is not List<object?> { Count: 3 } parts || parts[1] is not string op)
            {
                throw new StepException("FILE_FILTER_UNSUPPORTED", $"{parameter}[{i}] is a JavaScript condition, which runs only on Transloadit (--remote transloadit); locally, write it as [value, operator, value]");
            }

            conditions.Add(new Condition(parts[0], op, parts[2], i, parameter));
        }

        return conditions.Count == 0 ? null : conditions;
    }

    private static bool Matches(List<Condition> conditions, FileFilterConditionType type, ResultFile file) =>
        type == FileFilterConditionType.And ? conditions.All(c => Evaluate(c, file)) : conditions.Any(c => Evaluate(c, file));

    /// <summary>Whether the condition holds for <paramref name="file"/>, by Transloadit's (JavaScript's) rules for each operator.</summary>
    internal static bool Evaluate(Condition condition, ResultFile file)
    {
        var left = Fill(condition.Left, file, condition);
        var right = Fill(condition.Right, file, condition);
        return condition.Operator switch
        {
            "=" or "==" => LooseEquals(left, right),
            "!=" => !LooseEquals(left, right),
            "===" => StrictEquals(left, right),
            "!==" => !StrictEquals(left, right),
            "<" => Compare(left, right) is < 0,
            ">" => Compare(left, right) is > 0,
            "<=" => Compare(left, right) is <= 0,
            ">=" => Compare(left, right) is >= 0,
            "regex" => Regex(left, right, condition),
            "!regex" => !Regex(left, right, condition),
            "includes" => Includes(left, right),
            "!includes" => !Includes(left, right),
            "empty" => IsEmpty(left),
            "!empty" => !IsEmpty(left),
            _ => throw new StepException("FILE_FILTER_VALIDATION", $"{condition.Parameter}[{condition.Index}]: '{condition.Operator}' is not an operator; use ==, ===, <, >, <=, >=, !=, !==, regex, !regex, includes, !includes, empty or !empty"),
        };
    }

    /// <summary>
    /// An operand with its <c>${file.*}</c> variables filled in: a whole variable takes the value's own type (a number
    /// stays a number), a variable inside text becomes text; a value the file does not have is null.
    /// </summary>
    private static object? Fill(object? operand, ResultFile file, Condition condition)
    {
        if (operand is List<object?> list)
        {
            return list.Select(item => Fill(item, file, condition)).ToList();
        }

        if (operand is not string text || !text.Contains("${", StringComparison.Ordinal))
        {
            return operand;
        }

        var whole = s_variable.Match(text);
        if (whole.Success && whole.Length == text.Length)
        {
            return Lookup(whole.Groups[1].Value.Trim(), file, condition);
        }

        return s_variable.Replace(text, m => Text(Lookup(m.Groups[1].Value.Trim(), file, condition)) ?? string.Empty);
    }

    private static object? Lookup(string path, ResultFile file, Condition condition)
    {
        if (!s_path.IsMatch(path))
        {
            throw new StepException("FILE_FILTER_UNSUPPORTED", $"{condition.Parameter}[{condition.Index}]: ${{{path}}} is not a file variable the local runner fills (${{file.mime}}, ${{file.size}}, ${{file.meta.width}}, ...); JavaScript expressions run only on Transloadit (--remote transloadit)");
        }

        var parts = path.Split('.');
        object? value = parts[1] switch
        {
            "mime" => file.Mime,
            "size" => (double)file.Size,
            "name" => file.Name,
            "basename" => file.Basename,
            "ext" => file.Ext,
            "type" => file.Type,
            "field" => file.Field,
            "id" => file.Id,
            "original_id" => file.OriginalId,
            "meta" => file.Meta,
            _ => null,
        };
        for (var i = 2; i < parts.Length; i++)
        {
            value = value is IReadOnlyDictionary<string, object?> members && members.TryGetValue(parts[i], out var member) ? member : null;
        }

        return value switch
        {
            int n => (double)n,
            long n => (double)n,
            float n => (double)n,
            _ => value,
        };
    }

    private static string? Text(object? value) => value switch
    {
        null => null,
        string s => s,
        double d => d.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IEnumerable<object?> items => string.Join(",", items.Select(Text)),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    /// <summary>A number, a numeric string, or a size with a unit (<c>"20mb"</c>, 1024-based) as a number; else null.</summary>
    private static double? Number(object? value)
    {
        switch (value)
        {
            case double d:
                return d;
            case bool b:
                return b ? 1 : 0;
            case string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var n):
                return n;
            case string s when s_size.Match(s) is { Success: true } size:
                var unit = size.Groups[2].Value.ToLowerInvariant();
                var power = unit switch { "kb" => 1, "mb" => 2, "gb" => 3, "tb" => 4, _ => 0 };
                return double.Parse(size.Groups[1].Value, CultureInfo.InvariantCulture) * Math.Pow(1024, power);
            default:
                return null;
        }
    }

    private static bool LooseEquals(object? left, object? right)
    {
        if (left is null || right is null)
        {
            return left is null && right is null;
        }

        if (left is string a && right is string b)
        {
            return string.Equals(a, b, StringComparison.Ordinal);
        }

        return Number(left) is { } x && Number(right) is { } y ? x == y : string.Equals(Text(left), Text(right), StringComparison.Ordinal);
    }

    private static bool StrictEquals(object? left, object? right) => (left, right) switch
    {
        (null, null) => true,
        (double x, double y) => x == y,
        (string x, string y) => string.Equals(x, y, StringComparison.Ordinal),
        (bool x, bool y) => x == y,
        _ => false,
    };

    /// <summary>JavaScript's relational comparison: two strings by code unit, anything else as numbers; null when it is undefined (NaN).</summary>
    private static int? Compare(object? left, object? right)
    {
        if (left is string a && right is string b && (Number(a) is null || Number(b) is null))
        {
            return string.CompareOrdinal(a, b);
        }

        return Number(left ?? 0.0) is { } x && Number(right ?? 0.0) is { } y ? x.CompareTo(y) : null;
    }

    private static bool Includes(object? left, object? right) => left switch
    {
        IEnumerable<object?> items when left is not string => items.Any(item => LooseEquals(item, right)),
        string text => Text(right) is { } part && text.Contains(part, StringComparison.Ordinal),
        _ => false,
    };

    private static bool IsEmpty(object? value) => value switch
    {
        null => true,
        string s => s.Length == 0,
        IEnumerable<object?> items => !items.Any(),
        IReadOnlyDictionary<string, object?> members => members.Count == 0,
        _ => false,
    };

    /// <summary>
    /// Whether the pattern (text, or a JavaScript literal <c>/pattern/flags</c> with flags i, m, s) finds a match in the value;
    /// a pattern that runs past <see cref="RegexTimeout"/> fails the step.
    /// </summary>
    private static bool Regex(object? left, object? right, Condition condition)
    {
        var pattern = Text(right) ?? string.Empty;
        var options = RegexOptions.CultureInvariant;
        if (pattern.Length > 1 && pattern[0] == '/' && pattern.LastIndexOf('/') is var end and > 0)
        {
            foreach (var flag in pattern[(end + 1)..])
            {
                options |= flag switch { 'i' => RegexOptions.IgnoreCase, 'm' => RegexOptions.Multiline, 's' => RegexOptions.Singleline, _ => RegexOptions.None };
            }

            pattern = pattern[1..end];
        }

        System.Text.RegularExpressions.Regex regex;
        try
        {
            regex = new System.Text.RegularExpressions.Regex(pattern, options, RegexTimeout);
        }
        catch (ArgumentException ex)
        {
            throw new StepException("FILE_FILTER_VALIDATION", $"{condition.Parameter}[{condition.Index}]: the regular expression is invalid: {StepException.FirstLine(ex.Message)}");
        }

        try
        {
            return regex.IsMatch(Text(left) ?? string.Empty);
        }
        catch (RegexMatchTimeoutException)
        {
            throw new StepException("FILE_FILTER_REGEX_TIMEOUT", $"{condition.Parameter}[{condition.Index}]: the regular expression ran longer than its limit of {RegexTimeout.TotalSeconds:0.#} s (it backtracks catastrophically on this value); simplify it");
        }
    }
}
