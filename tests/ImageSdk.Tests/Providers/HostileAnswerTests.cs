using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using ImageSdk.Providers;
using ImageSdk.Running;
using Microsoft.Extensions.DependencyInjection;

namespace ImageSdk.Tests.Providers;

/// <summary>
/// Provider answers that try to lead a key elsewhere or to mislead the report (issues 28 and 29): links to other hosts,
/// and statuses that mean something other than what their number suggests.
/// </summary>
public sealed class HostileAnswerTests : IAsyncLifetime
{
    private readonly string _out = Directory.CreateTempSubdirectory("imagesdk-hostile-answers-").FullName;
    private FakeProviderServer _fake = null!;
    private RecordingServer _elsewhere = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeProviderServer.StartAsync();
        _elsewhere = await RecordingServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _fake.DisposeAsync();
        await _elsewhere.DisposeAsync();
        Directory.Delete(_out, recursive: true);
    }

    private async Task<AssemblyResult> RunAsync(string model, Action<ImageSdkOptions>? tweak = null)
    {
        using var services = ProviderTests.Services(_fake.Endpoint, tweak);
        return await services.GetRequiredService<AssemblyRunner>().RunAsync(
            Encoding.UTF8.GetBytes("{\"steps\": {\"g\": {\"robot\": \"/image/generate\", \"prompt\": \"A fox\", \"model\": \"" + model + "\"}}}"),
            [], new RunOptions { OutputDirectory = _out });
    }

    [Fact]
    public async Task Replicate_polls_only_the_configured_endpoint_whatever_host_urls_get_names()
    {
        _fake.LinksHost = _elsewhere.Endpoint;
        _fake.PollsBeforeDone = 2;

        var result = await RunAsync("flux-schnell");

        Assert.True(result.Completed, result.Message); // polled at the endpoint, by the prediction's id
        Assert.Empty(_elsewhere.Requests);
        Assert.False(_elsewhere.Saw(FakeProviderServer.ReplicateKey));
    }

    [Fact]
    public async Task Replicate_cancels_only_on_the_configured_endpoint_whatever_host_urls_cancel_names()
    {
        _fake.LinksHost = _elsewhere.Endpoint;
        _fake.Stuck = true;

        var result = await RunAsync("flux-schnell", o => o.Replicate.TotalTimeout = TimeSpan.FromMilliseconds(600));

        Assert.Equal("PROVIDER_TIMEOUT", result.Error);
        Assert.Single(_fake.Cancels);
        Assert.Empty(_elsewhere.Requests);
    }
}
