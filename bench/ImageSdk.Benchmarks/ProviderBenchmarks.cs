using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using ImageSdk.Providers;
using ImageSdk.Running;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ImageSdk.Benchmarks;

/// <summary>
/// A loopback fake of the three providers' generate calls (Kestrel), answering with a fixed 1 MB PNG after a set latency;
/// downloads and polls answer at once, so the latency is that of the paid calls.
/// </summary>
internal sealed class LatencyFake : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly byte[] _gemini;
    private readonly byte[] _openAI;
    private readonly byte[] _png;
    private int _next;

    private LatencyFake(WebApplication app, byte[] png)
    {
        _app = app;
        _png = png;
        var data = Convert.ToBase64String(png);
        _gemini = Encoding.UTF8.GetBytes(new JsonObject { ["candidates"] = new JsonArray(new JsonObject { ["content"] = new JsonObject { ["parts"] = new JsonArray(new JsonObject { ["inlineData"] = new JsonObject { ["mimeType"] = "image/png", ["data"] = data } }) }, ["finishReason"] = "STOP" }) }.ToJsonString());
        _openAI = Encoding.UTF8.GetBytes(new JsonObject { ["data"] = new JsonArray(Enumerable.Range(0, 4).Select(_ => (JsonNode)new JsonObject { ["b64_json"] = data }).ToArray()) }.ToJsonString());
    }

    public Uri Endpoint { get; private init; } = null!;

    public int LatencyMilliseconds { get; set; }

    /// <summary>The Gemini response body, for the bare-HttpClient baseline.</summary>
    public byte[] PngBytes => _png;

    public static async Task<LatencyFake> StartAsync(int pngBytes)
    {
        // Noise does not compress: a side of sqrt(bytes / 3) gives a PNG of about the wanted size.
        var side = (int)Math.Sqrt(pngBytes / 3.0);
        using var noise = NetVips.Image.Gaussnoise(side, side, mean: 128, sigma: 60).Cast(NetVips.Enums.BandFormat.Uchar);
        using var rgb = noise.Bandjoin(noise, noise);
        var png = rgb.PngsaveBuffer(compression: 0);
        LatencyFake? fake = null;
        var (app, endpoint) = await ImageSdk.Tests.Loopback.StartAsync(context => fake!.HandleAsync(context));
        fake = new LatencyFake(app, png) { Endpoint = endpoint };
        return fake;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        await context.Request.Body.CopyToAsync(Stream.Null);
        context.Response.ContentType = "application/json";
        if (path.EndsWith(":generateContent", StringComparison.Ordinal) || path == "/v1/images/generations" || path.EndsWith("/predictions", StringComparison.Ordinal))
        {
            await Task.Delay(LatencyMilliseconds);
        }

        if (path.EndsWith(":generateContent", StringComparison.Ordinal))
        {
            await context.Response.Body.WriteAsync(_gemini);
        }
        else if (path == "/v1/images/generations")
        {
            await context.Response.Body.WriteAsync(_openAI);
        }
        else if (path.EndsWith("/predictions", StringComparison.Ordinal))
        {
            var id = Interlocked.Increment(ref _next);
            var baseUrl = $"{context.Request.Scheme}://{context.Request.Host}";
            context.Response.StatusCode = 201;
            await context.Response.WriteAsync(new JsonObject
            {
                ["id"] = "p" + id,
                ["status"] = "succeeded",
                ["output"] = new JsonArray(Enumerable.Range(0, 4).Select(k => (JsonNode)JsonValue.Create($"{baseUrl}/files/{id}/{k}.png")).ToArray()),
                ["urls"] = new JsonObject { ["get"] = $"{baseUrl}/v1/predictions/p{id}", ["cancel"] = $"{baseUrl}/v1/predictions/p{id}/cancel" },
            }.ToJsonString());
        }
        else
        {
            context.Response.ContentType = "image/png";
            await context.Response.Body.WriteAsync(_png);
        }
    }

    public ValueTask DisposeAsync() => ImageSdk.Tests.Loopback.StopAsync(_app);

    /// <summary>The runtime client with every provider pointed at the fake.</summary>
    public ServiceProvider Services(int maxConcurrency) => new ServiceCollection()
        .AddImageSdk(o =>
        {
            o.ReadEnvironment = false;
            (o.Google.ApiKey, o.OpenAI.ApiKey, o.Replicate.ApiKey) = ("bench-google-key", "bench-openai-key", "bench-replicate-key");
            foreach (var p in new[] { o.Google, o.OpenAI, o.Replicate })
            {
                p.Endpoint = Endpoint;
                p.MaxConcurrency = maxConcurrency;
            }
        })
        .BuildServiceProvider();
}

/// <summary>
/// Client overhead per call against a 0 ms fake that returns a 1 MB PNG as base64: the Gemini provider (its request, the
/// resilience pipeline, the capped buffering, the JSON read and the base64 decode) against a bare HttpClient +
/// System.Text.Json request of the same call. Goal: at most 1.2x.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
[MemoryDiagnoser]
public class ProviderOverheadBenchmarks
{
    private LatencyFake _fake = null!;
    private ServiceProvider _services = null!;
    private IImageProvider _google = null!;
    private ProviderRequest _request = null!;
    private HttpClient _bare = null!;
    private byte[] _body = [];

    [GlobalSetup]
    public async Task Setup()
    {
        _fake = await LatencyFake.StartAsync(1024 * 1024);
        _services = _fake.Services(maxConcurrency: 4);
        _google = _services.GetServices<IImageProvider>().Single(p => p.Name == ProviderNames.Google);
        var model = Tables.SchemaTables.FindModel("google/nano-banana")!;
        _request = new ProviderRequest(model, model.Providers[0].ModelId, "A red fox", 1, 1, 1024, 1024, "1:1", "png", null, null, null, model.Providers[0]);
        _bare = new HttpClient { BaseAddress = _fake.Endpoint };
        _body = Encoding.UTF8.GetBytes("""{"contents":[{"role":"user","parts":[{"text":"A red fox"}]}],"generationConfig":{"responseModalities":["IMAGE"],"candidateCount":1,"imageConfig":{"aspectRatio":"1:1"},"seed":1}}""");
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        _bare.Dispose();
        await _services.DisposeAsync();
        await _fake.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "bare HttpClient + System.Text.Json")]
    public async Task<int> Bare()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1beta/models/gemini-2.5-flash-image:generateContent") { Content = new ByteArrayContent(_body) };
        request.Headers.Add("x-goog-api-key", "bench-google-key");
        using var response = await _bare.SendAsync(request);
        await using var stream = await response.Content.ReadAsStreamAsync();
        using var json = await JsonDocument.ParseAsync(stream);
        var data = json.RootElement.GetProperty("candidates")[0].GetProperty("content").GetProperty("parts")[0].GetProperty("inlineData").GetProperty("data").GetString()!;
        return Convert.FromBase64String(data).Length;
    }

    [Benchmark(Description = "GoogleImageProvider (resilience pipeline, capped read)")]
    public async Task<int> Provider() => (await _google.GenerateAsync(_request, CancellationToken.None))[0].Bytes.Length;
}

/// <summary>
/// Wall time through the loopback fakes with 200 ms latency on each paid call: 100 steps x 4 outputs spread over the three
/// providers (nano-banana on Google: 4 calls of 1 image; gpt-image-2 on OpenAI: 1 call of 4; flux-schnell on Replicate: 1
/// prediction of 4), each provider limited to 16 calls at once. The ideal bound is the slowest provider's
/// ceil(calls / 16) x 200 ms = ceil(34 x 4 / 16) x 200 ms = 1.8 s. Goal: within 10 % of it.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class ProviderWallTimeBenchmarks
{
    private LatencyFake _fake = null!;
    private ServiceProvider _services = null!;
    private byte[] _instructions = [];
    private string _output = string.Empty;

    [GlobalSetup]
    public async Task Setup()
    {
        _fake = await LatencyFake.StartAsync(16 * 1024);
        _fake.LatencyMilliseconds = 200;
        _services = _fake.Services(maxConcurrency: 16);
        var models = new[] { "google/nano-banana", "gpt-image-2", "flux-schnell" };
        var steps = string.Join(",", Enumerable.Range(0, 100).Select(i => $"\"s{i}\": {{\"robot\": \"/image/generate\", \"prompt\": \"p{i}\", \"model\": \"{models[i % 3]}\", \"num_outputs\": 4, \"format\": \"png\"}}"));
        _instructions = Encoding.UTF8.GetBytes("{\"steps\": {" + steps + "}}");
        _output = Path.Combine(Path.GetTempPath(), "imagesdk-bench-providers");
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _services.DisposeAsync();
        await _fake.DisposeAsync();
    }

    [Benchmark(Description = "100 steps x 4 outputs over google/openai/replicate, 200 ms per paid call, limit 16 each (ideal 1.8 s)")]
    public async Task<int> Run()
    {
        var result = await _services.GetRequiredService<AssemblyRunner>().RunAsync(_instructions, [], new RunOptions { OutputDirectory = _output });
        return result.Completed ? result.Results.Sum(r => r.Value.Count) : throw new InvalidOperationException(result.Message);
    }
}
