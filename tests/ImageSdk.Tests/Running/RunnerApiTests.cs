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
}
