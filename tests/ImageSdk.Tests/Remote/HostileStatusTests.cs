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
public sealed class HostileStatusTests : IAsyncLifetime
{
    private readonly string _out = Directory.CreateTempSubdirectory("imagesdk-hostile-status-").FullName;
    private FakeTransloadit _fake = null!;
    private RecordingServer _elsewhere = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeTransloadit.StartAsync();
        _elsewhere = await RecordingServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _fake.DisposeAsync();
        await _elsewhere.DisposeAsync();
        Directory.Delete(_out, recursive: true);
    }

    private ServiceProvider Services(Action<TransloaditOptions>? tweak = null) => new ServiceCollection()
        .AddImageSdk(o =>
        {
            o.ReadEnvironment = false;
            (o.Transloadit.Key, o.Transloadit.Secret, o.Transloadit.Endpoint) = (FakeTransloadit.Key, FakeTransloadit.Secret, _fake.Endpoint);
            o.Transloadit.PollInterval = TimeSpan.FromMilliseconds(10);
            o.Transloadit.RetryDelay = TimeSpan.FromMilliseconds(10);
            tweak?.Invoke(o.Transloadit);
        })
        .BuildServiceProvider();

    private async Task<AssemblyResult> RunAsync(ServiceProvider services, CancellationToken cancellationToken = default) =>
        await services.GetRequiredService<AssemblyRunner>().RunAsync(
            Samples.SeedInpaint, [new RunUpload("image", Samples.CoastWithHole)], new RunOptions { OutputDirectory = _out, Remote = "transloadit" }, null, cancellationToken);

    /// <summary>Whether a request to the other host carried a signature or the auth key.</summary>
    private bool ElsewhereSawSomethingSigned() => _elsewhere.Saw("sha384:") || _elsewhere.Saw(FakeTransloadit.Key);

    [Fact]
    public async Task A_status_naming_another_host_is_polled_on_the_configured_endpoint_never_there()
    {
        _fake.StatusHost = _elsewhere.Endpoint;
        using var services = Services();

        var result = await RunAsync(services);

        Assert.True(result.Completed, result.Message);
        Assert.True(_fake.Polls >= 1);
        Assert.Empty(_elsewhere.Requests);
    }

    [Fact]
    public async Task Cancelling_an_assembly_whose_status_names_another_host_deletes_it_on_the_configured_endpoint()
    {
        _fake.StatusHost = _elsewhere.Endpoint;
        _fake.Stuck = true;
        using var services = Services();
        using var cancel = new CancellationTokenSource();
        var run = RunAsync(services, cancel.Token);
        await ProviderTests.Until(() => _fake.Polls >= 1);
        await cancel.CancelAsync();

        await Assert.ThrowsAsync<AssemblyCanceledException>(() => run);

        Assert.Single(_fake.Deletes);
        Assert.Empty(_elsewhere.Requests);
    }

    [Fact]
    public async Task Get_and_cancel_of_a_url_on_another_host_are_refused_before_signing()
    {
        using var services = Services();
        var client = services.GetRequiredService<TransloaditClient>();
        var foreign = _elsewhere.Endpoint.AbsoluteUri + "assemblies/a1b2c3";

        var get = await Assert.ThrowsAsync<ArgumentException>(() => client.GetAsync(foreign));
        await Assert.ThrowsAsync<ArgumentException>(() => client.CancelAsync(foreign));
        await Assert.ThrowsAsync<ArgumentException>(() => client.GetAsync(_fake.Endpoint.GetLeftPart(UriPartial.Scheme) + "localhost:" + _fake.Endpoint.Port + "/assemblies/a1b2c3")); // another host name, same port

        Assert.Contains("signed requests go only there", get.Message, StringComparison.Ordinal);
        Assert.Contains("(a1b2c3)", get.Message, StringComparison.Ordinal);
        Assert.Empty(_elsewhere.Requests);
    }

    [Fact]
    public void The_cli_assemblies_get_and_cancel_of_a_foreign_url_exit_2_and_send_nothing_there()
    {
        var environment = new Dictionary<string, string> { ["TRANSLOADIT_KEY"] = FakeTransloadit.Key, ["TRANSLOADIT_SECRET"] = FakeTransloadit.Secret, ["TRANSLOADIT_ENDPOINT"] = _fake.Endpoint.AbsoluteUri };
        foreach (var verb in new[] { "get", "cancel" })
        {
            var (code, output, _) = ProviderCliTests.Cli(_fake.Endpoint, _out, environment, "assemblies", verb, _elsewhere.Endpoint.AbsoluteUri + "assemblies/a1b2c3");

            Assert.Equal(2, code);
            Assert.Contains("is not on the configured endpoint", output, StringComparison.Ordinal);
        }

        Assert.Empty(_elsewhere.Requests);
        Assert.False(ElsewhereSawSomethingSigned());
    }
}
