using System;
using System.Text.RegularExpressions;

namespace ImageSdk.Tables;

/// <summary>
/// The data the validation rules read, generated from <c>schema/</c>: robots and their parameters,
/// the top-level keys, and the model catalog. This part holds the look-ups; the data is generated.
/// </summary>
public static partial class SchemaTables
{
    // With ECMAScript's meaning, as Transloadit applies it: $ only at the very end, . no line terminator.
    private static readonly Regex s_interpolation = new(ImageSdk.Validation.Engine.SchemaFragment.Translate(InterpolationPattern), RegexOptions.CultureInvariant | RegexOptions.Compiled);

    /// <summary>
    /// Whether <paramref name="text"/> is one <c>${...}</c> Assembly Variable as its whole value (the schema's interpolation
    /// pattern): the only form in which a number, boolean, enum or union parameter takes a variable, as in Transloadit.
    /// </summary>
    /// <param name="text">The text to inspect.</param>
    public static bool IsInterpolation(string? text) =>
        text is not null && text.IndexOf('$') >= 0 && s_interpolation.IsMatch(text); // one vectorized char search spares most texts the regex

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

    /// <summary>Finds a robot by name, or returns null.</summary>
    /// <param name="name">The robot name, e.g. <c>/image/generate</c>.</param>
    public static RobotSpec? FindRobot(string name)
    {
        for (var i = 0; i < Robots.Count; i++)
        {
            if (string.Equals(Robots[i].Name, name, StringComparison.Ordinal))
            {
                return Robots[i];
            }
        }

        return null;
    }

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
