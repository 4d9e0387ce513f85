using System;
using System.IO;

namespace ImageSdk.Tests;

/// <summary>The one place that knows where the samples are copied next to the tests.</summary>
internal static class Samples
{
    /// <summary>The samples folder in the test output.</summary>
    public static string Directory => System.IO.Path.Combine(AppContext.BaseDirectory, "samples");

    /// <summary>A file under samples/, e.g. <c>assemblies/seed-inpaint.json</c>.</summary>
    public static string Path(string relative) => System.IO.Path.Combine(Directory, relative);

    /// <summary>A drawn coast with a transparent hole, its own mask: a small fixture.</summary>
    public static string CoastWithHole => Path("images/coast-with-hole.png");

    /// <summary>The README's photo (CC0) with a transparent hole in a wooden table, its own mask.</summary>
    public static string CoffeeWithHole => Path("images/coffee-with-hole.png");

    /// <summary>The seed inpainting assembly.</summary>
    public static byte[] SeedInpaint => File.ReadAllBytes(Path("assemblies/seed-inpaint.json"));

    /// <summary>The seed's inpainting assembly as text.</summary>
    public static string SeedInpaintJson => File.ReadAllText(Path("assemblies/seed-inpaint.json"));
}
