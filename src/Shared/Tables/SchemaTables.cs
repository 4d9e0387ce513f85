using System;
using System.Text.RegularExpressions;

namespace ImageSdk.Tables;

/// <summary>
/// The data the validation rules read, generated from <c>schema/</c>: robots and their parameters,
/// the top-level keys, and the model catalog. This part holds the look-ups; the data is generated.
/// </summary>
public static partial class SchemaTables
{
    /// <summary>Transloadit's pattern of a whole <c>${...}</c> variable, which <see cref="IsInterpolation"/> checks by hand.</summary>
    internal const string WholeVariablePattern = @"^\$\{.+\}$";

    /// <summary>
    /// Whether <paramref name="text"/> is one <c>${...}</c> Assembly Variable as its whole value (the schema's interpolation
    /// pattern): the only form in which a number, boolean, enum or union parameter takes a variable, as in Transloadit.
    /// </summary>
    /// <param name="text">The text to inspect.</param>
    public static bool IsInterpolation(string? text) =>
        text is not null && text.IndexOf('$') >= 0 // one vectorized char search spares most texts the rest
        && (string.Equals(InterpolationPattern, WholeVariablePattern, StringComparison.Ordinal) ? IsWholeVariable(text) : InterpolationRegex.Instance.IsMatch(text));

    /// <summary>
    /// <c>^\$\{.+\}$</c> with ECMAScript's meaning, as Transloadit applies it: <c>${</c>, at least one character that is no line
    /// terminator (<c>.</c>), and <c>}</c> as the very last character (<c>$</c> matches before no final newline). Checked by
    /// hand: constructing a regex costs a short process (<c>imagesdk validate</c>) more than all its checks.
    /// </summary>
    internal static bool IsWholeVariable(string text)
    {
        if (text.Length < 4 || text[0] != '$' || text[1] != '{' || text[text.Length - 1] != '}')
        {
            return false;
        }

        for (var i = 2; i < text.Length - 1; i++)
        {
            if (IsLineTerminator(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The schema's interpolation pattern as a regex, built on first use: only where it is not <see cref="WholeVariablePattern"/>.</summary>
    internal static class InterpolationRegex
    {
        // With ECMAScript's meaning, as Transloadit applies it: $ only at the very end, . no line terminator.
        public static readonly Regex Instance = new(ImageSdk.Validation.Engine.SchemaFragment.Translate(InterpolationPattern), RegexOptions.CultureInvariant);
    }

    /// <summary>
    /// Whether <paramref name="text"/> holds a <c>${...}</c> Assembly Variable anywhere, as a string parameter takes it
    /// (Transloadit's partial form, <c>/\${.+}/</c>): such text is filled in at run time.
    /// </summary>
    /// <param name="text">The text to inspect.</param>
    public static bool ContainsInterpolation(string? text)
    {
        // ${, then at least one character that is no line terminator (JavaScript's .), then }.
        // Each "${" found by its '$' (a one-character search; the validator asks this of every string value).
        for (var start = text?.IndexOf('$') ?? -1; start >= 0; start = text!.IndexOf('$', start + 1))
        {
            if (start + 1 >= text!.Length || text[start + 1] != '{')
            {
                continue;
            }

            for (var i = start + 2; i < text!.Length && !IsLineTerminator(text[i]); i++)
            {
                if (text[i] == '}' && i > start + 2)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The characters JavaScript's <c>.</c> does not match.</summary>
    private static bool IsLineTerminator(char c) => c is '\n' or '\r' or '\u2028' or '\u2029';

    /// <summary>Finds a robot by name, or returns null. Builds that robot's spec only (<see cref="RobotTable"/>).</summary>
    /// <param name="name">The robot name, e.g. <c>/image/generate</c>.</param>
    public static RobotSpec? FindRobot(string name) => TableNames.IndexOf(RobotNames, name) is var i and >= 0 ? Robots[i] : null;

    /// <summary>Finds a model by id or alias (<c>gpt-image-2</c> finds <c>openai/gpt-image-2</c>), or returns null.</summary>
    /// <param name="idOrAlias">The id or alias.</param>
    public static ModelSpec? FindModel(string idOrAlias)
    {
        var i = TableNames.IndexOf(ModelIndex.Names, idOrAlias);
        return i < 0 ? null : ModelIndex.Models[i];
    }

    /// <summary>Every model id and alias, each model's id first: what a model name may be.</summary>
    internal static string[] ModelNames => ModelIndex.Names;

    /// <summary>Ids and aliases in one flat array beside their models, built on first use (after the generated tables).</summary>
    private static class ModelIndex
    {
        public static readonly string[] Names;
        public static readonly ModelSpec[] Models;

        static ModelIndex()
        {
            var names = new System.Collections.Generic.List<string>();
            var models = new System.Collections.Generic.List<ModelSpec>();
            foreach (var model in SchemaTables.Models)
            {
                names.Add(model.Id);
                models.Add(model);
                foreach (var alias in model.Aliases)
                {
                    names.Add(alias);
                    models.Add(model);
                }
            }

            Names = names.ToArray();
            Models = models.ToArray();
        }
    }
}
