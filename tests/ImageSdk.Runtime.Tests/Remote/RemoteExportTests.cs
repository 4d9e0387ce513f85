using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using ImageSdk.Running;
using ImageSdk.Tests.Providers;
using Microsoft.Extensions.DependencyInjection;

namespace ImageSdk.Tests.Remote;

/// <summary>
/// An assembly with remote-only robots runs on Transloadit: the result steps' files are downloaded, the export steps'
/// files (<c>/s3/store</c>) are listed with their URLs and never fetched; a batch does the same per input. Locally the
/// same assembly is refused before anything runs, and <c>--local-only</c> runs its local part.
/// </summary>
public sealed class RemoteExportTests : IAsyncLifetime
{
    private const string Assembly = """
        {"steps": {
          ":original": {"robot": "/upload/handle"},
          "g": {"robot": "/image/generate", "use": ":original", "model": "flux-schnell", "prompt": "a calm sea", "result": true},
          "exported": {"robot": "/s3/store", "use": "g", "credentials": "my_s3", "path": "pictures/${file.name}"}}}
        """;

    private readonly string _work = Directory.CreateTempSubdirectory("imagesdk-export-").FullName;
    private FakeTransloadit _fake = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeTransloadit.StartAsync();

        // Where the export stored its file: a URL that 404s here, so fetching it would fail the run.
        _fake.Tamper = status =>
        {
            if (status["results"]?["exported"] is JsonArray files)
            {
                files[0]!["ssl_url"] = new Uri(_fake.Endpoint, "/bucket/pictures/g.png").AbsoluteUri;
            }
        };
    }

    public async Task DisposeAsync()
    {
        await _fake.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }

    [Fact]
    public async Task A_remote_run_downloads_the_result_steps_and_lists_the_export_steps_urls_without_fetching_them()
    {
        using var services = new ServiceCollection().AddImageSdk(o =>
        {
            o.ReadEnvironment = false;
            o.Transloadit.Key = FakeTransloadit.Key;
            o.Transloadit.Secret = FakeTransloadit.Secret;
            o.Transloadit.Endpoint = _fake.Endpoint;
            o.Transloadit.PollInterval = TimeSpan.FromMilliseconds(10);
        }).BuildServiceProvider();
        var output = Path.Combine(_work, "out");

        var result = await services.GetRequiredService<AssemblyRunner>().RunAsync(
            Assembly, [new RunUpload("image", Samples.CoastWithHole)], new RunOptions { OutputDirectory = output, Remote = "transloadit" });

        Assert.True(result.Completed, result.Message);
        Assert.Equal("/s3/store", Assert.Single(_fake.Created)["steps"]!["exported"]!["robot"]!.GetValue<string>());
        Assert.Equal(_fake.ResultBytes, File.ReadAllBytes(Assert.Single(result.Results["g"]).Path!));
        var stored = Assert.Single(result.Results["exported"]);
        Assert.Null(stored.Path);
        Assert.Equal(new Uri(_fake.Endpoint, "/bucket/pictures/g.png").AbsoluteUri, stored.Url);
        Assert.False(Directory.Exists(Path.Combine(output, "exported")));
    }

}
