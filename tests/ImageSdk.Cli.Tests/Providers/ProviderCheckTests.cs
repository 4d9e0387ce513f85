using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using ImageSdk.Tests.Remote;

namespace ImageSdk.Tests.Providers;

/// <summary>
/// <c>imagesdk providers --check</c> as a user runs it, against the fakes: one free authenticated call per configured
/// provider (Gemini and OpenAI list models, Replicate the account), the outcome per provider, never a key, exit 0 only
/// when every configured provider is ok.
/// </summary>
public sealed class ProviderCheckTests : IAsyncLifetime
{
    private readonly string _work = Directory.CreateTempSubdirectory("imagesdk-provider-check-").FullName;
    private FakeProviderServer _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeProviderServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _fake.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }

    private (int Code, string Output, string Stdout) Run(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        ProviderCliTests.Cli(_fake.Endpoint, _work, environment, args);

    private static Dictionary<string, JsonElement> ByName(string stdout) =>
        JsonDocument.Parse(stdout).RootElement.EnumerateArray().ToDictionary(e => e.GetProperty("name").GetString()!, e => e.Clone());

    [Fact]
    public async Task A_check_is_one_request_never_retried_so_a_failing_host_is_told_at_once()
    {
        await using var failing = await RecordingServer.StartAsync();
        failing.Answer = context =>
        {
            context.Response.StatusCode = 503;
            return Task.CompletedTask;
        };

        var (code, output, stdout) = Run(
            new Dictionary<string, string> { ["OPENAI_API_KEY"] = FakeProviderServer.OpenAIKey, ["IMAGESDK_OPENAI_ENDPOINT"] = failing.Endpoint.AbsoluteUri },
            "providers", "--check", "--json");

        Assert.True(code == 1, output);
        Assert.NotEqual("ok", ByName(stdout)["openai"].GetProperty("status").GetString());
        Assert.Single(failing.Requests); // a run's poll would retry a 503; the check asks once
    }

    [Fact]
    public void Good_keys_are_ok_and_the_check_exits_0_without_calling_anything_paid()
    {
        var (code, output, stdout) = Run(
            new Dictionary<string, string> { ["GEMINI_API_KEY"] = FakeProviderServer.GoogleKey, ["OPENAI_API_KEY"] = FakeProviderServer.OpenAIKey, ["REPLICATE_API_TOKEN"] = FakeProviderServer.ReplicateKey },
            "providers", "--check", "--json");

        Assert.True(code == 0, output);
        var rows = ByName(stdout);
        Assert.Equal(["ok", "ok", "ok", "not_configured"], new[] { "google", "openai", "replicate", "transloadit" }.Select(n => rows[n].GetProperty("status").GetString()));
        Assert.Empty(_fake.Creates); // no generation was made
        Assert.DoesNotContain(FakeProviderServer.GoogleKey, output, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeProviderServer.OpenAIKey, output, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeProviderServer.ReplicateKey, output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rejected_key_an_unreachable_host_and_missing_models_are_each_named_and_exit_1()
    {
        _fake.Unlisted.Add("gemini-3-pro-image");
        var (code, output, stdout) = Run(
            new Dictionary<string, string>
            {
                ["GEMINI_API_KEY"] = FakeProviderServer.GoogleKey,
                ["OPENAI_API_KEY"] = "sk-wrong-key-0123456789",
                ["REPLICATE_API_TOKEN"] = FakeProviderServer.ReplicateKey,
                ["IMAGESDK_REPLICATE_ENDPOINT"] = "http://127.0.0.1:9/",
            },
            "providers", "--check");

        Assert.Equal(1, code);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^google\s+missing models\s+the account does not list gemini-3-pro-image", lines.Single(l => l.StartsWith("google", StringComparison.Ordinal)));
        Assert.Matches(@"^openai\s+rejected key\s+", lines.Single(l => l.StartsWith("openai", StringComparison.Ordinal)));
        Assert.Matches(@"^replicate\s+unreachable\s+", lines.Single(l => l.StartsWith("replicate", StringComparison.Ordinal)));
        Assert.DoesNotContain("sk-wrong-key-0123456789", output, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeProviderServer.ReplicateKey, output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(FakeTransloadit.Key, FakeTransloadit.Secret, false, "ok", "accepted")]
    [InlineData("wrong-transloadit-key-0000", FakeTransloadit.Secret, false, "rejected_key", "GET_ACCOUNT_UNKNOWN_AUTH_KEY")]
    [InlineData(FakeTransloadit.Key, "wrong-transloadit-secret-0000", false, "rejected_key", "INVALID_SIGNATURE")]
    [InlineData(FakeTransloadit.Key, FakeTransloadit.Secret, true, "unreachable", "transloadit")]
    public async Task The_transloadit_check_is_a_signed_get_that_tells_ok_a_rejected_key_and_unreachable(string key, string secret, bool unreachable, string status, string detail)
    {
        await using var transloadit = await FakeTransloadit.StartAsync();
        var (code, output, stdout) = Run(
            new Dictionary<string, string> { ["TRANSLOADIT_KEY"] = key, ["TRANSLOADIT_SECRET"] = secret, ["TRANSLOADIT_ENDPOINT"] = unreachable ? "http://127.0.0.1:9/" : transloadit.Endpoint.AbsoluteUri },
            "providers", "--check", "--json");

        var row = ByName(stdout)["transloadit"];
        Assert.Equal(status, row.GetProperty("status").GetString());
        Assert.Contains(detail, row.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(status == "ok" ? 0 : 1, code); // the only configured provider
        Assert.Equal(status == "ok" ? 1 : 0, transloadit.Lists);
        Assert.DoesNotContain(secret, output, StringComparison.Ordinal);
        Assert.Empty(_fake.Creates);
    }

    [Fact]
    public void With_no_provider_configured_the_check_says_so_and_exits_1()
    {
        var (code, output, _) = Run(new Dictionary<string, string>(), "providers", "--check");

        Assert.Equal(1, code);
        Assert.Contains("no provider is configured", output, StringComparison.Ordinal);
    }
}
