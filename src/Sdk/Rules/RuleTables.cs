using System;
using System.Text.RegularExpressions;

namespace ImageSdk.Rules;

/// <summary>
/// The data the validation rules read, generated from <c>schema/</c>: robots and their parameters,
/// the top-level keys, and the model catalog. This part holds the look-ups; the data is generated.
/// </summary>
public static partial class RuleTables
{
    private static readonly Regex s_interpolation = new(InterpolationPattern, RegexOptions.CultureInvariant | RegexOptions.Compiled);
    private static (string Name, ModelSpec Model)[]? s_modelNames;

    /// <summary>Whether <paramref name="text"/> holds a <c>${...}</c> Assembly Variable (the schema's interpolation pattern).</summary>
    /// <param name="text">The text to inspect.</param>
    public static bool IsInterpolation(string? text) =>
        text is not null && text.IndexOf('$') >= 0 && s_interpolation.IsMatch(text); // one vectorized char search spares most texts the regex

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
        // Ids and aliases in one flat array, built on first use. The validator hands over the tables' own strings, found by
        // reference; any other string is compared in full.
        var names = s_modelNames ??= BuildModelNames();
        foreach (var (name, model) in names)
        {
            if (ReferenceEquals(name, idOrAlias))
            {
                return model;
            }
        }

        foreach (var (name, model) in names)
        {
            if (string.Equals(name, idOrAlias, StringComparison.Ordinal))
            {
                return model;
            }
        }

        return null;
    }

    private static (string Name, ModelSpec Model)[] BuildModelNames()
    {
        var names = new System.Collections.Generic.List<(string, ModelSpec)>();
        foreach (var model in Models)
        {
            names.Add((model.Id, model));
            foreach (var alias in model.Aliases)
            {
                names.Add((alias, model));
            }
        }

        return names.ToArray();
    }
}
