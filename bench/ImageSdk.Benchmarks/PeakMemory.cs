using System;
using System.IO;
using System.Linq;
using Microsoft.Extensions.DependencyInjection;

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

    /// <summary>
    /// Peak memory of a run of <paramref name="outputs"/> images through the three providers' loopback fakes (0 ms, 256 KB
    /// PNGs), each provider limited to <paramref name="limit"/> calls: <c>dotnet ImageSdk.Benchmarks.dll peak-memory-providers 100 4</c>
    /// and <c>... 1000 4</c>, each in its own process.
    /// </summary>
    public static void RunProviders(int outputs, int limit)
    {
        var fake = LatencyFake.StartAsync(256 * 1024).GetAwaiter().GetResult();
        using var services = fake.Services(maxConcurrency: limit);
        var models = new[] { "google/nano-banana", "gpt-image-2", "flux-schnell" };
        var steps = string.Join(",", Enumerable.Range(0, outputs / 4).Select(i => $"\"s{i}\": {{\"robot\": \"/image/generate\", \"prompt\": \"p{i}\", \"model\": \"{models[i % 3]}\", \"num_outputs\": 4, \"format\": \"png\"}}"));
        var output = Directory.CreateTempSubdirectory("imagesdk-peak-").FullName;
        GC.Collect();
        var before = Peak();
        var runner = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Running.AssemblyRunner>(services);
        var result = runner.RunAsync(System.Text.Encoding.UTF8.GetBytes("{\"steps\": {" + steps + "}}"), [], new Running.RunOptions { OutputDirectory = output }).GetAwaiter().GetResult();
        var written = result.Results.Sum(r => r.Value.Count);
        var heapBefore = GC.GetTotalMemory(false) / (1024 * 1024);
        var heapAfter = GC.GetTotalMemory(true) / (1024 * 1024);
        Console.WriteLine($"managed heap at the end {heapBefore} MB, {heapAfter} MB after a full collection; gen2 collections {GC.CollectionCount(2)}");
        Directory.Delete(output, recursive: true);
        fake.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Console.WriteLine($"providers {outputs} outputs, limit {limit} per provider ({written} written, {result.Ok ?? result.Error}): peak {Peak() / 1024.0:F0} MB (after setup {before / 1024.0:F0} MB)");
    }

    /// <summary>
    /// Peak memory of an offline batch of <paramref name="images"/> images through generate -> resize -> optimize, as one
    /// assembly on the offline renderer (no provider keys): a generate step of 10 outputs per ten images
    /// (google/nano-banana, png), each followed by a <c>/image/resize</c> (fit 512x512) and an <c>/image/optimize</c> step.
    /// <c>dotnet ImageSdk.Benchmarks.dll peak-memory-batch 100</c> and <c>... 1000</c>, each in its own process; bench/peak-memory/batch.sh runs both.
    /// </summary>
    public static void RunBatch(int images)
    {
        using var services = new ServiceCollection()
            .AddImageSdk(o => o.ReadEnvironment = false)
            .BuildServiceProvider();
        var steps = string.Join(",", Enumerable.Range(0, images / 10).Select(i =>
            $"\"g{i}\": {{\"robot\": \"/image/generate\", \"prompt\": \"a lighthouse, study {i}\", \"model\": \"google/nano-banana\", \"num_outputs\": 10, \"format\": \"png\", \"seed\": {i}}}," +
            $"\"r{i}\": {{\"robot\": \"/image/resize\", \"use\": \"g{i}\", \"width\": 512, \"height\": 512, \"resize_strategy\": \"fit\"}}," +
            $"\"o{i}\": {{\"robot\": \"/image/optimize\", \"use\": \"r{i}\"}}"));
        var output = Directory.CreateTempSubdirectory("imagesdk-peak-batch-").FullName;
        GC.Collect();
        var before = Peak();
        var runner = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Running.AssemblyRunner>(services);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var result = runner.RunAsync(System.Text.Encoding.UTF8.GetBytes("{\"steps\": {" + steps + "}}"), [], new Running.RunOptions { OutputDirectory = output }).GetAwaiter().GetResult();
        var elapsed = watch.Elapsed;
        var optimized = result.Results.Where(r => r.Key.StartsWith('o')).Sum(r => r.Value.Count);
        var heapBefore = GC.GetTotalMemory(false) / (1024 * 1024);
        var heapAfter = GC.GetTotalMemory(true) / (1024 * 1024);
        Console.WriteLine($"managed heap at the end {heapBefore} MB, {heapAfter} MB after a full collection; gen2 collections {GC.CollectionCount(2)}");
        Directory.Delete(output, recursive: true);
        Console.WriteLine($"batch {images} images ({optimized} optimized, {result.Ok ?? result.Error}, {elapsed.TotalSeconds:F1} s): peak {Peak() / 1024.0:F0} MB (after setup {before / 1024.0:F0} MB)");
    }

    private static long Peak() =>
        long.Parse(File.ReadAllLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
}
