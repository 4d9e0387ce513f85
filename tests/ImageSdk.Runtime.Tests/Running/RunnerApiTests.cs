using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using ImageSdk.Providers;
using ImageSdk.Running;

namespace ImageSdk.Tests.Running;

/// <summary>The runtime client as a .NET user calls it: builders instead of JSON, uploads from memory or streams, results in memory, typed metadata.</summary>
public sealed class RunnerApiTests
{
    private static AssemblyBuilder Inpaint(int variants = 1) => new AssemblyBuilder()
        .Step(new UploadHandleStep())
        .Step("inpainted", new ImageGenerateStep()
            .Use(ImageGenerateInput.Image(":original"), ImageGenerateInput.Mask(":original"))
            .Prompt("A calm sea")
            .Model(ImageModel.GoogleNanoBananaPro)
            .Format(ImageFormat.Png)
            .Seed(11)
            .NumOutputs(variants)
            .OutputMeta(OutputMetaField.Blurhash, OutputMetaField.HasTransparency, OutputMetaField.DominantColors));

    [Fact]
    public async Task A_builder_with_an_upload_from_memory_runs_to_results_in_memory_with_typed_meta()
    {
        var bytes = await File.ReadAllBytesAsync(Samples.CoastWithHole);

        var result = await new AssemblyRunner().RunAsync(Inpaint(2), [RunUpload.FromBytes("image", "coast.png", bytes)], new RunOptions { InMemory = true });

        Assert.True(result.Completed, result.Message);
        Assert.Equal(2, result.Results["inpainted"].Count);
        foreach (var file in result.Results["inpainted"])
        {
            Assert.Null(file.Path);
            using var image = SixLabors.ImageSharp.Image.Load(file.Content!.Value.Span);
            var meta = file.TypedMeta;
            Assert.Equal((image.Width, image.Height), (meta.Width, meta.Height));
            Assert.Equal(("google/nano-banana-pro", "offline", false), (meta.Model, meta.Provider, meta.HasTransparency));
            Assert.NotNull(meta.BlurHash);
            Assert.NotEmpty(meta.DominantColors!);
            Assert.Equal(file.Size, file.Content.Value.Length);
        }

        Assert.Equal(new long?[] { 11, 12 }, result.Results["inpainted"].Select(f => f.TypedMeta.Seed));
        Assert.Equal("coast.png", Assert.Single(result.Uploads).Name);
        Assert.Null(Assert.Single(result.Uploads).Path);
    }

    [Fact]
    public async Task An_upload_from_a_stream_runs_and_one_over_the_limit_is_refused()
    {
        var bytes = await File.ReadAllBytesAsync(Samples.CoastWithHole);
        var output = Directory.CreateTempSubdirectory("imagesdk-api-").FullName;
        try
        {
            await using (var stream = new MemoryStream(bytes))
            {
                var result = await new AssemblyRunner().RunAsync(Inpaint(), [RunUpload.FromStream("image", "coast.png", stream)], new RunOptions { OutputDirectory = output });
                Assert.True(result.Completed, result.Message);
                Assert.True(File.Exists(Assert.Single(result.Results["inpainted"]).Path));
            }

            await using (var stream = new MemoryStream(bytes))
            {
                var result = await new AssemblyRunner().RunAsync(Inpaint(), [RunUpload.FromStream("image", "coast.png", stream)], new RunOptions { OutputDirectory = output, MaxUploadBytes = 1000 });
                Assert.Equal("UPLOAD_TOO_LARGE", result.Error);
            }
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [Fact]
    public async Task A_provider_of_the_users_own_serves_any_model_it_is_named_for_while_a_catalog_provider_serves_only_its_routes()
    {
        var mine = new ImageSdk.Providers.OfflineImageProvider().AsImageGenerator().AsImageProvider("mine");
        var runner = new AssemblyRunner([mine]);

        var own = await runner.RunAsync(new AssemblyBuilder().Step("g", new ImageGenerateStep().Prompt("x").Model(ImageModel.FluxSchnell).Provider("mine")), options: new RunOptions { InMemory = true });
        Assert.True(own.Completed, own.Message);
        Assert.Equal("mine", Assert.Single(own.Results["g"]).TypedMeta.Provider);

        var wrong = await runner.RunAsync(new AssemblyBuilder().Step("g", new ImageGenerateStep().Prompt("x").Model(ImageModel.FluxSchnell).Provider("google")), options: new RunOptions { InMemory = true });
        Assert.Equal("PROVIDER_NOT_AVAILABLE", wrong.Error);
    }

    private const string FluxJson = """{"steps": {"g": {"robot": "/image/generate", "prompt": "x", "model": "flux-schnell"}}}""";

    [Fact]
    public async Task Json_text_runs_a_builder_plans_and_EnsureSuccess_returns_a_completed_result_and_throws_with_a_failed_one()
    {
        var runner = new AssemblyRunner();

        var result = await runner.RunAsync(FluxJson, options: new RunOptions { InMemory = true });
        Assert.Same(result, result.EnsureSuccess());
        Assert.Single(result.Results["g"]);

        var plan = runner.Plan(new AssemblyBuilder().Step("g", new ImageGenerateStep().Prompt("x").Model(ImageModel.FluxSchnell).NumOutputs(3)));
        Assert.True(plan.CanRun);
        Assert.Equal(("flux-schnell", "offline", 3), (Assert.Single(plan.Steps).Model, plan.Steps[0].Provider, plan.Steps[0].Images));
        Assert.Equal(1, runner.Plan(FluxJson).Steps[0].Images);
        Assert.DoesNotContain("cost", plan.ToJson(), StringComparison.Ordinal);

        var invalid = await runner.RunAsync("""{"steps": {"g": {"robot": "/image/generate"}}}""", options: new RunOptions { InMemory = true });
        var thrown = Assert.Throws<AssemblyFailedException>(() => invalid.EnsureSuccess());
        Assert.Same(invalid, thrown.Result);
        Assert.Equal(invalid.Error, thrown.Error);
        Assert.NotNull(thrown.Error);
        Assert.StartsWith(thrown.Error, thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_run_provider_is_an_error_naming_the_known_ones_and_never_a_silent_offline_run()
    {
        var runner = new AssemblyRunner();

        var result = await runner.RunAsync(FluxJson, options: new RunOptions { InMemory = true, Provider = "opneai" });

        Assert.False(result.Completed);
        Assert.Equal("PROVIDER_NOT_AVAILABLE", result.Error);
        Assert.Contains("'opneai'", result.Message, StringComparison.Ordinal);
        foreach (var name in ImageSdk.Tables.SchemaTables.Models.SelectMany(m => m.Providers).Select(r => r.Provider).Append("offline"))
        {
            Assert.Contains(name, result.Message, StringComparison.Ordinal);
        }

        Assert.Empty(result.Results);
        var plan = runner.Plan(FluxJson, options: new RunOptions { Provider = "opneai" });
        Assert.False(plan.CanRun);
        Assert.StartsWith("PROVIDER_NOT_AVAILABLE", plan.Steps[0].Error, StringComparison.Ordinal);
        Assert.True((await runner.RunAsync(FluxJson, options: new RunOptions { InMemory = true, Provider = "offline" })).Completed);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_provider_of_the_users_own_under_a_catalog_name_wins_over_the_built_in_one_whatever_the_registration_order(bool mineFirst)
    {
        var mine = new OfflineImageProvider().AsImageGenerator().AsImageProvider(ProviderNames.Replicate);
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        if (mineFirst)
        {
            Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton(services, mine);
        }

        services.AddImageSdk(o => o.ReadEnvironment = false);
        if (!mineFirst)
        {
            Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton(services, mine);
        }

        using var provider = Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions.BuildServiceProvider(services);
        var runner = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<AssemblyRunner>(provider);

        var byRoute = await runner.RunAsync(FluxJson, options: new RunOptions { InMemory = true });
        var byName = await runner.RunAsync(FluxJson, options: new RunOptions { InMemory = true, Provider = ProviderNames.Replicate });

        Assert.True(byRoute.Completed, byRoute.Message);
        Assert.True(byName.Completed, byName.Message);
        Assert.Equal("replicate", Assert.Single(byRoute.Results["g"]).TypedMeta.Provider);
        Assert.Equal("replicate", Assert.Single(byName.Results["g"]).TypedMeta.Provider);
    }

    [Fact]
    public async Task Without_the_offline_fallback_a_missing_key_fails_the_step_loudly_and_a_named_offline_step_still_runs()
    {
        using var provider = Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions.BuildServiceProvider(
            new Microsoft.Extensions.DependencyInjection.ServiceCollection().AddImageSdk(o => (o.ReadEnvironment, o.AllowOfflineFallback) = (false, false)));
        var runner = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<AssemblyRunner>(provider);

        var result = await runner.RunAsync(FluxJson, options: new RunOptions { InMemory = true });

        Assert.False(result.Completed);
        Assert.False(result.Offline);
        Assert.Equal(("PROVIDER_NOT_CONFIGURED", "g"), (result.Error, result.FailedStep));
        Assert.Contains("REPLICATE_API_TOKEN", result.Message, StringComparison.Ordinal);
        Assert.Contains("AllowOfflineFallback", result.Message, StringComparison.Ordinal);
        Assert.Empty(result.Results.Values.SelectMany(files => files));
        Assert.Equal("offline", Assert.Single((await runner.RunAsync(FluxJson, options: new RunOptions { InMemory = true, Provider = "offline" })).Results["g"]).TypedMeta.Provider);
        Assert.True((await new AssemblyRunner().RunAsync(FluxJson, options: new RunOptions { InMemory = true })).Offline);
    }

    /// <summary>A provider whose call finds libvips missing, as a platform without NetVips.Native's natives does.</summary>
    private sealed class NoNativesProvider : IImageProvider
    {
        public string Name => "mine";

        public bool IsConfigured => true;

        public int MaxConcurrency => 1;

        public Task<System.Collections.Generic.IReadOnlyList<ProviderImage>> GenerateAsync(ProviderRequest request, System.Threading.CancellationToken cancellationToken) =>
            throw new TypeInitializationException("ImageSdk.Imaging.ImageOps", new DllNotFoundException("Unable to load shared library 'libvips.so.42' or one of its dependencies."));
    }

    [Fact]
    public async Task A_missing_native_library_is_a_step_error_that_names_the_platform_package()
    {
        var result = await new AssemblyRunner([new NoNativesProvider()]).RunAsync(new AssemblyBuilder().Step("g", new ImageGenerateStep().Prompt("x").Model(ImageModel.FluxSchnell).Provider("mine")), options: new RunOptions { InMemory = true });

        Assert.Equal(("NATIVE_LIBRARY_MISSING", "g"), (result.Error, result.FailedStep));
        Assert.Contains("libvips could not be loaded", result.Message, StringComparison.Ordinal);
        Assert.Contains("NetVips.Native." + System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier, result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("type initializer", result.Message, StringComparison.Ordinal);
    }
}
