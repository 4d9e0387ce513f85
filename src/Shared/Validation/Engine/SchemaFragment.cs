using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using ImageSdk.Tables;

namespace ImageSdk.Validation.Engine;

/// <summary>
/// Judges a value of the instruction model by a parameter's schema fragment (<see cref="ParameterSpec.Schema"/>): the
/// forms the typed columns cannot hold. The keywords are JSON Schema's that the imported robots use: type, enum, const,
/// anyOf, oneOf, allOf, not, minimum, maximum (exclusive too), minLength, maxLength, pattern (ECMAScript semantics),
/// format <c>uri</c> (a URL as JavaScript's <c>new URL</c> reads it, <see cref="WhatwgUrl"/>), items, prefixItems, minItems,
/// maxItems, properties, required, additionalProperties and <c>$ref</c> to
/// <see cref="SchemaTables.SchemaDefinitions"/>. Other keywords are ignored. netstandard2.0: no System.Text.Json.
/// </summary>
internal static class SchemaFragment
{
    private static readonly ConditionalWeakTable<string, Node> s_parsed = new();
    private static readonly Dictionary<string, Regex> s_patterns = new(StringComparer.Ordinal);
    private static readonly TimeSpan s_matchTimeout = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The reason a number string inside a value starts with when JavaScript's <c>parseInt</c> reads an allowed whole number
    /// from it (<c>" 200"</c>, <c>"+200"</c>, <c>"200pt"</c>) where the schema's digits pattern (<c>x-imagesdk-number-string:
    /// parse-int</c>) does not take it: Transloadit's complexWidthSchema takes it, ImageSdk takes digits alone (IMG1308).
    /// </summary>
    internal const string NotDigitsAlone = "is not a whole number written in digits alone (no sign, space or other text)";

    /// <summary>
    /// The reason for a number with a fraction where the schema's numbers are integers (and no branch takes other numbers):
    /// the caller reports it as a typed integer's IMG1308, not as a wrong form.
    /// </summary>
    internal const string NotWhole = "must be a whole number, written without a decimal point";

    /// <summary>The start of the reasons for a number of the right type outside its range (reported as IMG1303).</summary>
    private static readonly string[] s_rangeReasons = ["must be at least ", "must be at most ", "must be more than ", "must be less than "];

    /// <summary>Whether <paramref name="why"/> says that a number of the right type is outside its range (minimum, maximum, exclusive too).</summary>
    internal static bool IsRange(string why) => Array.Exists(s_rangeReasons, r => why.StartsWith(r, StringComparison.Ordinal));

    /// <summary>The most places reported inside one value (hostile input can hold thousands of bad items).</summary>
    internal const int MaxFailures = 100;

    /// <summary>A value inside the checked one that its schema does not take (<see cref="At"/>), and why.</summary>
    /// <summary>
    /// A place the schema does not take and why. <paramref name="Listed"/>: the value there is a string outside the list of
    /// strings the schema takes (each string it takes is listed, or a whole ${...} variable), as a typed enum's IMG1306 says.
    /// </summary>
    internal readonly record struct Failure(int At, string Why, IReadOnlyList<string>? Listed = null);

    /// <summary>
    /// For a number in its string form (<c>^\d+(\.\d+)?$</c>, which Transloadit takes unchecked) that <paramref name="schema"/>
    /// takes: why the number is not one its numeric branches take (out of range, or a fraction where they are integers), as
    /// a typed number string's IMG1309 says it, and the nearest number an integer branch takes (null for none); null when a
    /// numeric branch takes the number, or the schema has none.
    /// </summary>
    internal static (string Why, double? Nearest)? NumberStringOutside(string schema, string text)
    {
        if (!IsNumberString(text))
        {
            return null; // most strings: checked before the schema is looked at
        }

        var branches = Parse(schema)["anyOf"]?.Items ?? Node.NoItems;
        if (!branches.Any(b => b["type"]?.Text == "string" && b["pattern"]?.Text == NumberString))
        {
            return null; // the parameter takes it as text, not as Transloadit's string form of a number
        }

        var value = double.Parse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        string? why = null;
        double? nearest = null;
        foreach (var branch in branches)
        {
            if (branch["type"]?.Text is not ("integer" or "number"))
            {
                continue;
            }

            var integer = branch["type"]!.Text == "integer";
            var reason = CheckNumber(branch, value) ?? (integer && Math.Floor(value) != value ? NotWhole : null);
            if (reason is null)
            {
                return null;
            }

            if (why is null)
            {
                why = reason;
                if (integer)
                {
                    var low = branch["minimum"]?.Number ?? (branch["exclusiveMinimum"]?.Number is { } xmin ? Math.Floor(xmin) + 1 : double.MinValue);
                    var high = branch["maximum"]?.Number ?? (branch["exclusiveMaximum"]?.Number is { } xmax ? Math.Ceiling(xmax) - 1 : double.MaxValue);
                    nearest = Math.Max(low, Math.Min(high, Math.Round(value, MidpointRounding.AwayFromZero)));
                }
            }
        }

        return why is null ? null : (why, nearest);
    }

    /// <summary>Transloadit's string form of a number (<c>interpolateRecursive</c>).</summary>
    private const string NumberString = @"^\d+(\.\d+)?$";

    private static bool IsNumberString(string text)
    {
        var dot = text.IndexOf('.');
        for (var i = 0; i < text.Length; i++)
        {
            if (i != dot && (text[i] < '0' || text[i] > '9'))
            {
                return false;
            }
        }

        return dot != 0 && dot != text.Length - 1 && text.Length > 0;
    }

    /// <summary>Why the value at <paramref name="index"/> is not taken by <paramref name="schema"/>, or null when it is.</summary>
    public static string? Check(string schema, InstructionDocument doc, int index) => Check(Parse(schema), doc, index, depth: 0, out _, all: null);

    /// <summary>
    /// Every place inside the value at <paramref name="index"/> that <paramref name="schema"/> does not take, each at the
    /// deepest value at fault (an item or member inside it, e.g. the operator of a condition) with its reason, the first
    /// first; at most <see cref="MaxFailures"/>; null when the value is taken. Each bad item of an array or member of an
    /// object is its own place, as Transloadit's linter lists them. <paramref name="more"/>: places past the limit were left out.
    /// </summary>
    public static List<Failure>? CheckAll(string schema, InstructionDocument doc, int index, out bool more)
    {
        more = false;
        var node = Parse(schema);
        if (Check(node, doc, index, depth: 0, out var at, all: null) is not { } why)
        {
            return null;
        }

        // Found: judged again collecting every place (allocates only on this path, not for a value that is taken).
        var all = new List<Failure>();
        if (at != index)
        {
            Check(node, doc, index, depth: 0, out _, all);
        }

        more = all.Count > MaxFailures;
        if (more)
        {
            all.RemoveRange(MaxFailures, all.Count - MaxFailures);
        }

        if (all.Count == 0)
        {
            all.Add(at == index ? Place(node, doc, at, why) : new Failure(at, why)); // the value itself
        }

        return all;
    }

    /// <summary>
    /// The place of a value that <paramref name="schema"/> does not take. A string where the schema takes only the strings
    /// it lists (and whole ${...} variables) is outside that list, as a typed enum's value is; any other string gets the
    /// closest listed string, as typed parameters do. true/false as strings stay a wrong form, as typed booleans' are.
    /// </summary>
    private static Failure Place(Node schema, InstructionDocument doc, int at, string why)
    {
        if (doc[at].Kind != InstructionKind.String)
        {
            return new Failure(at, why);
        }

        var listed = EnumTexts(schema, new List<string>());
        if (listed.Count > 0 && TakesOnlyListedStrings(schema, depth: 0) && !listed.All(t => t is "true" or "false")
            && doc[at].Text!.IndexOf("${", StringComparison.Ordinal) < 0) // a variable inside other text: a wrong form (IMG1302), as on a typed enum
        {
            return new Failure(at, why, listed.Distinct().ToList());
        }

        return new Failure(at, why + DidYouMean.Hint(doc[at].Text!, listed));
    }

    /// <summary>Whether every string <paramref name="schema"/> takes is one its enums or consts list, or a whole ${...} variable.</summary>
    private static bool TakesOnlyListedStrings(Node schema, int depth)
    {
        if (schema.Kind != NodeKind.Object || depth > 64)
        {
            return schema.Kind == NodeKind.False;
        }

        if (schema["enum"] is not null || schema["const"] is not null)
        {
            return true;
        }

        if (schema["$ref"]?.Text is { Length: > 0 } key
            && (key.EndsWith("/interpolation", StringComparison.Ordinal)
                || (SchemaTables.SchemaDefinitions.TryGetValue(key, out var target) && TakesOnlyListedStrings(Parse(target), depth + 1))))
        {
            return true;
        }

        if (schema["type"] is { } type && !(type.Kind == NodeKind.Array ? type.Items.Any(t => t.Text == "string") : type.Text == "string"))
        {
            return true; // takes no string at all
        }

        if ((schema["allOf"]?.Items ?? Node.NoItems).Any(part => TakesOnlyListedStrings(part, depth + 1)))
        {
            return true;
        }

        return (schema["anyOf"] ?? schema["oneOf"]) is { } branches && branches.Items.All(branch => TakesOnlyListedStrings(branch, depth + 1));
    }

    private const string MustBe = "must be ";
    private const string MustMatch = "must match ";

    private static Node Parse(string json) => s_parsed.GetValue(json, static j => new Parser(j).ParseDocument());

    /// <summary>
    /// The first reason and place; with <paramref name="all"/>, arrays and objects go on past a bad item and every place is
    /// added there (a container adds its items' places; a failure of the value itself is left to the caller to add).
    /// </summary>
    private static string? Check(Node schema, InstructionDocument doc, int index, int depth, out int at, List<Failure>? all)
    {
        at = index;
        ref readonly var value = ref doc[index];
        if (value.Kind == InstructionKind.Unknown || schema.Kind != NodeKind.Object || depth > 64)
        {
            return schema.Kind == NodeKind.False ? "no value is allowed here" : null;
        }

        if (schema["$ref"]?.Text is { } key)
        {
            if (key.Length > 0 && SchemaTables.SchemaDefinitions.TryGetValue(key, out var target) && Check(Parse(target), doc, index, depth + 1, out at, all) is { } why)
            {
                return why;
            }

            at = index;
        }

        if (schema["type"] is { } type && !TypeMatches(type, value))
        {
            return value.Kind == InstructionKind.Number && type.Text == "integer" ? NotWhole : "must be " + Describe(type);
        }

        if (schema["enum"] is { } values && !AnyEquals(values.Items, doc, index, schema["x-imagesdk-ignore-case"]?.Kind == NodeKind.True))
        {
            return "must be one of " + Join(values.Items);
        }

        if (schema["const"] is { } constant && !EqualsValue(constant, doc, index, ignoreCase: false))
        {
            return "must be " + constant.ToJson();
        }

        if (schema["anyOf"] is { } anyOf && !Any(anyOf, doc, index, depth, out var anyWhy, out at, all))
        {
            return anyWhy;
        }

        if (schema["oneOf"] is { } oneOf && !Any(oneOf, doc, index, depth, out var oneWhy, out at, all))
        {
            return oneWhy;
        }

        foreach (var part in schema["allOf"]?.Items ?? Node.NoItems)
        {
            if (Check(part, doc, index, depth + 1, out at, all) is { } why)
            {
                return why;
            }
        }

        at = index;
        if (schema["not"] is { } not && Check(not, doc, index, depth + 1, out _, all: null) is null)
        {
            return "is not allowed here";
        }

        return value.Kind switch
        {
            InstructionKind.Number => CheckNumber(schema, value.Number),
            InstructionKind.String => CheckString(schema, value.Text!),
            InstructionKind.Array => CheckArray(schema, doc, index, depth, out at, all),
            InstructionKind.Object => CheckObject(schema, doc, index, depth, out at, all),
            _ => null,
        };
    }

    private static bool Any(Node branches, InstructionDocument doc, int index, int depth, out string? why, out int at, List<Failure>? all)
    {
        why = null;
        at = index;
        List<Failure>? places = null;
        string? digits = null;
        string? number = null; // a number of a numeric branch's type outside its range, or a fraction where the numbers are integers
        foreach (var branch in branches.Items)
        {
            var branchAll = all is null ? null : new List<Failure>();
            var branchWhy = Check(branch, doc, index, depth + 1, out var branchAt, branchAll);
            if (branchWhy is null)
            {
                at = index;
                return true;
            }

            if (branchAt != index && at == index)
            {
                // A branch of the value's own shape that fails inside it (an array's item): its reason, at that item.
                (why, at, places) = (branchWhy, branchAt, branchAll);
            }
            else if (branchAt == index && branchWhy.StartsWith(NotDigitsAlone, StringComparison.Ordinal))
            {
                digits = branchWhy; // the number string parseInt reads: that reason, not the list of forms
            }
            else if (branchAt == index && (IsRange(branchWhy) || (branchWhy == NotWhole && number is null)))
            {
                number = branchWhy; // the number's own fault (range before fraction), as a typed number's IMG1303 or IMG1308 says it
            }

            why ??= branchWhy;
        }

        if (at != index)
        {
            all?.AddRange(places!);
            return false;
        }

        if (digits is not null)
        {
            why = digits; // the number string parseInt reads: that reason, not the list of forms
        }
        else if (number is not null)
        {
            why = number;
        }
        else if (branches.Items.Count > 1)
        {
            // A branch's reason that only repeats a listed part ("must be one of ...") adds nothing to the list.
            var described = DescribeBranches(branches);
            var repeats = why is not null && (why.StartsWith(MustBe, StringComparison.Ordinal) && described.Contains(why.Substring(MustBe.Length))
                || why.StartsWith(MustMatch, StringComparison.Ordinal) && described.Contains(" matching " + why.Substring(MustMatch.Length)));
            why = MustBe + described + (why is null || repeats ? string.Empty : " (" + why + ")");
        }

        return false;
    }

    private static string? CheckNumber(Node schema, double number)
    {
        if (schema["minimum"]?.Number is { } min && number < min)
        {
            return "must be at least " + Format(min);
        }

        if (schema["maximum"]?.Number is { } max && number > max)
        {
            return "must be at most " + Format(max);
        }

        if (schema["exclusiveMinimum"]?.Number is { } xmin && number <= xmin)
        {
            return "must be more than " + Format(xmin);
        }

        if (schema["exclusiveMaximum"]?.Number is { } xmax && number >= xmax)
        {
            return "must be less than " + Format(xmax);
        }

        return null;
    }

    private static string? CheckString(Node schema, string text)
    {
        // Lengths as zod's .min and .max count them, in UTF-16 code units (JavaScript's length): an emoji counts 2.
        if (schema["minLength"]?.Number is { } minLength && text.Length < minLength)
        {
            return minLength == 1 ? "must not be empty" : "must have at least " + Format(minLength) + " UTF-16 code units";
        }

        if (schema["maxLength"]?.Number is { } maxLength && text.Length > maxLength)
        {
            return "must have at most " + Format(maxLength) + " UTF-16 code units (an emoji counts 2)";
        }

        if (schema["pattern"]?.Text is { } pattern && !Matches(pattern, text, schema["x-imagesdk-ignore-case"]?.Kind == NodeKind.True))
        {
            // A number string parseInt reads (Transloadit takes it there), the digits of an allowed number: IMG1308, with the digits.
            return schema["x-imagesdk-number-string"]?.Text == "parse-int" && ParseIntLead(text) is { } read && Matches(pattern, Format(read))
                ? NotDigitsAlone + "; write \"" + Format(read) + "\""
                : MustMatch + pattern;
        }

        if (schema["x-imagesdk-check"]?.Text == "page-range" && !IsPageRange(text))
        {
            return "must be start-end with a start of at least 1 and an end of at least the start";
        }

        if (schema["format"]?.Text == "uri" && !WhatwgUrl.IsValid(text))
        {
            return "must be a URL, such as https://example.com/image.jpg";
        }

        return null;
    }

    private static string? CheckArray(Node schema, InstructionDocument doc, int index, int depth, out int at, List<Failure>? all)
    {
        at = index;
        var count = doc[index].ChildCount;
        if (schema["minItems"]?.Number is { } minItems && count < minItems)
        {
            return "must have at least " + Format(minItems) + " items";
        }

        if (schema["maxItems"]?.Number is { } maxItems && count > maxItems)
        {
            return "must have at most " + Format(maxItems) + " items";
        }

        var prefix = schema["prefixItems"]?.Items ?? Node.NoItems;
        var items = schema["items"];
        var i = 0;
        string? first = null;
        var firstAt = index;
        for (var item = doc[index].FirstChild; item != InstructionDocument.None; item = doc[item].NextSibling, i++)
        {
            var itemSchema = i < prefix.Count ? prefix[i] : items;
            var before = all?.Count ?? 0;
            if (itemSchema is not null && Check(itemSchema, doc, item, depth + 1, out at, all) is { } why && Found(ref first, ref firstAt, why, at, all, before, itemSchema, doc, item))
            {
                return why;
            }
        }

        at = firstAt;
        return first;
    }

    private static string? CheckObject(Node schema, InstructionDocument doc, int index, int depth, out int at, List<Failure>? all)
    {
        at = index;
        string? first = null;
        var firstAt = index;
        foreach (var required in schema["required"]?.Items ?? Node.NoItems)
        {
            if (required.Text is { } name && doc.Member(index, name) == InstructionDocument.None && Found(ref first, ref firstAt, "needs '" + name + "'", index, all, all?.Count ?? 0))
            {
                return first;
            }
        }

        var properties = schema["properties"];
        var additional = schema["additionalProperties"];
        for (var member = doc[index].FirstChild; member != InstructionDocument.None; member = doc[member].NextSibling)
        {
            var name = doc[member].Name!;
            var memberSchema = properties?[name] ?? additional;
            if (memberSchema is null)
            {
                continue;
            }

            if (memberSchema.Kind == NodeKind.False)
            {
                var unknown = "has the unknown member '" + name + "'" + (properties is null ? string.Empty : "; members: " + string.Join(", ", properties.Names));
                if (Found(ref first, ref firstAt, unknown, index, all, all?.Count ?? 0))
                {
                    at = index;
                    return unknown;
                }

                continue;
            }

            var before = all?.Count ?? 0;
            if (Check(memberSchema, doc, member, depth + 1, out at, all) is { } why && Found(ref first, ref firstAt, why, at, all, before, memberSchema, doc, member))
            {
                return why;
            }
        }

        at = firstAt;
        return first;
    }

    /// <summary>
    /// Records a bad item or member of a container: true to stop there (at the first one when not collecting every place,
    /// else at the cap). Collecting, it adds the place to <paramref name="all"/> unless the item's own check added its
    /// places there (<paramref name="all"/> grew past <paramref name="before"/>).
    /// </summary>
    private static bool Found(ref string? first, ref int firstAt, string why, int at, List<Failure>? all, int before, Node? schema = null, InstructionDocument? doc = null, int item = -1)
    {
        if (first is null)
        {
            (first, firstAt) = (why, at);
        }

        if (all is null)
        {
            return true;
        }

        if (all.Count == before)
        {
            all.Add(at == item ? Place(schema!, doc!, at, why) : new Failure(at, why));
        }

        return all.Count > MaxFailures; // one more than reported: CheckAll says that places were left out
    }

    private static bool TypeMatches(Node type, in InstructionNode value)
    {
        if (type.Kind == NodeKind.Array)
        {
            foreach (var item in type.Items)
            {
                if (TypeMatches(item, value))
                {
                    return true;
                }
            }

            return false;
        }

        return type.Text switch
        {
            "string" => value.Kind == InstructionKind.String,
            "integer" => value.IsInteger,
            "number" => value.Kind == InstructionKind.Number,
            "boolean" => value.Kind == InstructionKind.Boolean,
            "null" => value.Kind == InstructionKind.Null,
            "array" => value.Kind == InstructionKind.Array,
            "object" => value.Kind == InstructionKind.Object,
            _ => true,
        };
    }

    private static bool AnyEquals(IReadOnlyList<Node> values, InstructionDocument doc, int index, bool ignoreCase)
    {
        foreach (var candidate in values)
        {
            if (EqualsValue(candidate, doc, index, ignoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static bool EqualsValue(Node expected, InstructionDocument doc, int index, bool ignoreCase)
    {
        ref readonly var value = ref doc[index];
        switch (expected.Kind)
        {
            case NodeKind.String:
                return value.Kind == InstructionKind.String && string.Equals(expected.Text, value.Text, ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
            case NodeKind.Number:
                return value.Kind == InstructionKind.Number && expected.Number == value.Number;
            case NodeKind.True or NodeKind.False:
                return value.Kind == InstructionKind.Boolean && value.Boolean == (expected.Kind == NodeKind.True);
            case NodeKind.Null:
                return value.Kind == InstructionKind.Null;
            case NodeKind.Array:
                if (value.Kind != InstructionKind.Array || value.ChildCount != expected.Items.Count)
                {
                    return false;
                }

                var i = 0;
                for (var item = value.FirstChild; item != InstructionDocument.None; item = doc[item].NextSibling, i++)
                {
                    if (!EqualsValue(expected.Items[i], doc, item, ignoreCase))
                    {
                        return false;
                    }
                }

                return true;
            default:
                if (value.Kind != InstructionKind.Object || value.ChildCount != expected.Names.Count)
                {
                    return false;
                }

                for (var member = value.FirstChild; member != InstructionDocument.None; member = doc[member].NextSibling)
                {
                    if (expected[doc[member].Name!] is not { } e || !EqualsValue(e, doc, member, ignoreCase))
                    {
                        return false;
                    }
                }

                return true;
        }
    }

    /// <summary>
    /// A JavaScript regex (no flags) applied with JavaScript's meaning: <c>$</c> only at the very end, <c>.</c> not a line
    /// terminator, <c>\d</c> and <c>\w</c> ASCII only; under a match timeout.
    /// </summary>
    internal static bool Matches(string pattern, string text, bool ignoreCase = false)
    {
        Regex regex;
        lock (s_patterns)
        {
            var key = (ignoreCase ? "i:" : "c:") + pattern;
            if (!s_patterns.TryGetValue(key, out regex!))
            {
                regex = new Regex(Translate(pattern), RegexOptions.CultureInvariant | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None), s_matchTimeout);
                s_patterns[key] = regex;
            }
        }

        return IsMatch(regex, text);
    }

    /// <summary>
    /// A schema pattern's match under its timeout, which stops a pathological match (then no match). A process's first match
    /// also sets the matcher up, which on a starved machine (a loaded build server; valgrind) can outlast the timeout by
    /// itself: a value would then be refused at random. So a timeout is tried once more before it counts.
    /// </summary>
    internal static bool IsMatch(Regex regex, string text)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return regex.IsMatch(text);
            }
            catch (RegexMatchTimeoutException) when (attempt == 2)
            {
                return false;
            }
            catch (RegexMatchTimeoutException)
            {
                // once more: the setup is paid now
            }
        }
    }

    /// <summary>Rewrites the parts of a JavaScript pattern whose .NET meaning differs.</summary>
    internal static string Translate(string pattern)
    {
        var builder = new StringBuilder(pattern.Length + 16);
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                var next = pattern[++i];
                builder.Append(next switch
                {
                    'd' => inClass ? "0-9" : "[0-9]",
                    'D' => inClass ? "\\D" : "[^0-9]",
                    'w' => inClass ? "a-zA-Z0-9_" : "[a-zA-Z0-9_]",
                    'W' => inClass ? "\\W" : "[^a-zA-Z0-9_]",
                    _ => "\\" + next,
                });
            }
            else if (inClass)
            {
                inClass = c != ']';
                builder.Append(c);
            }
            else if (c == '[')
            {
                inClass = true;
                builder.Append(c);
                if (i + 1 < pattern.Length && pattern[i + 1] == '^')
                {
                    builder.Append('^');
                    i++;
                }

                if (i + 1 < pattern.Length && pattern[i + 1] == ']')
                {
                    builder.Append("\\]"); // a leading ] is a literal in .NET, the end of an empty class in JavaScript: rare, kept literal
                    i++;
                }
            }
            else if (c == '$')
            {
                builder.Append("(?!(?s:.))"); // the very end: .NET's $ also matches before a final \n
            }
            else if (c == '.')
            {
                builder.Append("[^\\n\\r\\u2028\\u2029]");
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// What JavaScript's <c>parseInt(text, 10)</c> reads from the start of <paramref name="text"/> (white space, a sign, then
    /// digits), where Transloadit's complexWidthSchema takes it: not for text that holds an <c>x</c> or starts with <c>${</c>,
    /// nor for a negative number.
    /// </summary>
    internal static double? ParseIntLead(string text)
    {
        if (text.IndexOf('x') >= 0 || text.StartsWith("${", StringComparison.Ordinal))
        {
            return null;
        }

        var i = 0;
        while (i < text.Length && text[i] is '\t' or '\n' or '\v' or '\f' or '\r' or ' ' or '\u00A0' or '\u1680' or (>= '\u2000' and <= '\u200A')
            or '\u2028' or '\u2029' or '\u202F' or '\u205F' or '\u3000' or '\uFEFF')
        {
            i++;
        }

        if (i < text.Length && text[i] == '-')
        {
            return null; // a negative number, below every range this reads for (a width is at least 1)
        }

        i += i < text.Length && text[i] == '+' ? 1 : 0;
        var start = i;
        var value = 0d;
        for (; i < text.Length && text[i] is >= '0' and <= '9'; i++)
        {
            value = (value * 10) + (text[i] - '0');
        }

        return i == start ? null : value;
    }

    /// <summary>The refinement of /document/thumbs' page_range beside its pattern (<c>^\d+-\d+$</c>): the start at least 1, the end at least the start.</summary>
    private static bool IsPageRange(string text)
    {
        var dash = text.IndexOf('-');
        return dash > 0
            && double.TryParse(text.Substring(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var start)
            && double.TryParse(text.Substring(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var end)
            && start >= 1 && end >= start;
    }

    private static string Describe(Node type) => type.Kind == NodeKind.Array ? Join(type.Items, " or ", quote: false) : "a" + (type.Text is "array" or "object" or "integer" ? "n " : " ") + type.Text;

    private static string DescribeBranches(Node branches)
    {
        var parts = new List<string>();
        foreach (var branch in branches.Items)
        {
            var part = branch["$ref"]?.Text is { } key && key.EndsWith("/interpolation", StringComparison.Ordinal) ? "a whole ${...} variable"
                : branch["enum"] is { } e ? "one of " + Join(e.Items)
                : branch["type"] is { } t ? Describe(t) + (branch["pattern"]?.Text is { } pattern ? " matching " + pattern : string.Empty)
                : null;
            if (part is not null && !parts.Contains(part))
            {
                parts.Add(part);
            }
        }

        return parts.Count == 0 ? "another value" : string.Join(", ", parts);
    }

    /// <summary>The strings that <paramref name="schema"/>'s enums list for the value itself (through $ref, anyOf, oneOf and allOf), for a did-you-mean.</summary>
    private static List<string> EnumTexts(Node schema, List<string> texts, int depth = 0)
    {
        if (schema.Kind != NodeKind.Object || depth > 64)
        {
            return texts;
        }

        foreach (var value in schema["enum"]?.Items ?? Node.NoItems)
        {
            if (value.Kind == NodeKind.String)
            {
                texts.Add(value.Text!);
            }
        }

        if (schema["$ref"]?.Text is { Length: > 0 } key && SchemaTables.SchemaDefinitions.TryGetValue(key, out var target))
        {
            EnumTexts(Parse(target), texts, depth + 1);
        }

        foreach (var branch in (schema["anyOf"]?.Items ?? Node.NoItems).Concat(schema["oneOf"]?.Items ?? Node.NoItems).Concat(schema["allOf"]?.Items ?? Node.NoItems))
        {
            EnumTexts(branch, texts, depth + 1);
        }

        return texts;
    }

    private static string Join(IReadOnlyList<Node> values, string separator = ", ", bool quote = true)
    {
        var parts = new string[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            parts[i] = quote ? values[i].ToJson() : values[i].Text ?? values[i].ToJson();
        }

        return string.Join(separator, parts);
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private enum NodeKind : byte
    {
        Object,
        Array,
        String,
        Number,
        True,
        False,
        Null,
    }

    /// <summary>A parsed fragment: JSON values, objects as ordered name/value lists.</summary>
    private sealed class Node
    {
        public static readonly IReadOnlyList<Node> NoItems = Array.Empty<Node>();

        public NodeKind Kind;
        public string? Text;
        public double Number;
        public List<Node> Items = new();
        public List<string> Names = new();

        public Node? this[string name]
        {
            get
            {
                var i = Names.IndexOf(name);
                return Kind == NodeKind.Object && i >= 0 ? Items[i] : null;
            }
        }

        public string ToJson() => Kind switch
        {
            NodeKind.String => "\"" + Text + "\"",
            NodeKind.Number => Format(Number),
            NodeKind.True => "true",
            NodeKind.False => "false",
            NodeKind.Null => "null",
            NodeKind.Array => "[" + Join(Items) + "]",
            _ => "{...}",
        };
    }

    /// <summary>Reads the compact JSON the generator writes; a malformed fragment reads as far as it goes.</summary>
    private sealed class Parser
    {
        private readonly string _text;
        private int _at;

        public Parser(string text) => _text = text;

        public Node ParseDocument() => Value();

        private Node Value()
        {
            Skip();
            if (_at >= _text.Length)
            {
                return new Node { Kind = NodeKind.Null };
            }

            switch (_text[_at])
            {
                case '{':
                    var obj = new Node { Kind = NodeKind.Object };
                    _at++;
                    while (Skip() && _at < _text.Length && _text[_at] != '}')
                    {
                        var name = String();
                        Skip();
                        _at++; // ':'
                        obj.Names.Add(name);
                        obj.Items.Add(Value());
                        Skip();
                        if (_at < _text.Length && _text[_at] == ',')
                        {
                            _at++;
                        }
                    }

                    _at++;
                    return obj;
                case '[':
                    var array = new Node { Kind = NodeKind.Array };
                    _at++;
                    while (Skip() && _at < _text.Length && _text[_at] != ']')
                    {
                        array.Items.Add(Value());
                        Skip();
                        if (_at < _text.Length && _text[_at] == ',')
                        {
                            _at++;
                        }
                    }

                    _at++;
                    return array;
                case '"':
                    return new Node { Kind = NodeKind.String, Text = String() };
                case 't':
                    _at += 4;
                    return new Node { Kind = NodeKind.True };
                case 'f':
                    _at += 5;
                    return new Node { Kind = NodeKind.False };
                case 'n':
                    _at += 4;
                    return new Node { Kind = NodeKind.Null };
                default:
                    var start = _at;
                    while (_at < _text.Length && "+-.0123456789eE".IndexOf(_text[_at]) >= 0)
                    {
                        _at++;
                    }

                    if (_at == start)
                    {
                        _at = _text.Length; // not JSON: stop
                        return new Node { Kind = NodeKind.Null };
                    }

                    return new Node { Kind = NodeKind.Number, Number = double.Parse(_text.Substring(start, _at - start), NumberStyles.Float, CultureInfo.InvariantCulture) };
            }
        }

        private bool Skip()
        {
            while (_at < _text.Length && char.IsWhiteSpace(_text[_at]))
            {
                _at++;
            }

            return true;
        }

        private string String()
        {
            var builder = new StringBuilder();
            _at++; // opening quote
            while (_at < _text.Length && _text[_at] != '"')
            {
                var c = _text[_at++];
                if (c != '\\' || _at >= _text.Length)
                {
                    builder.Append(c);
                    continue;
                }

                var e = _text[_at++];
                switch (e)
                {
                    case 'n': builder.Append('\n'); break;
                    case 'r': builder.Append('\r'); break;
                    case 't': builder.Append('\t'); break;
                    case 'b': builder.Append('\b'); break;
                    case 'f': builder.Append('\f'); break;
                    case 'u' when _at + 4 <= _text.Length:
                        builder.Append((char)int.Parse(_text.Substring(_at, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                        _at += 4;
                        break;
                    default: builder.Append(e); break;
                }
            }

            _at++; // closing quote
            return builder.ToString();
        }
    }
}
