using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using ImageSdk.Running;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ImageSdk.Tests.Providers;

/// <summary>
/// No provider follows a redirect to another host with credentials (issue 29): a create call answered with a redirect is
/// not sent on at all (it carries the key and a paid body), a poll follows a redirect with its key only to the same origin
/// (scheme, host and port: two loopback servers on two ports are two origins), and the error says what happened.
/// </summary>
public sealed class RedirectTests : IAsyncLifetime
{
    private readonly string _out = Directory.CreateTempSubdirectory("imagesdk-redirects-").FullName;
    private RecordingServer _endpoint = null!;
    private RecordingServer _elsewhere = null!;

    public async Task InitializeAsync()
    {
        _endpoint = await RecordingServer.StartAsync();
        _elsewhere = await RecordingServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _endpoint.DisposeAsync();
        await _elsewhere.DisposeAsync();
        Directory.Delete(_out, recursive: true);
    }

    private async Task<AssemblyResult> RunAsync(string model, string provider)
    {
        using var services = ProviderTests.Services(_endpoint.Endpoint, o => o.For(provider)!.MaxRetries = 0);
        return await services.GetRequiredService<AssemblyRunner>().RunAsync(
            Encoding.UTF8.GetBytes("{\"steps\": {\"g\": {\"robot\": \"/image/generate\", \"prompt\": \"A fox\", \"model\": \"" + model + "\", \"provider\": \"" + provider + "\"}}}"),
            [], new RunOptions { OutputDirectory = _out });
    }

    [Theory]
    [InlineData("google", "google/nano-banana", FakeProviderServer.GoogleKey, 307)]
    [InlineData("google", "google/nano-banana", FakeProviderServer.GoogleKey, 308)]
    [InlineData("openai", "gpt-image-2", FakeProviderServer.OpenAIKey, 307)]
    [InlineData("openai", "gpt-image-2", FakeProviderServer.OpenAIKey, 302)]
    [InlineData("replicate", "flux-schnell", FakeProviderServer.ReplicateKey, 307)]
    public async Task A_create_call_redirected_to_another_host_is_not_sent_there_and_the_error_says_so(string provider, string model, string key, int status)
    {
        _endpoint.Answer = context =>
        {
            context.Response.StatusCode = status;
            context.Response.Headers.Location = _elsewhere.Endpoint.AbsoluteUri.TrimEnd('/') + context.Request.Path;
            return Task.CompletedTask;
        };

        var result = await RunAsync(model, provider);

        Assert.Empty(_elsewhere.Requests); // neither the key nor the paid body went there
        Assert.False(_elsewhere.Saw(key));
        Assert.Single(_endpoint.Requests);
        Assert.False(result.Completed);
        Assert.Equal("PROVIDER_BAD_RESPONSE", result.Error);
        Assert.Contains($"answered HTTP {status}, a redirect to {_elsewhere.Endpoint.AbsoluteUri.TrimEnd('/')}/", result.Message, StringComparison.Ordinal);
        Assert.Contains("nothing was sent there", result.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(_out, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_poll_follows_a_redirect_with_its_key_only_within_the_same_origin()
    {
        var endpoint = _endpoint.Endpoint.AbsoluteUri.TrimEnd('/');
        _endpoint.Answer = context =>
        {
            var path = context.Request.Path.Value!;
            if (context.Request.Method == "POST")
            {
                return Loopback.JsonAsync(context, 201, new JsonObject { ["id"] = "p1", ["status"] = "starting", ["urls"] = new JsonObject { ["get"] = endpoint + "/v1/predictions/p1" } });
            }

            context.Response.StatusCode = 302;
            context.Response.Headers.Location = path == "/v1/predictions/p1" ? "/v1/predictions/p1-moved" : _elsewhere.Endpoint.AbsoluteUri.TrimEnd('/') + "/v1/predictions/p1";
            return Task.CompletedTask;
        };
        _elsewhere.Answer = context => Loopback.JsonAsync(context, 200, new JsonObject { ["id"] = "p1", ["status"] = "failed", ["error"] = "answered by another host" });

        var result = await RunAsync("flux-schnell", "replicate");

        var moved = Assert.Single(_endpoint.Requests, r => r.Url.EndsWith("/v1/predictions/p1-moved", StringComparison.Ordinal));
        Assert.Equal("Bearer " + FakeProviderServer.ReplicateKey, moved.Headers["Authorization"]); // the same origin: the key goes along
        var foreign = Assert.Single(_elsewhere.Requests);
        Assert.False(foreign.Headers.ContainsKey("Authorization")); // another origin: no key
        Assert.False(_elsewhere.Saw(FakeProviderServer.ReplicateKey));
        Assert.False(result.Completed);
    }

    [Fact]
    public async Task An_openai_answer_with_an_unexpected_success_status_is_a_clear_error()
    {
        _endpoint.Answer = context => Loopback.JsonAsync(context, 201, new JsonObject());

        var result = await RunAsync("gpt-image-2", "openai");

        Assert.Equal("PROVIDER_BAD_RESPONSE", result.Error);
        Assert.Contains("openai answered HTTP 201, where its API answers 200 with the result", result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("HTTP 201: HTTP 201", result.Message, StringComparison.Ordinal);
    }
}
