using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using ImageSdk.Running;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace ImageSdk.Tests.Running;

public class ServiceCollectionTests
{
    [Fact]
    public void The_sdk_references_no_native_or_runtime_assembly_and_the_runtime_client_holds_the_runner()
    {
        var sdk = typeof(ImageSdk.Validation.AssemblyValidator).Assembly;

        Assert.Equal("ImageSdk", sdk.GetName().Name);
        Assert.DoesNotContain(sdk.GetReferencedAssemblies(), a => a.Name!.StartsWith("NetVips", StringComparison.Ordinal) || a.Name == "ImageSdk.Runtime");
        Assert.Equal("ImageSdk.Runtime", typeof(AssemblyRunner).Assembly.GetName().Name);
        Assert.Contains(typeof(AssemblyRunner).Assembly.GetReferencedAssemblies(), a => a.Name == "NetVips");
    }

    [Fact]
    public async Task AddImageSdk_gives_a_runner_that_runs_offline_without_keys_and_registers_each_provider_once()
    {
        using var provider = new ServiceCollection().AddImageSdk(o => o.ReadEnvironment = false).AddImageSdk().BuildServiceProvider();
        var runner = provider.GetRequiredService<AssemblyRunner>();
        var output = Path.Combine(Path.GetTempPath(), "imagesdk-di-" + Guid.NewGuid().ToString("N"));
        try
        {
            var result = await runner.RunAsync(
                Encoding.UTF8.GetBytes("""{"steps": {"g": {"robot": "/image/generate", "prompt": "x", "model": "flux-schnell"}}}"""),
                Array.Empty<RunUpload>(),
                new RunOptions { OutputDirectory = output });

            Assert.True(result.Completed, result.Message);
            Assert.True(result.Offline);
            var providers = provider.GetServices<ImageSdk.Providers.IImageProvider>().ToList();
            Assert.Equal(new[] { "offline", "google", "openai", "replicate" }, providers.Select(p => p.Name));
            Assert.Equal(new[] { true, false, false, false }, providers.Select(p => p.IsConfigured));
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }
}
