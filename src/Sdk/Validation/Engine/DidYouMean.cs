using System;
using System.Collections.Generic;

namespace ImageSdk.Validation.Engine;

/// <summary>Suggests the nearest known name for a misspelt one.</summary>
internal static class DidYouMean
{
    /// <summary>The candidate closest to <paramref name="name"/> by edit distance, or null when none is close.</summary>
    public static string? Suggest(string name, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Distance(name, candidate);
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        if (best is null)
        {
            return null;
        }

        // Close enough: a third of the longer name, at least one edit; or the same name in another case or with - for _.
        var allowed = Math.Max(1, Math.Max(name.Length, best.Length) / 3);
        return bestDistance <= allowed || Normalize(name) == Normalize(best) ? best : null;
    }

    /// <summary>" (did you mean 'x'?)" or an empty string.</summary>
    public static string Hint(string name, IEnumerable<string> candidates) =>
        Suggest(name, candidates) is { } suggestion ? $" (did you mean '{suggestion}'?)" : string.Empty;

    private static string Normalize(string value) => value.ToLowerInvariant().Replace('-', '_').Replace(" ", string.Empty);

    [ThreadStatic]
    private static int[]? t_rows;

    /// <summary>Optimal string alignment distance (Levenshtein plus adjacent transpositions), ignoring case; three rows, reused.</summary>
    internal static int Distance(string a, string b)
    {
        if (a.Length > 64 || b.Length > 64)
        {
            return Math.Max(a.Length, b.Length);
        }

        var width = b.Length + 1;
        var rows = t_rows ??= new int[3 * 65];
        int Cell(int row, int column) => rows[(row % 3) * width + column];

        for (var j = 0; j <= b.Length; j++)
        {
            rows[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            var current = (i % 3) * width;
            rows[current] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                var value = Math.Min(Math.Min(Cell(i - 1, j) + 1, rows[current + j - 1] + 1), Cell(i - 1, j - 1) + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    value = Math.Min(value, Cell(i - 2, j - 2) + 1);
                }

                rows[current + j] = value;
            }
        }

        return Cell(a.Length, b.Length);
    }
}
