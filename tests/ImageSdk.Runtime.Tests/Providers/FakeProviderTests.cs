using System;
using System.IO;
using System.Text;
using System.Threading.Tasks;
using ImageSdk.Providers;
using ImageSdk.Running;
using Microsoft.Extensions.DependencyInjection;

namespace ImageSdk.Tests.Providers;

/// <summary>
/// The setting of the runs against the loopback providers (as <see cref="Remote.FakeTransloaditTests"/> is for the
/// loopback Transloadit): the fake Google, OpenAI and Replicate, and a temporary output folder, started before each test
/// and removed after it; runs go through the runner that <see cref="ProviderTests.Services"/> points at the fake.
/// </summary>
public abstract class FakeProviderTests : IAsyncLifetime
{
    /// <param name="folderPrefix">The name prefix of the temporary folder, which says whose files are left behind on a crash.</param>
    private protected FakeProviderTests(string folderPrefix) => Out = Directory.CreateTempSubdirectory(folderPrefix).FullName;

    /// <summary>A fresh temporary folder: the runs' output directory.</summary>
    private protected string Out { get; }

    /// <summary>The loopback providers, each the configured endpoint of its provider.</summary>
    private protected FakeProviderServer Fake { get; private set; } = null!;

    /// <summary>Changes to the options of each run (null: none); <see cref="GenerousTimeouts"/> for runs that send real photo sizes.</summary>
    private protected virtual Action<ImageSdkOptions>? Tweak => null;

    /// <summary>Generous attempt times (60 s, 120 s in all) for runs that send and fake-decode real photo sizes on a loaded machine.</summary>
    private protected static void GenerousTimeouts(ImageSdkOptions options)
    {
        foreach (var provider in new[] { options.Google, options.OpenAI, options.Replicate })
        {
            (provider.AttemptTimeout, provider.TotalTimeout) = (TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(120));
        }
    }

    /// <summary>Runs <paramref name="json"/> against the fake, with <see cref="Tweak"/>, writing into <see cref="Out"/>.</summary>
    private protected async Task<AssemblyResult> RunAsync(string json, params RunUpload[] uploads)
    {
        using var services = ProviderTests.Services(Fake.Endpoint, Tweak);
        return await services.GetRequiredService<AssemblyRunner>().RunAsync(Encoding.UTF8.GetBytes(json), uploads, new RunOptions { OutputDirectory = Out }, null, default);
    }

    /// <inheritdoc/>
    public virtual async Task InitializeAsync() => Fake = await FakeProviderServer.StartAsync();

    /// <inheritdoc/>
    public virtual async Task DisposeAsync()
    {
        await Fake.DisposeAsync();
        Directory.Delete(Out, recursive: true);
    }
}
