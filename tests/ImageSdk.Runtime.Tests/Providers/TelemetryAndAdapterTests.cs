using System;
using System.ClientModel;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using ImageSdk.Providers;
using ImageSdk.Running;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using OpenAI;
using OpenAI.Images;

#pragma warning disable MEAI001 // IImageGenerator is experimental

namespace ImageSdk.Tests.Providers;

[CollectionDefinition(nameof(TelemetryAndAdapterTests), DisableParallelization = true)]
public sealed class TelemetryCollection;

/// <summary>Spans and metrics of a run (alone, so that no other test's telemetry mixes in), and Microsoft.Extensions.AI both ways.</summary>
[Collection(nameof(TelemetryAndAdapterTests))]
public sealed class TelemetryAndAdapterTests : FakeProviderTests
{
    public TelemetryAndAdapterTests()
        : base("imagesdk-telemetry-")
    {
    }


    [Fact]
    public async Task A_run_has_assembly_step_and_provider_call_spans_with_retries_as_events_and_counts_calls_images_and_latency()
    {
        var activities = new ConcurrentQueue<Activity>();
        using var activityListener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ImageSdkTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Enqueue,
        };
        ActivitySource.AddActivityListener(activityListener);
        var measurements = new ConcurrentQueue<(string Name, double Value)>();
        using var meterListener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == ImageSdkTelemetry.Name)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        meterListener.SetMeasurementEventCallback<long>((instrument, value, _, _) => measurements.Enqueue((instrument.Name, value)));
        meterListener.SetMeasurementEventCallback<double>((instrument, value, _, _) => measurements.Enqueue((instrument.Name, value)));
        meterListener.Start();
        Fake.Inject("replicate.create", new Fault(FaultKind.Status, 503));

        using var services = ProviderTests.Services(Fake.Endpoint);
        var result = await services.GetRequiredService<AssemblyRunner>().RunAsync(
            Encoding.UTF8.GetBytes("""{"steps": {"traced": {"robot": "/image/generate", "prompt": "x", "model": "flux-schnell", "num_outputs": 2}}}"""),
            [], new RunOptions { OutputDirectory = Out });

        Assert.True(result.Completed, result.Message);
        var assembly = Assert.Single(activities, a => a.OperationName == "imagesdk.assembly");
        var step = Assert.Single(activities, a => a.OperationName == "imagesdk.step");
        var call = Assert.Single(activities, a => a.OperationName == "imagesdk.provider.call");
        Assert.Equal((assembly.SpanId, step.SpanId), (step.ParentSpanId, call.ParentSpanId));
        Assert.Equal(("traced", "replicate", 2), ((string?)step.GetTagItem("imagesdk.step"), (string?)call.GetTagItem("imagesdk.provider"), (int?)call.GetTagItem("imagesdk.images")));
        Assert.Contains(call.Events, e => e.Name == "retry");
        Assert.Equal(1, measurements.Where(m => m.Name == "imagesdk.provider.calls").Sum(m => m.Value));
        Assert.Equal(2, measurements.Where(m => m.Name == "imagesdk.images").Sum(m => m.Value));
        Assert.Single(measurements, m => m.Name == "imagesdk.provider.duration");
    }

    [Fact]
    public async Task An_openai_image_client_as_iimagegenerator_serves_the_openai_route()
    {
        var client = new ImageClient("gpt-image-2", new ApiKeyCredential(FakeProviderServer.OpenAIKey), new OpenAIClientOptions { Endpoint = new Uri(Fake.Endpoint, "/v1") });
        var provider = client.AsIImageGenerator().AsImageProvider(ProviderNames.OpenAI);

        var result = await new AssemblyRunner([provider]).RunAsync(
            Encoding.UTF8.GetBytes("""{"steps": {"g": {"robot": "/image/generate", "prompt": "x", "model": "gpt-image-2", "num_outputs": 2, "format": "png"}}}"""),
            [], new RunOptions { OutputDirectory = Out });

        Assert.True(result.Completed, result.Message);
        Assert.Equal(2, result.Results["g"].Count);
        Assert.All(result.Results["g"], f => Assert.Equal("openai", f.Meta["provider"]));
        Assert.Equal(2, Assert.Single(Fake.Received("openai"))["n"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_provider_as_iimagegenerator_generates_and_edits()
    {
        using var services = ProviderTests.Services(Fake.Endpoint);
        var google = services.GetServices<IImageProvider>().Single(p => p.Name == ProviderNames.Google);
        using var generator = google.AsImageGenerator("google/nano-banana");

        var generated = await generator.GenerateImagesAsync("A red fox", new Microsoft.Extensions.AI.ImageGenerationOptions { MediaType = "image/png", AdditionalProperties = new() { [ImageGeneratorAdapters.SeedProperty] = 42L } });
        var image = Assert.IsType<DataContent>(Assert.Single(generated.Contents));
        Assert.Equal("image/png", image.MediaType);
        Assert.Equal(42, Assert.Single(Fake.Received("google"))["generationConfig"]!["seed"]!.GetValue<long>());
        Assert.Equal("google", generator.GetService<ImageGeneratorMetadata>()!.ProviderName);

        var edited = await generator.EditImageAsync(new DataContent(File.ReadAllBytes(Samples.CoastWithHole), "image/png"), "Make it night");
        Assert.Single(edited.Contents);
        Assert.NotNull(Fake.Received("google")[1]["contents"]![0]!["parts"]![1]!["inlineData"]);
    }
}
