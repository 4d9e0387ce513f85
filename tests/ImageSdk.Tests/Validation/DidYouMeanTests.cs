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
}
