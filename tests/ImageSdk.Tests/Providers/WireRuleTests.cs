using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using ImageSdk.Providers;
using ImageSdk.Running;
using Microsoft.Extensions.DependencyInjection;
using NetVips;

namespace ImageSdk.Tests.Providers;

/// <summary>
/// Requests the live APIs accept (issue 28): the fakes answer what the live service would reject with its status and error
/// body, so each run here completes only when the request is one the live API takes.
/// </summary>
public sealed class WireRuleTests : IAsyncLifetime
{
    private readonly string _out = Directory.CreateTempSubdirectory("imagesdk-wire-").FullName;
    private FakeProviderServer _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeProviderServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _fake.DisposeAsync();
        Directory.Delete(_out, recursive: true);
    }

    private async Task<AssemblyResult> RunAsync(string json, params RunUpload[] uploads)
    {
        using var services = ProviderTests.Services(_fake.Endpoint);
        return await services.GetRequiredService<AssemblyRunner>().RunAsync(Encoding.UTF8.GetBytes(json), uploads, new RunOptions { OutputDirectory = _out }, null, default);
    }

    private static string Step(string parameters) => """{"steps": {"g": {"robot": "/image/generate", "prompt": "A red fox" """ + parameters + "}}}";

    private static string Edit(string parameters) =>
        """{"steps": {":original": {"robot": "/upload/handle"}, "g": {"robot": "/image/generate", "use": ":original", "prompt": "Make it autumn" """ + parameters + "}}}";

    private static (int Width, int Height) SizeOf(string path)
    {
        using var image = Image.NewFromFile(path);
        return (image.Width, image.Height);
    }

    /// <summary>A photo-like image (noise, so that it compresses as a photo does) in the given format.</summary>
    internal static byte[] Photo(int width, int height, string suffix = ".jpg")
    {
        using var noise = Image.Gaussnoise(width, height, mean: 128, sigma: 40);
        using var rgb = noise.Bandjoin(noise.Rot180().Resize(1), noise.Flip(Enums.Direction.Horizontal)).Cast(Enums.BandFormat.Uchar);
        return rgb.WriteToBuffer(suffix);
    }

    /// <summary>A one-band image, white in the rectangle and black around it.</summary>
    internal static Image Rect(int width, int height, int left, int top, int w, int h) =>
        (Image.Black(w, h) + 255).Cast(Enums.BandFormat.Uchar).Embed(left, top, width, height);

    // ---- 1. gpt-image-2 sizes ---------------------------------------------------------------------------------------

    [Theory]
    [InlineData("16:9", "1536x864")]
    [InlineData("9:16", "864x1536")]
    [InlineData("3:2", "1536x1024")]
    [InlineData("1:1", "1024x1024")]
    public async Task A_gpt_image_2_ratio_request_asks_for_a_legal_size_of_at_least_the_default_pixels(string ratio, string sent)
    {
        var result = await RunAsync(Step($$""", "model": "gpt-image-2", "aspect_ratio": "{{ratio}}" """));

        Assert.True(result.Completed, result.Message);
        Assert.Equal(sent, Assert.Single(_fake.Received("openai"))["size"]!.GetValue<string>());
        var (w, h) = SizeOf(Assert.Single(result.Results["g"]).Path!);
        Assert.Equal(sent, $"{w}x{h}");
    }

    [Theory]
    [InlineData(512, 512)]
    [InlineData(1008, 592)]
    [InlineData(3840, 640)]
    [InlineData(3840, 3840)]
    public async Task A_gpt_image_2_size_the_api_refuses_is_asked_as_a_legal_one_and_delivered_as_asked(int width, int height)
    {
        var result = await RunAsync(Step($$""", "model": "gpt-image-2", "width": {{width}}, "height": {{height}} """));

        Assert.True(result.Completed, result.Message);
        var sent = Assert.Single(_fake.Received("openai"))["size"]!.GetValue<string>();
        Assert.Null(FakeProviderServer.SizeProblem(sent));
        Assert.Equal((width, height), SizeOf(Assert.Single(result.Results["g"]).Path!));
    }

    [Fact]
    public void Every_size_gpt_image_2_is_asked_for_is_legal()
    {
        for (var w = 16; w <= 3840; w += 112)
        {
            for (var h = 16; h <= 3840; h += 144)
            {
                foreach (var min in new[] { OpenAIImageProvider.MinPixels, OpenAIImageProvider.DefaultPixels })
                {
                    var (aw, ah) = OpenAIImageProvider.ApiSize(w, h, min);
                    Assert.True(FakeProviderServer.SizeProblem($"{aw}x{ah}") is null, $"{w}x{h} -> {aw}x{ah}: {FakeProviderServer.SizeProblem($"{aw}x{ah}")}");
                    Assert.True((long)aw * ah >= Math.Min(min, OpenAIImageProvider.MaxPixels), $"{w}x{h} -> {aw}x{ah} has fewer than {min} pixels");
                }
            }
        }

        Assert.Equal((1536, 1024), OpenAIImageProvider.ApiSize(1536, 1024, OpenAIImageProvider.MinPixels)); // legal as asked
        Assert.Equal((1536, 864), OpenAIImageProvider.ApiSize(1024, 576, OpenAIImageProvider.DefaultPixels));
    }

    // ---- 2. OpenAI edit parts ---------------------------------------------------------------------------------------

    [Theory]
    [InlineData("scan")]
    [InlineData("photo.gif")]
    [InlineData("x.heic")]
    public async Task An_openai_edit_of_png_bytes_under_any_name_sends_the_part_typed_by_its_bytes(string name)
    {
        var png = Photo(640, 480, ".png");
        var result = await RunAsync(Edit(""", "model": "gpt-image-2" """), RunUpload.FromBytes("image", name, png));

        Assert.True(result.Completed, result.Message);
        var sent = Assert.Single(_fake.Received("openai"));
        Assert.Equal("[\"image/png\"]", sent["image_types"]!.ToJsonString());
        Assert.StartsWith("Input files: image: " + name, sent["prompt"]!.GetValue<string>(), StringComparison.Ordinal); // the roles, as every provider sends them
    }

    // ---- 3. OpenAI masks --------------------------------------------------------------------------------------------

    [Fact]
    public async Task An_openai_inpaint_of_a_large_jpeg_without_an_extension_sends_a_png_and_a_small_alpha_mask_of_its_size()
    {
        var mask = Rect(2048, 1536, 600, 400, 500, 300).PngsaveBuffer();
        var result = await RunAsync(
            Edit(""", "model": "gpt-image-2", "format": "png" """),
            RunUpload.FromBytes("image", "upload", Photo(2048, 1536)),
            RunUpload.FromBytes("mask", "mask", mask));

        Assert.True(result.Completed, result.Message);
        var sent = Assert.Single(_fake.Received("openai"));
        Assert.Equal(("2048x1536", true), (sent["image_size"]!.GetValue<string>(), sent["mask_has_alpha"]!.GetValue<bool>()));
        Assert.True(sent["mask_bytes"]!.GetValue<int>() < 256 * 1024, $"the mask is {sent["mask_bytes"]} bytes");
        Assert.Equal((2048, 1536), SizeOf(Assert.Single(result.Results["g"]).Path!));
    }

    [Fact]
    public void The_transparent_edits_mask_is_alpha_only()
    {
        using var photo = Image.NewFromBuffer(Photo(300, 200));
        using var area = Rect(300, 200, 10, 10, 50, 50);
        var mask = ImageGenerateExecutor.MaskFor(MaskConvention.TransparentEdits, photo, area, null)!;

        using var decoded = Image.NewFromBuffer(mask.Bytes);
        Assert.Equal((300, 200, 4), (decoded.Width, decoded.Height, decoded.Bands));
        Assert.Equal((0.0, 0.0), (decoded.ExtractBand(0, n: 3).Min(), decoded.ExtractBand(0, n: 3).Max())); // constant RGB
        Assert.Equal(0.0, decoded.ExtractBand(3).Getpoint(20, 20)[0]); // edited: transparent
        Assert.Equal(255.0, decoded.ExtractBand(3).Getpoint(200, 150)[0]); // kept: opaque
    }
}
