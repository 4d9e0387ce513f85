using System;
using System.IO;
using System.Linq;
using System.Reflection;

namespace ImageSdk.Tests;

/// <summary>The builds of referenced projects that tests start or load (ProjectReference OutputItemType="TestedBuild", tests/Directory.Build.targets).</summary>
internal static class TestedBuild
{
    /// <summary>The path of the referenced build of <paramref name="assemblyName"/>, as this test project was built against it.</summary>
    public static string Path(string assemblyName)
    {
        var path = typeof(TestedBuild).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(a => a.Key == "TestedBuild:" + assemblyName)?.Value
            ?? throw new InvalidOperationException($"{assemblyName} is no TestedBuild ProjectReference of this test project");
        return File.Exists(path) ? path : throw new FileNotFoundException($"{assemblyName}'s build is gone; build the test project again", path);
    }
}
