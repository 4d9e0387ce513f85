using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ImageSdk.Providers;
using ImageSdk.Remote;
using ImageSdk.Running;
using ImageSdk.Tests.Providers;
using Microsoft.Extensions.DependencyInjection;

namespace ImageSdk.Tests.Remote;

/// <summary>
/// Transloadit answers written to lead a signature elsewhere, leak the secret, drive the terminal, read local files or
/// exhaust memory (issue 29): signed requests go only to the configured endpoint, every surfaced field is redacted and
/// escaped, results are fetched only over https (or the endpoint's scheme), and bodies are read within their caps.
/// </summary>
public sealed class HostileStatusTests : FakeTransloaditTests
{
    private ServiceProvider Services(Action<TransloaditOptions>? tweak = null) => new ServiceCollection()
        .AddImageSdk(o =>
        {
            o.ReadEnvironment = false;
            (o.Transloadit.Key, o.Transloadit.Secret, o.Transloadit.Endpoint) = (FakeTransloadit.Key, FakeTransloadit.Secret, Fake.Endpoint);
            o.Transloadit.PollInterval = TimeSpan.FromMilliseconds(10);
            o.Transloadit.RetryDelay = TimeSpan.FromMilliseconds(10);
            tweak?.Invoke(o.Transloadit);
        })
        .BuildServiceProvider();

    private async Task<AssemblyResult> RunAsync(ServiceProvider services, CancellationToken cancellationToken = default) =>
        await services.GetRequiredService<AssemblyRunner>().RunAsync(
            Samples.SeedInpaint, [new RunUpload("image", Samples.CoastWithHole)], new RunOptions { OutputDirectory = Work, Remote = "transloadit" }, null, cancellationToken);

    [Fact]
    public async Task A_status_naming_another_host_is_polled_on_the_configured_endpoint_never_there()
    {
        Fake.StatusHost = Elsewhere.Endpoint;
        using var services = Services();

        var result = await RunAsync(services);

        Assert.True(result.Completed, result.Message);
        Assert.True(Fake.Polls >= 1);
        Assert.Empty(Elsewhere.Requests);
    }

    [Fact]
    public async Task Cancelling_an_assembly_whose_status_names_another_host_deletes_it_on_the_configured_endpoint()
    {
        Fake.StatusHost = Elsewhere.Endpoint;
        Fake.Stuck = true;
        using var services = Services();
        using var cancel = new CancellationTokenSource();
        var run = RunAsync(services, cancel.Token);
        await ProviderTests.Until(() => Fake.Polls >= 1);
        await cancel.CancelAsync();

        await Assert.ThrowsAsync<AssemblyCanceledException>(() => run);

        Assert.Single(Fake.Deletes);
        Assert.Empty(Elsewhere.Requests);
    }

    [Fact]
    public async Task Get_and_cancel_of_a_url_on_another_host_are_refused_before_signing()
    {
        using var services = Services();
        var client = services.GetRequiredService<TransloaditClient>();
        var foreign = Elsewhere.Endpoint.AbsoluteUri + "assemblies/a1b2c3";

        var get = await Assert.ThrowsAsync<ArgumentException>(() => client.GetAsync(foreign));
        await Assert.ThrowsAsync<ArgumentException>(() => client.CancelAsync(foreign));
        await Assert.ThrowsAsync<ArgumentException>(() => client.GetAsync(Fake.Endpoint.GetLeftPart(UriPartial.Scheme) + "localhost:" + Fake.Endpoint.Port + "/assemblies/a1b2c3")); // another host name, same port

        Assert.Contains("signed requests go only there", get.Message, StringComparison.Ordinal);
        Assert.Contains("(a1b2c3)", get.Message, StringComparison.Ordinal);
        Assert.Empty(Elsewhere.Requests);
    }

    [Theory]
    [InlineData("https://api2-node7.transloadit.com/assemblies/a1b2c3", "https://api2.transloadit.com/assemblies/a1b2c3")]
    [InlineData("https://api2.transloadit.com/assemblies/a1b2c3", "https://api2.transloadit.com/assemblies/a1b2c3")]
    [InlineData("https://api2.transloadit.com.evil.example/assemblies/a1b2c3", null)]
    [InlineData("https://evil.example/x.transloadit.com/assemblies/a1b2c3", null)]
    [InlineData("http://api2-node7.transloadit.com/assemblies/a1b2c3", null)]
    [InlineData("https://api2-node7.transloadit.com:8443/assemblies/a1b2c3", null)]
    [InlineData("https://api2-node7.transloadit.com/templates/a1b2c3", null)]
    public void A_url_on_another_of_transloadits_hosts_is_asked_of_the_endpoint_by_id_and_any_other_host_is_refused(string given, string? asked)
    {
        var client = new TransloaditClient(new System.Net.Http.HttpClient(), new TransloaditOptions { ReadEnvironment = false, Key = FakeTransloadit.Key, Secret = FakeTransloadit.Secret });

        if (asked is null)
        {
            Assert.Throws<ArgumentException>(() => client.AssemblyUrl(given));
        }
        else
        {
            Assert.Equal(asked, client.AssemblyUrl(given));
        }
    }

    private void TamperResults(Action<System.Text.Json.Nodes.JsonObject> change) => Fake.Tamper = status =>
    {
        foreach (var file in (status["results"] as System.Text.Json.Nodes.JsonObject ?? []).SelectMany(r => r.Value!.AsArray()).OfType<System.Text.Json.Nodes.JsonObject>())
        {
            change(file);
        }
    };

    [Theory]
    [InlineData("file:///etc/passwd")]
    [InlineData("ftp://127.0.0.1/result.png")]
    [InlineData("gopher://127.0.0.1/result.png")]
    public async Task A_result_url_that_is_not_http_is_a_result_error_never_fetched_never_a_crash(string link)
    {
        TamperResults(file => file["ssl_url"] = link);
        using var services = Services();

        var result = await RunAsync(services);

        Assert.Equal("RESULT_URL_REFUSED", result.Error);
        Assert.Equal("inpainted", result.FailedStep);
        Assert.Contains("is not https", result.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(Work, "*", SearchOption.AllDirectories));
        using var json = System.Text.Json.JsonDocument.Parse(result.ToJson());
        Assert.Equal("RESULT_URL_REFUSED", json.RootElement.GetProperty("error").GetString()); // --json shows the run's error, not the status's ok
        Assert.False(json.RootElement.TryGetProperty("ok", out _));
    }

    [Fact]
    public async Task An_http_result_url_from_an_https_endpoint_is_refused()
    {
        // The endpoint is https (a host that is never reached: the status comes from the fake through a handler).
        var status = System.Text.Json.Nodes.JsonNode.Parse("""{"ok": "ASSEMBLY_COMPLETED", "assembly_id": "a1", "results": {"g": [{"name": "g.png", "ssl_url": "FAKEresults/a1/g.png"}]}}""".Replace("FAKE", Fake.Endpoint.AbsoluteUri, StringComparison.Ordinal))!.AsObject();
        var client = new TransloaditClient(new System.Net.Http.HttpClient(), new TransloaditOptions { ReadEnvironment = false, Key = FakeTransloadit.Key, Secret = FakeTransloadit.Secret, Endpoint = new Uri("https://api2.transloadit.example") });

        var result = await TransloaditExecution.DownloadAsync(client, status, "a1", new RunOptions { OutputDirectory = Work }, null, CancellationToken.None);

        Assert.Equal("RESULT_URL_REFUSED", result.Error);
        Assert.Empty(Directory.EnumerateFiles(Work, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_status_over_its_cap_is_refused_as_it_is_read()
    {
        Fake.Tamper = status =>
        {
            if (status["ok"]?.ToString() != "ASSEMBLY_UPLOADING")
            {
                status["padding"] = new string('x', 2 * 1024 * 1024); // the polls; sent chunked: no Content-Length to trust
            }
        };
        using var services = Services(o => o.MaxStatusBytes = 256 * 1024);

        var result = await RunAsync(services);

        Assert.Equal("PROVIDER_RESPONSE_TOO_LARGE", result.Error);
        Assert.Contains("TransloaditOptions.MaxStatusBytes", result.Message, StringComparison.Ordinal);
        Assert.Equal(1, Fake.Polls); // not asked again: it would be as large again
    }

    [Fact]
    public async Task A_result_whose_content_length_is_over_the_limit_is_refused_before_anything_is_written()
    {
        using var services = Services(o => o.MaxDownloadBytes = 1000);

        var result = await RunAsync(services);

        Assert.Equal("RESULT_DOWNLOAD_FAILED", result.Error);
        Assert.Contains($"declares {Fake.ResultBytes.Length} bytes, more than the limit of 1000 bytes", result.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(Work, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_long_remote_name_is_cut_and_keeps_its_extension()
    {
        TamperResults(file => file["name"] = new string('n', 300) + ".webp");
        using var services = Services();

        var result = await RunAsync(services);

        Assert.True(result.Completed, result.Message);
        var name = Path.GetFileName(Assert.Single(result.Results["inpainted"]).Path!);
        Assert.EndsWith(".webp", name, StringComparison.Ordinal);
        Assert.StartsWith("nnnn", name, StringComparison.Ordinal);
        Assert.InRange(System.Text.Encoding.UTF8.GetByteCount(name), 100, 120);
    }
}
