using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using ImageSdk.Providers;
using ImageSdk.Running;
using ImageSdk.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NetVips;

namespace ImageSdk.Tests.Providers;

/// <summary>
/// The one provider table (issue 28): it is the schema's provider enum, and DI, options binding, credentials and endpoints
/// follow it; the route decides the mask convention; every provider gets the same prompt with its inputs described; an
/// exact size the catalog's step would round is delivered as asked.
/// </summary>
public sealed class ProviderTableTests() : FakeProviderTests("imagesdk-table-")
{
    private protected override Action<ImageSdkOptions>? Tweak => GenerousTimeouts;

    private static string Edit(string parameters) =>
        """{"steps": {":original": {"robot": "/upload/handle"}, "g": {"robot": "/image/generate", "use": ":original", "prompt": "Make it autumn" """ + parameters + "}}}";

    // ---- the table ------------------------------------------------------------------------------------------------

    /// <summary>The <c>provider</c> enum of a route in schema/models.schema.json, read from the file.</summary>
    private static List<string> SchemaProviderEnum()
    {
        var schema = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "schema", "models.schema.json")))!;
        return schema["$defs"]!["model"]!["properties"]!["providers"]!["items"]!["properties"]!["provider"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()).ToList();
    }

    [Fact]
    public void The_provider_table_is_the_schemas_provider_enum_and_the_catalogs_routes()
    {
        var names = ProviderRegistration.All.Select(r => r.Name).ToList();

        Assert.Equal(SchemaProviderEnum(), names);
        Assert.Subset(names.ToHashSet(), SchemaTables.Models.SelectMany(m => m.Providers).Select(r => r.Provider).ToHashSet());
        Assert.Equal(names.Append("offline"), ProviderRegistration.Names);
        Assert.Equal(string.Join(", ", names) + " or offline", ProviderRegistration.NamesText);
        Assert.Equal(names, ProviderCredentials.Variables.Select(v => v.Provider));
    }

    [Fact]
    public void Each_row_drives_di_options_credentials_and_the_endpoint()
    {
        var environment = ProviderRegistration.All.SelectMany(r => new[]
        {
            (r.KeyVariables[^1], "key-of-" + r.Name), // the last lookup name is read when the first is unset
            (r.EndpointVariable, "http://127.0.0.1:1/" + r.Name),
        }).ToDictionary(p => p.Item1, p => p.Item2);
        var options = new ImageSdkOptions();

        foreach (var row in ProviderRegistration.All)
        {
            var settings = ProviderCredentials.Resolve(row.Name, options, name => environment.GetValueOrDefault(name));
            Assert.Equal(("key-of-" + row.Name, CredentialSource.Environment, row.KeyVariables[^1]), (settings.ApiKey, settings.Source, settings.SourceName));
            Assert.Equal(("http://127.0.0.1:1/" + row.Name, row.EndpointVariable), (settings.Endpoint.AbsoluteUri, settings.EndpointSourceName));
            Assert.Same(row.Options(options), options.For(row.Name));
            Assert.Equal(row.DefaultEndpoint, ProviderCredentials.Resolve(row.Name, options, _ => null).Endpoint);
        }

        using var services = new ServiceCollection().AddImageSdk(o => o.ReadEnvironment = false).BuildServiceProvider();
        Assert.Equal(ProviderRegistration.All.Select(r => r.Name), services.GetServices<IImageProvider>().OfType<HostedImageProvider>().Select(p => p.Name));
    }

    [Fact]
    public void Each_provider_binds_its_named_options_section()
    {
        var values = new Dictionary<string, string?> { ["ImageSdk:ReadEnvironment"] = "false", ["ImageSdk:OpenAI:MaxRetries"] = "1" };
        var concurrency = 2;
        foreach (var row in ProviderRegistration.All)
        {
            values[$"ImageSdk:Providers:{row.Section}:MaxConcurrency"] = (concurrency++).ToString(System.Globalization.CultureInfo.InvariantCulture);
            values[$"ImageSdk:Providers:{row.Section}:ApiKey"] = "key-of-" + row.Name;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        using var services = new ServiceCollection().AddImageSdk(configuration.GetSection("ImageSdk")).BuildServiceProvider();

        var options = services.GetRequiredService<IOptions<ImageSdkOptions>>().Value;
        var providers = services.GetServices<IImageProvider>().OfType<HostedImageProvider>().ToDictionary(p => p.Name);
        concurrency = 2;
        foreach (var row in ProviderRegistration.All)
        {
            Assert.Equal((concurrency, "key-of-" + row.Name, CredentialSource.Options), (providers[row.Name].MaxConcurrency, providers[row.Name].Settings.ApiKey, providers[row.Name].Settings.Source));
            concurrency++;
        }

        Assert.Equal(1, options.OpenAI.MaxRetries); // the short section is read too
    }

    // ---- the route decides the mask -------------------------------------------------------------------------------

    [Fact]
    public void Every_catalog_route_names_its_mask_convention()
    {
        foreach (var route in SchemaTables.Models.SelectMany(m => m.Providers))
        {
            var native = Assert.IsType<RouteCapabilities>(route.Native);
            Assert.Equal(native.Mask, MaskConventions.Of(route));
        }

        Assert.Equal(MaskConvention.WhiteRepaints, MaskConventions.Of(null)); // no route: the offline renderer
    }

    private static RunUpload[] Inpaint() =>
    [
        RunUpload.FromBytes("image", "photo.png", WireRuleTests.Photo(256, 192, ".png")),
        RunUpload.FromBytes("mask", "mask.png", WireRuleTests.Rect(256, 192, 40, 30, 100, 80).PngsaveBuffer()),
    ];

    [Fact]
    public async Task OpenAI_gets_a_transparent_edits_mask()
    {
        var result = await RunAsync(Edit(""", "model": "gpt-image-2", "provider": "openai", "format": "png" """), Inpaint());

        Assert.True(result.Completed, result.Message);
        var sent = Assert.Single(Fake.Received("openai"));
        Assert.Equal(("256x192", true), (sent["image_size"]!.GetValue<string>(), sent["mask_has_alpha"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task Stable_diffusion_inpainting_gets_a_white_repaints_mask()
    {
        var result = await RunAsync(Edit(""", "model": "stability-ai/stable-diffusion-inpainting", "format": "png" """), Inpaint());

        Assert.True(result.Completed, result.Message);
        var input = Assert.Single(Fake.Received("replicate"))["input"]!;
        Assert.Equal((256, 192, "Make it autumn"), (input["width"]!.GetValue<int>(), input["height"]!.GetValue<int>(), input["prompt"]!.GetValue<string>())); // the catalog's steps of 64
        var uri = input["mask"]!.GetValue<string>();
        using var mask = Image.NewFromBuffer(Convert.FromBase64String(uri[(uri.IndexOf(',', StringComparison.Ordinal) + 1)..]));
        Assert.False(mask.HasAlpha());
        Assert.Equal((255.0, 0.0), (mask.Getpoint(90, 70)[0], mask.Getpoint(5, 5)[0])); // white repaints, black kept
    }

    [Theory]
    [InlineData("google/nano-banana", "google")]
    [InlineData("google/nano-banana", "replicate")]
    [InlineData("gpt-image-2", "replicate")]
    public async Task A_route_that_takes_no_mask_gets_none_and_the_runner_composites(string model, string provider)
    {
        var result = await RunAsync(Edit($$""", "model": "{{model}}", "provider": "{{provider}}", "format": "png" """), Inpaint());

        Assert.True(result.Completed, result.Message);
        var sent = Assert.Single(Fake.Received(provider));
        var images = provider == "google"
            ? sent["contents"]![0]!["parts"]!.AsArray().Count(p => p?["inlineData"] is not null)
            : sent["input"]!.AsObject().Where(p => p.Value is JsonArray).Sum(p => p.Value!.AsArray().Count);
        Assert.Equal(1, images); // the image alone: no mask part
        Assert.DoesNotContain("mask", provider == "google" ? sent["contents"]![0]!["parts"]![0]!["text"]!.GetValue<string>() : sent["input"]!["prompt"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    // ---- one prompt ------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Every_provider_sends_the_same_prompt_with_its_inputs_described()
    {
        var prompts = new List<(string Route, string Prompt)>();
        foreach (var (model, provider) in new[] { ("google/nano-banana", "google"), ("gpt-image-2", "openai"), ("gpt-image-2", "replicate"), ("google/nano-banana", "replicate"), ("flux-1.1-pro-ultra", "replicate") })
        {
            var before = Fake.Received(provider).Count;
            var result = await RunAsync(Edit($$""", "model": "{{model}}", "provider": "{{provider}}", "format": "png" """), RunUpload.FromBytes("image", "photo.png", WireRuleTests.Photo(320, 240, ".png")));
            Assert.True(result.Completed, $"{model} on {provider}: {result.Message}");

            var sent = Fake.Received(provider)[before];
            prompts.Add(($"{model} on {provider}", provider switch
            {
                "google" => sent["contents"]![0]!["parts"]![0]!["text"]!.GetValue<string>(),
                "openai" => sent["prompt"]!.GetValue<string>(),
                _ => sent["input"]!["prompt"]!.GetValue<string>(),
            }));
        }

        Assert.All(prompts, p => Assert.Equal("Input files: image: photo.png (image/png, upload field \"image\").\nMake it autumn", p.Prompt));
    }

    // ---- an exact size ---------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(1000, 600)]
    [InlineData(1001, 999)]
    public async Task A_gpt_image_2_size_off_the_catalogs_step_is_delivered_exactly(int width, int height)
    {
        var result = await RunAsync($$"""{"steps": {"g": {"robot": "/image/generate", "prompt": "A red fox", "model": "gpt-image-2", "width": {{width}}, "height": {{height}} } } }""");

        Assert.True(result.Completed, result.Message);
        var sent = Assert.Single(Fake.Received("openai"))["size"]!.GetValue<string>();
        Assert.Null(FakeProviderServer.SizeProblem(sent)); // the strict fake: a size the live API takes
        using var image = Image.NewFromFile(Assert.Single(result.Results["g"]).Path!);
        Assert.Equal((width, height), (image.Width, image.Height));
    }
}
