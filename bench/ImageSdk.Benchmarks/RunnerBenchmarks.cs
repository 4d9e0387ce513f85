using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using ImageSdk.Providers;
using ImageSdk.Running;

namespace ImageSdk.Benchmarks;

/// <summary>
/// Runner overhead: 100 independent steps x 4 outputs through a fake provider with 200 ms latency and a concurrency
/// limit of 16. The ideal wall time is ceil(100 calls / 16) x 200 ms = 1.4 s (flux-schnell returns 4 images per call).
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class RunnerBenchmarks
{
    private const int Steps = 100;
    private byte[] _instructions = Array.Empty<byte>();
    private string _output = string.Empty;

    /// <summary>The ideal wall time, in milliseconds.</summary>
    public static double IdealMilliseconds => Math.Ceiling(Steps / 16.0) * 200;

    [GlobalSetup]
    public void Setup()
    {
        var steps = string.Join(",", Enumerable.Range(0, Steps).Select(i => $"\"s{i}\": {{\"robot\": \"/image/generate\", \"prompt\": \"p{i}\", \"model\": \"flux-schnell\", \"provider\": \"fake\", \"num_outputs\": 4, \"format\": \"png\"}}"));
        _instructions = Encoding.UTF8.GetBytes("{\"steps\": {" + steps + "}}");
        _output = Path.Combine(Path.GetTempPath(), "imagesdk-bench-runner");
    }

    [Benchmark(Description = "100 steps x 4 outputs, 200 ms latency, limit 16 (ideal 1.4 s)")]
    public async Task<int> Run()
    {
        var result = await new AssemblyRunner(new[] { new LatencyProvider() }).RunAsync(_instructions, Array.Empty<RunUpload>(), new RunOptions { OutputDirectory = _output });
        return result.Completed ? result.Results.Sum(r => r.Value.Count) : throw new InvalidOperationException(result.Message);
    }

    private sealed class LatencyProvider : IImageProvider
    {
        private static readonly byte[] Png = NetVips.Image.Black(8, 8, bands: 3).PngsaveBuffer();

        public string Name => "fake";

        public bool IsConfigured => true;

        public int MaxConcurrency => 16;

        public async Task<IReadOnlyList<ProviderImage>> GenerateAsync(ProviderRequest request, CancellationToken cancellationToken)
        {
            await Task.Delay(200, cancellationToken);
            return Enumerable.Range(0, request.Count).Select(k => new ProviderImage(Png, "png", request.Seed + k)).ToList();
        }
    }
}
