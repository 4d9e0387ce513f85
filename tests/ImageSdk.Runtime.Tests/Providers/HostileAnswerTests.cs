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
public sealed class HostileAnswerTests : FakeProviderTests
{
    private RecordingServer _elsewhere = null!;

    public HostileAnswerTests()
        : base("imagesdk-hostile-answers-")
    {
    }

    /// <inheritdoc/>
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _elsewhere = await RecordingServer.StartAsync();
    }

    /// <inheritdoc/>
    public override async Task DisposeAsync()
    {
        await _elsewhere.DisposeAsync();
        await base.DisposeAsync();
    }

    private async Task<AssemblyResult> GenerateAsync(string model, Action<ImageSdkOptions>? tweak = null)
    {
        using var services = ProviderTests.Services(Fake.Endpoint, tweak);
        return await services.GetRequiredService<AssemblyRunner>().RunAsync(
            Encoding.UTF8.GetBytes("{\"steps\": {\"g\": {\"robot\": \"/image/generate\", \"prompt\": \"A fox\", \"model\": \"" + model + "\"}}}"),
            [], new RunOptions { OutputDirectory = Out });
    }

    [Fact]
    public async Task Replicate_polls_only_the_configured_endpoint_whatever_host_urls_get_names()
    {
        Fake.LinksHost = _elsewhere.Endpoint;
        Fake.PollsBeforeDone = 2;

        var result = await GenerateAsync("flux-schnell");

        Assert.True(result.Completed, result.Message); // polled at the endpoint, by the prediction's id
        Assert.Empty(_elsewhere.Requests);
        Assert.False(_elsewhere.Saw(FakeProviderServer.ReplicateKey));
    }

    [Fact]
    public async Task Replicate_cancels_only_on_the_configured_endpoint_whatever_host_urls_cancel_names()
    {
        Fake.LinksHost = _elsewhere.Endpoint;
        Fake.Stuck = true;

        // Long enough for the create call to answer on a loaded machine (a create still in flight has no id to cancel).
        var result = await GenerateAsync("flux-schnell", o => o.Replicate.TotalTimeout = TimeSpan.FromSeconds(3));

        Assert.Equal("PROVIDER_TIMEOUT", result.Error);
        Assert.Single(Fake.Cancels);
        Assert.Empty(_elsewhere.Requests);
    }

    private async Task<AssemblyResult> RunAtAsync(Uri endpoint, string model, Action<ImageSdkOptions>? tweak = null)
    {
        using var services = ProviderTests.Services(endpoint, tweak);
        return await services.GetRequiredService<AssemblyRunner>().RunAsync(
            Encoding.UTF8.GetBytes("{\"steps\": {\"g\": {\"robot\": \"/image/generate\", \"prompt\": \"A fox\", \"model\": \"" + model + "\"}}}"),
            [], new RunOptions { OutputDirectory = Out });
    }

    [Fact]
    public async Task A_replicate_output_download_refused_with_403_is_no_auth_failure_since_no_key_was_sent()
    {
        Fake.Inject("replicate.output", new Fault(FaultKind.Status, 403));

        var result = await GenerateAsync("flux-1.1-pro-ultra");

        Assert.Equal("PROVIDER_GENERATION_FAILED", result.Error);
        Assert.Contains("refused with HTTP 403 (no key is sent for outputs", result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("rejected the API key", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replicate_outputs_given_as_data_uris_are_decoded()
    {
        Fake.DataUriOutputs = true;

        var result = await GenerateAsync("flux-schnell");

        Assert.True(result.Completed, result.Message);
        var file = Assert.Single(result.Results["g"]);
        Assert.Equal((256, 256), (file.TypedMeta.Width, file.TypedMeta.Height));
    }

    [Fact]
    public async Task An_openai_429_for_a_spent_quota_is_not_retried()
    {
        await using var openai = await RecordingServer.StartAsync();
        openai.Answer = context =>
        {
            context.Response.Headers.RetryAfter = "0";
            return Loopback.JsonAsync(context, 429, System.Text.Json.Nodes.JsonNode.Parse("""{"error": {"message": "You exceeded your current quota, please check your plan and billing details.", "type": "insufficient_quota", "param": null, "code": "insufficient_quota"}}""")!);
        };

        var result = await RunAtAsync(openai.Endpoint, "gpt-image-2", o => o.OpenAI.MaxRetries = 4);

        Assert.Single(openai.Requests); // OpenAI: "do not retry" a spent quota
        Assert.Equal("PROVIDER_RATE_LIMITED", result.Error);
        Assert.Contains("quota is spent (insufficient_quota)", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_openai_403_for_an_unverified_organization_is_not_a_rejected_key()
    {
        await using var openai = await RecordingServer.StartAsync();
        openai.Answer = context => Loopback.JsonAsync(context, 403, System.Text.Json.Nodes.JsonNode.Parse("""{"error": {"message": "Your organization must be verified to use the model `gpt-image-2`. Please go to: https://platform.openai.com/settings/organization/general and click on Verify Organization.", "type": "invalid_request_error", "param": null, "code": null}}""")!);

        var result = await RunAtAsync(openai.Endpoint, "gpt-image-2");

        Assert.Equal("PROVIDER_REQUEST_REJECTED", result.Error);
        Assert.Contains("accepted the key, but the organization must be verified", result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("rejected the API key", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_gemini_spii_finish_is_a_safety_refusal()
    {
        await using var google = await RecordingServer.StartAsync();
        google.Answer = context => Loopback.JsonAsync(context, 200, System.Text.Json.Nodes.JsonNode.Parse("""{"candidates": [{"finishReason": "SPII", "index": 0}]}""")!);

        var result = await RunAtAsync(google.Endpoint, "google/nano-banana");

        Assert.Equal("PROVIDER_SAFETY_REFUSAL", result.Error);
        Assert.Contains("SPII", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_attempt_may_take_five_minutes_within_the_total()
    {
        var options = new ProviderOptions();

        Assert.Equal(TimeSpan.FromMinutes(5), options.AttemptTimeout); // OpenAI documents up to 2 minutes: an attempt of exactly that cuts answers off
        Assert.True(options.AttemptTimeout < options.TotalTimeout);
    }
}
