using System;

namespace ImageSdk.Tests;

/// <summary>
/// The end-to-end tests that build the whole SDK from a copy of the repository (the packages packed in Release, then a
/// console app and the tool from them; a build with an edited schema) take minutes on a 2-core machine. They run where
/// <c>IMAGESDK_FULL_BUILD_TESTS=1</c> (.ci/run sets it), and are skipped elsewhere with the reason.
/// </summary>
internal static class FullBuildTests
{
    public const string Switch = "IMAGESDK_FULL_BUILD_TESTS";

    public static string? SkipReason { get; } = Environment.GetEnvironmentVariable(Switch) == "1"
        ? null
        : $"builds the SDK from a copy of the repository (minutes): set {Switch}=1 to run it, as .ci/run does";
}

/// <summary>A fact of <see cref="FullBuildTests"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class FullBuildFactAttribute : FactAttribute
{
    public FullBuildFactAttribute() => Skip = FullBuildTests.SkipReason;
}

/// <summary>A theory of <see cref="FullBuildTests"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class FullBuildTheoryAttribute : TheoryAttribute
{
    public FullBuildTheoryAttribute() => Skip = FullBuildTests.SkipReason;
}
