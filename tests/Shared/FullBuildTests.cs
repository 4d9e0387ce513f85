using System;

namespace ImageSdk.Tests;

/// <summary>
/// The switch of the full test run, <c>IMAGESDK_FULL_BUILD_TESTS=1</c>, which .ci/run sets. Without it, <c>dotnet test</c>
/// runs every test a contributor needs in a few minutes on a 2-core machine: the end-to-end tests that build the whole
/// SDK from a copy of the repository are skipped with the reason, and the property tests run fewer generated cases (the
/// same generators; where a test fixes its seed, the shorter run is a prefix of the full one).
/// </summary>
internal static class FullBuildTests
{
    public const string Switch = "IMAGESDK_FULL_BUILD_TESTS";

    /// <summary>Whether the switch is set.</summary>
    public static bool Enabled { get; } = Environment.GetEnvironmentVariable(Switch) == "1";

    /// <summary>Null where the switch is set; elsewhere why a whole-SDK build is skipped.</summary>
    public static string? SkipReason { get; } = Enabled
        ? null
        : $"builds the SDK from a copy of the repository (minutes): set {Switch}=1 to run it, as .ci/run does";

    /// <summary>The number of generated cases of a property test: <paramref name="full"/> with the switch, else <paramref name="everyRun"/>.</summary>
    public static int Cases(int everyRun, int full) => Enabled ? full : everyRun;
}
