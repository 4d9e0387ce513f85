using System;
using System.Collections.Generic;

namespace ImageSdk.Validation.Engine;

/// <summary>Suggests the nearest known name for a misspelt one.</summary>
internal static class DidYouMean
{
    /// <summary>
    /// The nearest close candidate to <paramref name="name"/> (the first of equals), or null. A candidate is close when its
    /// edit distance is within a third of the longer of the two names (at least one edit), or when it is the same name in
    /// another case, with <c>-</c> for <c>_</c> or with spaces.
    /// </summary>
    public static string? Suggest(string name, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            // Each candidate is measured only as far as it could be close and better than the best so far: a far name stops
            // after a few rows (see Distance), and one whose length alone is too different is not measured at all.
            var reach = SameWhenNormalized(name, candidate) ? int.MaxValue - 1 : Math.Max(1, Math.Max(name.Length, candidate.Length) / 3);
            var limit = Math.Min(reach, bestDistance - 1);
            if (Math.Abs(candidate.Length - name.Length) > limit || LetterBound(name, candidate) > limit)
            {
                continue;
            }

            var distance = Distance(name, candidate, limit);
            if (distance <= limit)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return best;
    }

    /// <summary>" (did you mean 'x'?)" or an empty string.</summary>
    public static string Hint(string name, IEnumerable<string> candidates) => Hint(Suggest(name, candidates));

    /// <summary>" (did you mean 'x'?)" for a suggestion already made, or an empty string for none.</summary>
    public static string Hint(string? suggestion) => suggestion is null ? string.Empty : $" (did you mean '{suggestion}'?)";

    /// <summary>
    /// A lower bound of the distance from the letters alone: the letters (lower-cased, in 64 buckets) one name has more of
    /// than the other. Each edit changes that count by at most one on each side, and a transposition not at all.
    /// </summary>
    private static int LetterBound(string a, string b)
    {
        Span<short> counts = stackalloc short[64];
        counts.Clear();
        foreach (var c in a)
        {
            counts[char.ToLowerInvariant(c) & 63]++;
        }

        foreach (var c in b)
        {
            counts[char.ToLowerInvariant(c) & 63]--;
        }

        // Indexed, not foreach: the generator tests compile this file at C# 12, where foreach over a span is not allowed.
        int more = 0, fewer = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            var count = counts[i];
            if (count > 0)
            {
                more += count;
            }
            else
            {
                fewer -= count;
            }
        }

        return Math.Max(more, fewer);
    }

    /// <summary>Whether two names are the same ignoring case, spaces, and <c>-</c> against <c>_</c>.</summary>
    private static bool SameWhenNormalized(string a, string b)
    {
        int i = 0, j = 0;
        while (true)
        {
            while (i < a.Length && a[i] == ' ')
            {
                i++;
            }

            while (j < b.Length && b[j] == ' ')
            {
                j++;
            }

            if (i == a.Length || j == b.Length)
            {
                return i == a.Length && j == b.Length;
            }

            if (Fold(a[i++]) != Fold(b[j++]))
            {
                return false;
            }
        }
    }

    private static char Fold(char c) => c == '-' ? '_' : char.ToLowerInvariant(c);

    [ThreadStatic]
    private static int[]? t_rows;

    /// <summary>
    /// Optimal string alignment distance (Levenshtein plus adjacent transpositions), ignoring case; three rows, reused.
    /// The common prefix and suffix are dropped first (they cost nothing), so a one-letter slip in a long name is a tiny
    /// matrix. A distance above <paramref name="limit"/> is not measured to the end: once two rows in a row exceed it, every
    /// later cell does (each comes from the row above or the one before it), and a number above the limit is returned.
    /// </summary>
    internal static int Distance(string a, string b, int limit = int.MaxValue - 1)
    {
        if (a.Length > 64 || b.Length > 64)
        {
            return Math.Max(a.Length, b.Length);
        }

        // Lower-cased once, not once per cell.
        Span<char> lowerA = stackalloc char[a.Length];
        Span<char> lowerB = stackalloc char[b.Length];
        a.AsSpan().ToLowerInvariant(lowerA);
        b.AsSpan().ToLowerInvariant(lowerB);
        ReadOnlySpan<char> x = lowerA, y = lowerB;
        while (x.Length > 0 && y.Length > 0 && x[0] == y[0])
        {
            x = x.Slice(1);
            y = y.Slice(1);
        }

        while (x.Length > 0 && y.Length > 0 && x[x.Length - 1] == y[y.Length - 1])
        {
            x = x.Slice(0, x.Length - 1);
            y = y.Slice(0, y.Length - 1);
        }

        if (x.Length == 0 || y.Length == 0)
        {
            return x.Length + y.Length;
        }

        var width = y.Length + 1;
        var rows = t_rows ??= new int[3 * 65];
        for (var j = 0; j <= y.Length; j++)
        {
            rows[j] = j;
        }

        var previousRowAbove = limit < 0; // whether every cell of row i - 1 exceeds the limit (row 0 holds 0)
        for (var i = 1; i <= x.Length; i++)
        {
            var current = (i % 3) * width;
            var previous = ((i - 1) % 3) * width;
            var beforePrevious = ((i + 1) % 3) * width; // row i - 2
            rows[current] = i;
            var rowMinimum = i;
            for (var j = 1; j <= y.Length; j++)
            {
                var cost = x[i - 1] == y[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(rows[previous + j] + 1, rows[current + j - 1] + 1), rows[previous + j - 1] + cost);
                if (i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1])
                {
                    value = Math.Min(value, rows[beforePrevious + j - 2] + 1);
                }

                rows[current + j] = value;
                rowMinimum = Math.Min(rowMinimum, value);
            }

            var rowAbove = rowMinimum > limit;
            if (rowAbove && previousRowAbove)
            {
                return limit + 1;
            }

            previousRowAbove = rowAbove;
        }

        return rows[(x.Length % 3) * width + y.Length];
    }
}
