using System.Linq;
using CsCheck;
using ImageSdk.Validation.Engine;
using Xunit;

namespace ImageSdk.Tests.Validation;

public class DidYouMeanTests
{
    [Theory]
    [InlineData("num_output", "num_outputs", 1)]
    [InlineData("fromat", "format", 1)]
    [InlineData("FORMAT", "format", 0)]
    [InlineData("abc", "xyz", 3)]
    [InlineData("", "seed", 4)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("google/nano-banan", "google/nano-banana", 1)]
    [InlineData("google/nano-banan", "google/nano-banana-pro", 5)]
    [InlineData("Num_Ouptuts", "num_outputs", 1)] // a transposition, in another case
    [InlineData("abcXdef", "abcYdef", 1)]
    [InlineData("xab", "xba", 1)]
    public void Distance_is_the_optimal_string_alignment_distance_ignoring_case(string a, string b, int expected)
    {
        Assert.Equal(expected, DidYouMean.Distance(a, b));
        Assert.Equal(expected, DidYouMean.Distance(b, a));
    }

    [Fact]
    public void Suggestions_are_close_names_only()
    {
        Assert.Equal("num_outputs", DidYouMean.Suggest("num_ouputs", new[] { "prompt", "num_outputs", "seed" }));
        Assert.Null(DidYouMean.Suggest("negative_prompt", new[] { "prompt", "num_outputs", "seed" }));
    }

    [Fact]
    public void Distance_equals_the_textbook_full_matrix_on_random_names()
    {
        var name = Gen.Char["abAB-_/9"].Array[0, 12].Select(c => new string(c));
        Gen.Select(name, name).Sample((a, b) => Assert.Equal(Reference(a, b), DidYouMean.Distance(a, b)), iter: 5000);
    }

    [Fact]
    public void A_limited_distance_is_exact_up_to_the_limit_and_above_it_beyond()
    {
        var name = Gen.Char["abAB-_/9"].Array[0, 12].Select(c => new string(c));
        Gen.Select(name, name, Gen.Int[-1, 8]).Sample((a, b, limit) =>
        {
            var full = Reference(a, b);
            var limited = DidYouMean.Distance(a, b, limit);
            if (full <= limit)
            {
                Assert.Equal(full, limited);
            }
            else
            {
                Assert.True(limited > limit, $"'{a}' ~ '{b}': {limited} within the limit {limit}, full distance {full}");
            }
        }, iter: 5000);
    }

    [Fact]
    public void The_suggestion_is_the_first_nearest_close_candidate()
    {
        // Without any bound: every candidate measured in full, then the first at the smallest distance among the close ones.
        var name = Gen.Char["abcdA_- "].Array[1, 9].Select(c => new string(c));
        Gen.Select(name, name.Array[1, 6]).Sample((a, candidates) =>
        {
            static string Normalize(string s) => s.ToLowerInvariant().Replace('-', '_').Replace(" ", string.Empty);
            var close = candidates
                .Where(c => Reference(a, c) <= System.Math.Max(1, System.Math.Max(a.Length, c.Length) / 3) || Normalize(a) == Normalize(c))
                .ToArray();
            var expected = close.Length == 0 ? null : close.OrderBy(c => Reference(a, c)).First();
            Assert.Equal(expected, DidYouMean.Suggest(a, candidates));
        }, iter: 20000);
    }

    [Fact]
    public void A_candidate_that_is_not_close_does_not_hide_a_close_one_at_the_same_distance()
    {
        // Four edits from both; four is within a third of twelve characters, not of nine.
        Assert.Equal("abcdefghXYZW", DidYouMean.Suggest("abcdefghi", new[] { "abcdeXYZW", "abcdefghXYZW" }));
        Assert.Null(DidYouMean.Suggest("dall-e-3", new[] { "stability-ai/stable-diffusion-inpainting", "flux-schnell", "recraft-v3" }));
    }

    [Fact]
    public void A_name_spelt_with_other_case_dashes_and_spaces_is_suggested_even_when_far()
    {
        Assert.Equal("num_outputs", DidYouMean.Suggest("NUM - OUTPUTS", new[] { "prompt", "num_outputs", "seed" }));
        Assert.Equal("a_b_c_d", DidYouMean.Suggest("a-b-c-d", new[] { "abcd", "a_b_c_d" })); // three edits from both: only the second is close
    }

    /// <summary>Optimal string alignment on the full matrix, as in the textbook, with letters compared ignoring case.</summary>
    private static int Reference(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = Same(a[i - 1], b[j - 1]) ? 0 : 1;
                d[i, j] = System.Math.Min(System.Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && Same(a[i - 1], b[j - 2]) && Same(a[i - 2], b[j - 1]))
                {
                    d[i, j] = System.Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];

        static bool Same(char x, char y) => char.ToLowerInvariant(x) == char.ToLowerInvariant(y);
    }
}
