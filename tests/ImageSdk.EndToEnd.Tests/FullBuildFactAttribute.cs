using System;

namespace ImageSdk.Tests;

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
