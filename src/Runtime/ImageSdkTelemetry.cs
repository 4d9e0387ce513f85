using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ImageSdk;

/// <summary>
/// The runtime's telemetry, named after the package (<c>ImageSdk.Runtime</c>): spans for the assembly, each step and each
/// provider call (retries as events on the call), counters of images and calls, and a histogram of call latency.
/// </summary>
public static class ImageSdkTelemetry
{
    /// <summary>The name of the <see cref="System.Diagnostics.ActivitySource"/> and the <see cref="System.Diagnostics.Metrics.Meter"/>.</summary>
    public const string Name = "ImageSdk.Runtime";

    /// <summary>The spans.</summary>
    public static ActivitySource ActivitySource { get; } = new(Name);

    private static readonly Meter s_meter = new(Name);
    private static readonly Counter<long> s_calls = s_meter.CreateCounter<long>("imagesdk.provider.calls", description: "Provider calls, by provider and outcome.");
    private static readonly Counter<long> s_images = s_meter.CreateCounter<long>("imagesdk.images", description: "Images written, by provider and model.");
    private static readonly Histogram<double> s_latency = s_meter.CreateHistogram<double>("imagesdk.provider.duration", unit: "s", description: "Provider call latency.");

    /// <summary>Records one provider call.</summary>
    internal static void RecordCall(string provider, string model, bool success, double seconds)
    {
        var tags = new TagList { { "provider", provider }, { "model", model }, { "outcome", success ? "success" : "failure" } };
        s_calls.Add(1, tags);
        s_latency.Record(seconds, tags);
    }

    /// <summary>Records images written.</summary>
    internal static void RecordImages(string provider, string model, int count) =>
        s_images.Add(count, new KeyValuePair<string, object?>("provider", provider), new KeyValuePair<string, object?>("model", model));

    /// <summary>Adds a retry event to the current provider-call span.</summary>
    internal static void RecordRetry(string provider, string? reason) =>
        Activity.Current?.AddEvent(new ActivityEvent("retry", tags: new ActivityTagsCollection { { "provider", provider }, { "reason", reason } }));
}
