using System.Globalization;
using CsCheck;
using ImageSdk.Tables;
using Xunit;

namespace ImageSdk.Tests.Validation;

public class AspectRatioTests
{
    [Theory]
    [InlineData("16:9", 16, 9)]
    [InlineData("1:1", 1, 1)]
    [InlineData("021:9", 21, 9)]
    [InlineData("2147483647:1", int.MaxValue, 1)]
    public void Reads_positive_integer_ratios(string text, int width, int height)
    {
        Assert.True(AspectRatio.TryParse(text, out var w, out var h));
        Assert.Equal((width, height), (w, h));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("16")]
    [InlineData(":9")]
    [InlineData("16:")]
    [InlineData("0:9")]
    [InlineData("16:0")]
    [InlineData("-16:9")]
    [InlineData("+16:9")]
    [InlineData(" 16:9")]
    [InlineData("16:9:1")]
    [InlineData("1.5:1")]
    [InlineData("2147483648:1")]
    [InlineData("١٦:٩")] // Arabic-Indic digits are not ASCII digits
    public void Rejects_anything_else(string? text)
    {
        Assert.False(AspectRatio.TryParse(text, out var w, out var h));
        Assert.Equal((0, 0), (w, h));
    }

    [Fact]
    public void Agrees_with_int_parsing_of_both_sides()
    {
        Gen.Char["0123456789:-+ 9"].Array[0, 14].Select(c => new string(c)).Sample(text =>
        {
            var colon = text.IndexOf(':');
            var expected = colon > 0
                && int.TryParse(text.Substring(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var w) && w > 0
                && int.TryParse(text.Substring(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var h) && h > 0;
            Assert.Equal(expected, AspectRatio.TryParse(text, out _, out _));
        }, iter: 5000);
    }
}
