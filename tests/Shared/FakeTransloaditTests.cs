using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using ImageSdk.Tests.Providers;

namespace ImageSdk.Tests.Remote;

/// <summary>
/// The setting of the tests against the loopback Transloadit: the fake, a second host that must never see a signature or
/// the auth key, and a temporary folder, all started before each test and removed after it.
/// </summary>
public abstract class FakeTransloaditTests : IAsyncLifetime
{
    /// <summary>A fresh temporary folder for the test's files and outputs.</summary>
    private protected string Work { get; } = Directory.CreateTempSubdirectory("imagesdk-transloadit-").FullName;

    /// <summary>The loopback Transloadit, the configured endpoint.</summary>
    private protected FakeTransloadit Fake { get; private set; } = null!;

    /// <summary>Another host, which hostile answers name; it records whatever reaches it.</summary>
    private protected RecordingServer Elsewhere { get; private set; } = null!;

    /// <summary>The process environment that points the CLI at <see cref="Fake"/> with its credentials.</summary>
    private protected Dictionary<string, string> TransloaditEnvironment() => new()
    {
        ["TRANSLOADIT_KEY"] = FakeTransloadit.Key,
        ["TRANSLOADIT_SECRET"] = FakeTransloadit.Secret,
        ["TRANSLOADIT_ENDPOINT"] = Fake.Endpoint.AbsoluteUri,
    };

    /// <summary>Whether a request to the other host carried a signature or the auth key.</summary>
    private protected bool ElsewhereSawSomethingSigned() => Elsewhere.Saw("sha384:") || Elsewhere.Saw(FakeTransloadit.Key);

    /// <inheritdoc/>
    public virtual async Task InitializeAsync()
    {
        Fake = await FakeTransloadit.StartAsync();
        Elsewhere = await RecordingServer.StartAsync();
    }

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        await Fake.DisposeAsync();
        await Elsewhere.DisposeAsync();
        Directory.Delete(Work, recursive: true);
    }
}
