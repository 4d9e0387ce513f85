using System.Linq;
using ImageSdk.Validation;

namespace ImageSdk.Tests.Validation;

/// <summary>The validator judges the model's capabilities, and the named route's where a constant <c>provider</c> names one.</summary>
public class RouteCapabilityTests
{
    private static ValidationResult Validate(string extra) =>
        AssemblyValidator.Validate("""{"steps": {"g": {"robot": "/image/generate", "prompt": "x", "model": "gpt-image-2", "aspect_ratio": "4:3" """ + extra + "}}}");

    [Fact]
    public void Without_a_provider_the_models_ratio_list_is_the_judge()
    {
        var finding = Assert.Single(Validate(string.Empty).Findings);
        Assert.Equal(("IMG1506", "/steps/g/aspect_ratio"), (finding.Code, finding.Path));
        Assert.StartsWith("openai/gpt-image-2 does not list aspect_ratio '4:3'", finding.Message, System.StringComparison.Ordinal);
    }

    [Fact]
    public void A_route_that_takes_any_ratio_through_a_size_accepts_it()
    {
        Assert.Empty(Validate(""", "provider": "openai" """).Findings);
    }

    [Fact]
    public void A_route_with_its_own_list_snaps_by_it_and_says_which_route()
    {
        var finding = Assert.Single(Validate(""", "provider": "replicate" """).Findings);
        Assert.Equal("IMG1506", finding.Code);
        Assert.StartsWith("openai/gpt-image-2 on replicate does not list aspect_ratio '4:3'; it will be snapped to '3:2'", finding.Message, System.StringComparison.Ordinal);
    }

    [Fact]
    public void A_provider_that_is_not_a_route_of_the_model_or_a_variable_leaves_the_models_list_in_charge()
    {
        Assert.Equal("IMG1506", Assert.Single(Validate(""", "provider": "offline" """).Findings).Code);
        Assert.Equal("IMG1506", Assert.Single(Validate(""", "provider": "${fields.p}" """).Findings).Code);
    }
}
