using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using ImageSdk.Tests.Providers;

namespace ImageSdk.Tests.Remote;

/// <summary>
/// <c>imagesdk run</c> on an assembly with a remote-only robot: refused locally before anything runs, its local part run
/// with <c>--local-only</c>, planned per step by <c>--dry-run</c>, and a remote batch that never fetches the exports.
/// </summary>
public sealed class RemoteExportCommandTests : FakeTransloaditTests
{
    private const string Assembly = FakeTransloadit.ExportAssembly;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Fake.ExportToMissingUrl();
    }

    [Fact]
    public void The_cli_refuses_it_locally_runs_its_local_part_with_local_only_and_runs_a_remote_batch_without_fetching_exports()
    {
        var assembly = Path.Combine(Work, "a.json");
        File.WriteAllText(assembly, Assembly);

        var (code, output, stdout) = ProviderCliTests.Cli(Fake.Endpoint, Work, TransloaditEnvironment(), "run", assembly, "--file", "image=" + Samples.CoastWithHole, "--out", "local", "--provider", "offline");
        Assert.True(code == 1, output);
        Assert.Contains("error ROBOT_REMOTE_ONLY: step 'exported': /s3/store has no local executor and runs only on Transloadit; run the assembly with --remote transloadit", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(Work, "local")));

        (code, output, stdout) = ProviderCliTests.Cli(Fake.Endpoint, Work, TransloaditEnvironment(), "run", assembly, "--file", "image=" + Samples.CoastWithHole, "--out", "local", "--provider", "offline", "--local-only", "--json");
        Assert.True(code == 0, output);
        using (var json = JsonDocument.Parse(stdout))
        {
            Assert.Equal("exported", json.RootElement.GetProperty("skipped_steps")[0].GetProperty("step").GetString());
            Assert.True(File.Exists(json.RootElement.GetProperty("results").GetProperty("g")[0].GetProperty("path").GetString()));
        }

        (code, output, stdout) = ProviderCliTests.Cli(Fake.Endpoint, Work, TransloaditEnvironment(), "run", assembly, "--dry-run", "--file", "image=" + Samples.CoastWithHole, "--provider", "offline");
        Assert.Equal(1, code);
        Assert.Contains("g: flux-schnell via offline", stdout, StringComparison.Ordinal);
        Assert.Contains("exported: /s3/store cannot run: ROBOT_REMOTE_ONLY", stdout, StringComparison.Ordinal);
        (code, output, stdout) = ProviderCliTests.Cli(Fake.Endpoint, Work, TransloaditEnvironment(), "run", assembly, "--dry-run", "--local-only", "--file", "image=" + Samples.CoastWithHole, "--provider", "offline");
        Assert.True(code == 0, output);
        Assert.Contains("exported: /s3/store skipped: it runs only on Transloadit (--local-only)", stdout, StringComparison.Ordinal);

        var inputs = Path.Combine(Work, "in");
        Directory.CreateDirectory(inputs);
        File.Copy(Samples.CoastWithHole, Path.Combine(inputs, "a.png"));
        File.Copy(Samples.CoastWithHole, Path.Combine(inputs, "b.png"));
        (code, output, _) = ProviderCliTests.Cli(Fake.Endpoint, Work, TransloaditEnvironment(), "run", assembly, "--input", inputs, "--remote", "transloadit", "--out", "batch");
        Assert.True(code == 0, output);
        Assert.Equal(2, Fake.Created.Count);
        var batch = Path.Combine(Work, "batch");
        Assert.Equal(2, Directory.GetFiles(batch, "*.png", SearchOption.AllDirectories).Length);
        Assert.Empty(Directory.GetDirectories(batch, "exported", SearchOption.AllDirectories));
    }
}
