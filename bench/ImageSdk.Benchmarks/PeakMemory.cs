using System;
using System.IO;
using System.Linq;

namespace ImageSdk.Benchmarks;

/// <summary>
/// Peak memory of one output_meta pipeline, in a process of its own (BenchmarkDotNet sees only managed allocations, and
/// libvips allocates natively): <c>dotnet ImageSdk.Benchmarks.dll peak-memory PIPELINE IMAGE</c>, PIPELINE one of
/// imagesharp, skiasharp, netvips; IMAGE one of rgba2048, opaque1024. Prints the process's peak resident set (VmHWM).
/// </summary>
public static class PeakMemory
{
    public static void Run(string pipeline, string image)
    {
        var bench = new OutputMetaBenchmarks { Image = image == "rgba2048" ? "2048x2048 RGBA" : "1024x1024 opaque" };
        bench.Setup();
        GC.Collect();
        var before = Peak();
        Func<string> run = pipeline switch
        {
            "imagesharp" => bench.ImageSharp,
            "skiasharp" => bench.Skia,
            "netvips" => bench.ImageSdkNetVips,
            _ => throw new ArgumentException("pipelines: imagesharp, skiasharp, netvips"),
        };
        for (var i = 0; i < 10; i++)
        {
            run();
        }

        Console.WriteLine($"{pipeline} {image}: peak {Peak() / 1024.0:F0} MB (after setup {before / 1024.0:F0} MB)");
    }

    private static long Peak() =>
        long.Parse(File.ReadAllLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
}
