using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using ImageSdk.Providers.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ImageSdk.Providers;

/// <summary>
/// One hosted provider, as the SDK knows it: its <c>provider</c> value (as in schema/models.schema.json), its key variables in
/// lookup order, its endpoint variable and real host, its options (in code and the named configuration section
/// <c>Providers:{Section}</c>), and how it is built. <see cref="All"/> is the one table that drives DI, options binding,
/// credentials, the endpoint variables, <c>imagesdk providers</c> and the CLI's help text; a test holds it equal to the
/// schema's provider enum.
/// </summary>
internal sealed class ProviderRegistration
{
    private readonly Func<string, ServiceDescriptor> _service;

    private ProviderRegistration(string name, string section, string[] keyVariables, string endpointVariable, Uri defaultEndpoint, Func<ImageSdkOptions, ProviderOptions> options, Func<string, ServiceDescriptor> service)
    {
        (Name, Section, KeyVariables, EndpointVariable, DefaultEndpoint, Options, _service) = (name, section, keyVariables, endpointVariable, defaultEndpoint, options, service);
    }

    /// <summary>The hosted providers, in catalog order.</summary>
    public static IReadOnlyList<ProviderRegistration> All { get; } =
    [
        Create(ProviderNames.Google, "Google", ["GEMINI_API_KEY", "GOOGLE_API_KEY"], "IMAGESDK_GOOGLE_ENDPOINT", "https://generativelanguage.googleapis.com", o => o.Google, (_, h, s, o) => new GoogleImageProvider(h, s, o)),
        Create(ProviderNames.OpenAI, "OpenAI", ["OPENAI_API_KEY"], "IMAGESDK_OPENAI_ENDPOINT", "https://api.openai.com", o => o.OpenAI, (_, h, s, o) => new OpenAIImageProvider(h, s, o)),
        Create(ProviderNames.Replicate, "Replicate", ["REPLICATE_API_TOKEN"], "IMAGESDK_REPLICATE_ENDPOINT", "https://api.replicate.com", o => o.Replicate, (sp, h, s, o) => new ReplicateImageProvider(h, s, o, sp.GetService<TimeProvider>())),
    ];

    /// <summary>The <c>provider</c> value, e.g. <c>openai</c>.</summary>
    public string Name { get; }

    /// <summary>The name of its options: the <see cref="ImageSdkOptions"/> property and the configuration section (<c>Providers:OpenAI</c>).</summary>
    public string Section { get; }

    /// <summary>The key variables, in lookup order.</summary>
    public IReadOnlyList<string> KeyVariables { get; }

    /// <summary>The variable that overrides the endpoint, e.g. <c>IMAGESDK_OPENAI_ENDPOINT</c>.</summary>
    public string EndpointVariable { get; }

    /// <summary>The real host.</summary>
    public Uri DefaultEndpoint { get; }

    /// <summary>Its options within <see cref="ImageSdkOptions"/>.</summary>
    public Func<ImageSdkOptions, ProviderOptions> Options { get; }

    /// <summary>The provider's registration as an <see cref="IImageProvider"/> (one per implementation type, so <c>TryAddEnumerable</c> keeps each).</summary>
    public ServiceDescriptor Service => _service(Name);

    /// <summary>The registration of <paramref name="name"/>, or null.</summary>
    public static ProviderRegistration? Find(string name) => All.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.Ordinal));

    /// <summary>The provider values the CLI takes: the hosted ones, then <c>offline</c>.</summary>
    public static IReadOnlyList<string> Names { get; } = All.Select(r => r.Name).Append(OfflineImageProvider.ProviderName).ToList();

    /// <summary>The provider values in words, for help text: <c>google, openai, replicate or offline</c>.</summary>
    public static string NamesText => string.Join(", ", Names.Take(Names.Count - 1)) + " or " + Names[^1];

    private static ProviderRegistration Create<T>(string name, string section, string[] keyVariables, string endpointVariable, string defaultEndpoint, Func<ImageSdkOptions, ProviderOptions> options, Func<IServiceProvider, HttpClient, ProviderSettings, ProviderOptions, T> create)
        where T : HostedImageProvider =>
        new(name, section, keyVariables, endpointVariable, new Uri(defaultEndpoint), options, provider => ServiceDescriptor.Singleton<IImageProvider, T>(services => Build(services, provider, create)));

    /// <summary>
    /// The provider with its resolved settings, its options and its named HttpClient; refused (before any call) when its key
    /// would go to an endpoint less trusted than the key.
    /// </summary>
    private static T Build<T>(IServiceProvider services, string name, Func<IServiceProvider, HttpClient, ProviderSettings, ProviderOptions, T> create)
    {
        var options = services.GetRequiredService<IOptions<ImageSdkOptions>>().Value;
        var settings = ProviderCredentials.Resolve(name, options);
        if (settings.Problem is { } problem)
        {
            throw new ArgumentException(problem); // before any call: the key never reaches an endpoint less trusted than itself
        }

        var http = services.GetRequiredService<IHttpClientFactory>().CreateClient(ProviderHttp.ClientName(name));
        return create(services, http, settings, options.For(name)!);
    }
}
