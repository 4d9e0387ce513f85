using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using ImageSdk.Providers;
using ImageSdk.Remote;
using ImageSdk.Running;
using ImageSdk.Tests.Providers;
using Microsoft.Extensions.DependencyInjection;

namespace ImageSdk.Tests.Remote;

/// <summary>Runs on Transloadit against the loopback fake: signing, uploads, polling, downloads, errors, cancellation, secrets.</summary>
public sealed class RemoteRunTests : FakeTransloaditTests
{
    private ServiceProvider Services(string key = FakeTransloadit.Key, string secret = FakeTransloadit.Secret, string? template = null) => new ServiceCollection()
        .AddImageSdk(o =>
        {
            o.ReadEnvironment = false;
            o.Transloadit.Key = key;
            o.Transloadit.Secret = secret;
            o.Transloadit.Endpoint = Fake.Endpoint;
            o.Transloadit.PollInterval = TimeSpan.FromMilliseconds(10);
            o.Transloadit.RetryDelay = TimeSpan.FromMilliseconds(10);
            o.Transloadit.TemplateId = template;
        })
        .AddSingleton<IImageProvider, NoLocalCalls>()
        .BuildServiceProvider();

    private async Task<AssemblyResult> RunAsync(ServiceProvider services, byte[]? instructions = null, CancellationToken cancellationToken = default) =>
        await services.GetRequiredService<AssemblyRunner>().RunAsync(
            instructions ?? Samples.SeedInpaint, [new RunUpload("image", Samples.CoastWithHole)],
            new RunOptions { OutputDirectory = Work, Remote = "transloadit", Fields = new Dictionary<string, string> { ["tone"] = "warm" } }, null, cancellationToken);

    [Fact]
    public async Task A_run_is_signed_uploads_byte_for_byte_polls_and_downloads_each_result_to_its_path()
    {
        using var services = Services();
        var before = DateTimeOffset.UtcNow;

        var result = await RunAsync(services);

        Assert.True(result.Completed, result.Message);
        var sent = Assert.Single(Fake.Created);
        Assert.Equal(FakeTransloadit.Key, sent["auth"]!["key"]!.GetValue<string>());
        var expires = DateTimeOffset.Parse(sent["auth"]!["expires"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expires, before.AddMinutes(30), before.AddHours(2)); // a bounded time ahead
        Assert.Equal("warm", sent["fields"]!["tone"]!.GetValue<string>());
        Assert.Equal("google/nano-banana-pro", sent["steps"]!["inpainted"]!["model"]!.GetValue<string>());
        var upload = Assert.Single(Fake.Uploads);
        Assert.Equal(("image", "coast-with-hole.png"), (upload.Field, upload.FileName));
        Assert.Equal(File.ReadAllBytes(Samples.CoastWithHole), upload.Bytes);
        Assert.True(Fake.Polls >= 2, "the status was polled until it completed");
        var file = Assert.Single(result.Results["inpainted"]);
        Assert.Equal(Fake.ResultBytes, File.ReadAllBytes(file.Path!));
        Assert.StartsWith(Path.Combine(Work, "inpainted"), file.Path, StringComparison.Ordinal);
        Assert.Equal(640, file.TypedMeta.Width);

        using var json = JsonDocument.Parse(result.ToJson());
        var root = json.RootElement;
        Assert.Equal("ASSEMBLY_COMPLETED", root.GetProperty("ok").GetString());
        Assert.StartsWith(Fake.Endpoint.AbsoluteUri, root.GetProperty("assembly_ssl_url").GetString(), StringComparison.Ordinal); // Transloadit's fields kept
        Assert.Equal(file.Path, root.GetProperty("results").GetProperty("inpainted")[0].GetProperty("path").GetString());
    }

    [Fact]
    public void The_signature_equals_the_vectors_recorded_with_transloadits_own_sdk()
    {
        using var vectors = JsonDocument.Parse(File.ReadAllText(Samples.Path("transloadit-signature-vectors.json")));
        var count = 0;
        foreach (var vector in vectors.RootElement.GetProperty("vectors").EnumerateArray())
        {
            Assert.Equal(vector.GetProperty("signature").GetString(), TransloaditClient.Sign(vector.GetProperty("paramsString").GetString()!, vector.GetProperty("secret").GetString()!));
            count++;
        }

        Assert.Equal(2, count);
    }

    [Fact]
    public async Task A_wrong_secret_fails_with_the_apis_code_and_the_secret_is_nowhere()
    {
        Fake.Echo = true;
        const string WrongSecret = "wrong-transloadit-secret-0000";
        using var services = Services(secret: WrongSecret);

        var result = await RunAsync(services);

        Assert.Equal("INVALID_SIGNATURE", result.Error);
        var surfaced = result.ToJson() + result.Message;
        Assert.DoesNotContain(WrongSecret, surfaced, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeTransloadit.Secret, surfaced, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(Work, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task An_unknown_key_fails_with_the_apis_code()
    {
        using var services = Services(key: "no-such-key");

        var result = await RunAsync(services);

        Assert.Equal("GET_ACCOUNT_UNKNOWN_AUTH_KEY", result.Error);
        Assert.Contains("no-such-key", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_error_status_fails_the_run_with_the_apis_code_and_message()
    {
        Fake.FailWith = ("IMAGE_GENERATE_VALIDATION", "The model cannot make svg");
        using var services = Services();

        var result = await RunAsync(services);

        Assert.Equal("IMAGE_GENERATE_VALIDATION", result.Error);
        Assert.Equal("The model cannot make svg", result.Message);
        Assert.False(result.Completed);
    }

    [Fact]
    public async Task Polls_answered_429_and_5xx_are_retried()
    {
        Fake.Inject("poll", (429, "0"), (503, null), (500, null));
        using var services = Services();

        var result = await RunAsync(services);

        Assert.True(result.Completed, result.Message);
        Assert.Single(Fake.Created);
    }

    [Theory]
    [InlineData(404)]
    [InlineData(-1)]
    public async Task A_download_that_404s_or_is_cut_short_is_a_clear_error(int fault)
    {
        Fake.Inject("download", Enumerable.Repeat((fault, (string?)null), 6).ToArray());
        using var services = Services();

        var result = await RunAsync(services);

        Assert.False(result.Completed);
        Assert.Equal("RESULT_DOWNLOAD_FAILED", result.Error);
        Assert.Equal("inpainted", result.FailedStep);
        Assert.Empty(Directory.EnumerateFiles(Work, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Cancelling_mid_poll_deletes_the_assembly()
    {
        Fake.Stuck = true;
        using var services = Services();
        using var cancel = new CancellationTokenSource();
        var run = RunAsync(services, cancellationToken: cancel.Token);
        await ProviderTests.Until(() => Fake.Polls >= 1); // mid-poll, however loaded the machine
        await cancel.CancelAsync();

        var canceled = await Assert.ThrowsAsync<AssemblyCanceledException>(() => run);

        Assert.Equal("ASSEMBLY_CANCELED", canceled.Result.Error);
        Assert.Single(Fake.Deletes);
    }

    [Fact]
    public async Task An_invalid_assembly_is_never_sent_while_an_unknown_model_is()
    {
        using var services = Services();

        var invalid = await RunAsync(services, Encoding.UTF8.GetBytes("""{"steps": {"g": {"robot": "/image/generate"}}}"""));
        Assert.Equal("INVALID_ASSEMBLY_INSTRUCTIONS", invalid.Error);
        Assert.Empty(Fake.Created);

        var newer = await RunAsync(services, Encoding.UTF8.GetBytes("""{"steps": {"g": {"robot": "/image/generate", "prompt": "x", "model": "google/nano-banana-9"}}}"""));
        Assert.True(newer.Completed, newer.Message);
        Assert.Single(Fake.Created);
    }

    [Fact]
    public async Task Assemblies_get_and_cancel_by_id()
    {
        using var services = Services();
        var result = await RunAsync(services);
        var client = services.GetRequiredService<TransloaditClient>();

        var status = await client.GetAsync(result.AssemblyId);
        Assert.Equal("ASSEMBLY_COMPLETED", status["ok"]!.GetValue<string>());
        var canceled = await client.CancelAsync(result.AssemblyId);
        Assert.Equal("ASSEMBLY_CANCELED", canceled["ok"]!.GetValue<string>());
        Assert.Equal(result.AssemblyId, Assert.Single(Fake.Deletes));
    }

    [Fact]
    public async Task A_template_that_denies_steps_override_is_reported_locally_and_nothing_is_created()
    {
        Fake.Templates["t1"] = JsonNode.Parse("""{"steps": {"g": {"robot": "/image/generate", "prompt": "x"}}, "allow_steps_override": false}""")!.AsObject();
        using var services = Services(template: "t1");

        var result = await RunAsync(services);

        Assert.Equal("TEMPLATE_DENIES_STEPS_OVERRIDE", result.Error);
        Assert.Empty(Fake.Created);
    }

    [Fact]
    public async Task An_assembly_without_steps_runs_with_its_templates_steps_judged_merged()
    {
        Fake.Templates["t2"] = JsonNode.Parse("""{"steps": {"generated": {"robot": "/image/generate", "prompt": "A fox", "model": "flux-schnell"}}, "allow_steps_override": false}""")!.AsObject();
        using var services = Services(template: "t2");

        var result = await RunAsync(services, Encoding.UTF8.GetBytes("""{"fields": {"subject": "fox"}}"""));

        Assert.True(result.Completed, result.Message);
        var sent = Assert.Single(Fake.Created);
        Assert.Equal("t2", sent["template_id"]!.GetValue<string>());
        Assert.Null(sent["steps"]);
        Assert.Single(result.Results["generated"]);

        var unknown = await new ServiceCollection().AddImageSdk(o => { o.ReadEnvironment = false; o.Transloadit.Key = FakeTransloadit.Key; o.Transloadit.Secret = FakeTransloadit.Secret; o.Transloadit.Endpoint = Fake.Endpoint; o.Transloadit.TemplateId = "nope"; })
            .BuildServiceProvider().GetRequiredService<AssemblyRunner>().RunAsync(Encoding.UTF8.GetBytes("""{"fields": {}}"""), [], new RunOptions { OutputDirectory = Work, Remote = "transloadit" });
        Assert.Equal("TEMPLATE_NOT_FOUND", unknown.Error);
    }

    [Fact]
    public async Task A_remote_run_without_credentials_an_unknown_remote_and_an_assembly_past_its_time_are_clear_errors()
    {
        using (var unconfigured = Services(key: null!, secret: null!))
        {
            Assert.Equal("TRANSLOADIT_NOT_CONFIGURED", (await RunAsync(unconfigured)).Error);
        }

        using var services = Services();
        var unknown = await services.GetRequiredService<AssemblyRunner>().RunAsync(Samples.SeedInpaint, [], new RunOptions { OutputDirectory = Work, Remote = "elsewhere" });
        Assert.Equal("REMOTE_NOT_SUPPORTED", unknown.Error);

        Fake.Stuck = true;
        using var slow = new ServiceCollection().AddImageSdk(o =>
        {
            o.ReadEnvironment = false;
            (o.Transloadit.Key, o.Transloadit.Secret, o.Transloadit.Endpoint) = (FakeTransloadit.Key, FakeTransloadit.Secret, Fake.Endpoint);
            o.Transloadit.PollInterval = TimeSpan.FromMilliseconds(10);
            o.Transloadit.TotalTimeout = TimeSpan.FromSeconds(3); // the create must answer first on a loaded machine: an assembly without an id has nothing to cancel
        }).BuildServiceProvider();
        var timedOut = await RunAsync(slow);
        Assert.Equal("ASSEMBLY_TIMEOUT", timedOut.Error);
        Assert.Single(Fake.Deletes);
    }

    /// <summary>A provider that fails the test if a remote run calls anything locally.</summary>
    private sealed class NoLocalCalls : IImageProvider
    {
        public string Name => "offline";

        public bool IsConfigured => true;

        public int MaxConcurrency => 1;

        public Task<IReadOnlyList<ProviderImage>> GenerateAsync(ProviderRequest request, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("a remote run called a local provider");
    }
}
