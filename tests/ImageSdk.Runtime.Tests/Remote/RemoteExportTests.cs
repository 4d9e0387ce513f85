using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using ImageSdk.Running;
using ImageSdk.Tests.Providers;
using Microsoft.Extensions.DependencyInjection;

namespace ImageSdk.Tests.Remote;

/// <summary>
/// An assembly with a remote-only robot runs on Transloadit: the result steps' files are downloaded, the export steps'
/// files (<c>/s3/store</c>) are listed with their URLs and never fetched.
/// </summary>
public sealed class RemoteExportTests : FakeTransloaditTests
{
    private const string Assembly = FakeTransloadit.ExportAssembly;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Fake.ExportToMissingUrl();
    }

    [Fact]
    public async Task A_remote_run_downloads_the_result_steps_and_lists_the_export_steps_urls_without_fetching_them()
    {
        using var services = new ServiceCollection().AddImageSdk(o =>
        {
            o.ReadEnvironment = false;
            o.Transloadit.Key = FakeTransloadit.Key;
            o.Transloadit.Secret = FakeTransloadit.Secret;
            o.Transloadit.Endpoint = Fake.Endpoint;
            o.Transloadit.PollInterval = TimeSpan.FromMilliseconds(10);
        }).BuildServiceProvider();
        var output = Path.Combine(Work, "out");

        var result = await services.GetRequiredService<AssemblyRunner>().RunAsync(
            Assembly, [new RunUpload("image", Samples.CoastWithHole)], new RunOptions { OutputDirectory = output, Remote = "transloadit" });

        Assert.True(result.Completed, result.Message);
        Assert.Equal("/s3/store", Assert.Single(Fake.Created)["steps"]!["exported"]!["robot"]!.GetValue<string>());
        Assert.Equal(Fake.ResultBytes, File.ReadAllBytes(Assert.Single(result.Results["g"]).Path!));
        var stored = Assert.Single(result.Results["exported"]);
        Assert.Null(stored.Path);
        Assert.Equal(Fake.ExportedUrl.AbsoluteUri, stored.Url);
        Assert.False(Directory.Exists(Path.Combine(output, "exported")));
    }

}
