using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using ImageSdk.Providers;
using ImageSdk.Providers.Http;
using ImageSdk.Running;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImageSdk;

/// <summary>Registers ImageSdk with a service collection.</summary>
public static class ImageSdkServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <see cref="AssemblyRunner"/>, the offline renderer and the hosted providers (Google, OpenAI, Replicate),
    /// each on an <c>IHttpClientFactory</c> named client with its resilience pipeline, with validated options
    /// (<c>ValidateOnStart</c>). Keys not set in <paramref name="configure"/> are read from the environment and a
    /// <c>.env</c> file; a provider without a key stays registered but unconfigured, and the offline renderer is the
    /// default (unless <see cref="ImageSdkOptions.AllowOfflineFallback"/> is false). Register other <see cref="IImageProvider"/>s alongside: the runner takes every registered provider, and one of your own under a built-in name (e.g. <c>openai</c>) takes precedence over the built-in one, whatever the registration order.
    /// The built-in step executors are registered as <see cref="IStepExecutor"/>s; register your own alongside
    /// (<c>services.TryAddEnumerable(ServiceDescriptor.Singleton&lt;IStepExecutor, MyExecutor&gt;())</c>) to run a robot of
    /// your own schema, or to take a built-in robot's place; robots without an executor run only on Transloadit.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets keys, endpoints, limits and timeouts.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddImageSdk(this IServiceCollection services, Action<ImageSdkOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<ImageSdkOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.Validate(o => Problems(o).Count == 0, "ImageSdkOptions: a provider has a non-positive limit or timeout, or MaxRetries outside 0..10").ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddLogging();
        foreach (var name in ProviderRegistration.All.Select(r => r.Name).Append("transloadit"))
        {
            ProviderHttp.AddProviderClient(services, name);
        }

        ProviderHttp.AddProviderClient(services, "transloadit", ProviderHttp.ClientName("transloadit.files"), buffered: false); // results streamed to disk
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ImageSdkOptions>>().Value;
            options.Transloadit.ReadEnvironment = options.Transloadit.ReadEnvironment && options.ReadEnvironment;
            options.Transloadit.WorkingDirectory ??= options.WorkingDirectory;
            var factory = sp.GetRequiredService<IHttpClientFactory>();
            return new Remote.TransloaditClient(factory.CreateClient(ProviderHttp.ClientName("transloadit")), options.Transloadit, sp.GetService<TimeProvider>(), factory.CreateClient(ProviderHttp.ClientName("transloadit.files")));
        });

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IImageProvider, OfflineImageProvider>());
        foreach (var provider in ProviderRegistration.All)
        {
            services.TryAddEnumerable(provider.Service);
        }

        foreach (var executor in AssemblyRunner.BuiltInExecutors())
        {
            services.TryAddEnumerable(ServiceDescriptor.Singleton(typeof(IStepExecutor), executor));
        }

        services.TryAddSingleton(sp => new AssemblyRunner(sp.GetServices<IImageProvider>(), sp.GetServices<IStepExecutor>(), sp.GetService<ILogger<AssemblyRunner>>(), sp.GetRequiredService<Remote.TransloaditClient>())
        {
            AllowOfflineFallback = sp.GetRequiredService<IOptions<ImageSdkOptions>>().Value.AllowOfflineFallback,
        });
        return services;
    }

    /// <summary>
    /// Adds ImageSdk (see the other overload) with the providers' options read from <paramref name="configuration"/>, e.g.
    /// the <c>ImageSdk</c> section of appsettings.json: a named section per provider, <c>Providers:Google:ApiKey</c>,
    /// <c>Providers:OpenAI:Endpoint</c>, <c>Providers:Replicate:MaxConcurrency</c>, <c>Providers:Google:AttemptTimeout</c>
    /// (a TimeSpan), ... (the shorter <c>Google:ApiKey</c> is read too; <c>Providers:</c> wins), and <c>ReadEnvironment</c>.
    /// Keys not given there still come from the environment and <c>.env</c>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration section.</param>
    /// <param name="configure">Further settings, applied after the configuration.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddImageSdk(this IServiceCollection services, Microsoft.Extensions.Configuration.IConfiguration configuration, Action<ImageSdkOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services.AddImageSdk(options =>
        {
            Bind(configuration, options);
            configure?.Invoke(options);
        });
    }

    /// <summary>Reads the options from configuration by name, without reflection (the runtime is trimming- and AOT-safe).</summary>
    private static void Bind(Microsoft.Extensions.Configuration.IConfiguration configuration, ImageSdkOptions options)
    {
        if (bool.TryParse(configuration["ReadEnvironment"], out var readEnvironment))
        {
            options.ReadEnvironment = readEnvironment;
        }

        options.WorkingDirectory = configuration["WorkingDirectory"] ?? options.WorkingDirectory;
        foreach (var (name, provider, section) in ProviderRegistration.All.SelectMany(r => new[] { r.Section, "Providers:" + r.Section }.Select(name => (name, r.Options(options), configuration.GetSection(name)))))
        {
            provider.ApiKey = section["ApiKey"] ?? provider.ApiKey;
            if (section["Endpoint"] is { } endpoint)
            {
                provider.Endpoint = Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) ? uri : throw new ArgumentException($"{name}:Endpoint is not an absolute URL: '{Tables.Printable.Escape(endpoint)}'");
            }

            provider.MaxConcurrency = Int(section, "MaxConcurrency") ?? provider.MaxConcurrency;
            provider.MaxRetries = Int(section, "MaxRetries") ?? provider.MaxRetries;
            provider.AttemptTimeout = Time(section, "AttemptTimeout") ?? provider.AttemptTimeout;
            provider.TotalTimeout = Time(section, "TotalTimeout") ?? provider.TotalTimeout;
            provider.RetryDelay = Time(section, "RetryDelay") ?? provider.RetryDelay;
            provider.PollInterval = Time(section, "PollInterval") ?? provider.PollInterval;
            if (long.TryParse(section["MaxResponseBytes"], System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var bytes))
            {
                provider.MaxResponseBytes = bytes;
            }
        }

        static int? Int(Microsoft.Extensions.Configuration.IConfiguration section, string key) =>
            int.TryParse(section[key], System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : null;

        static TimeSpan? Time(Microsoft.Extensions.Configuration.IConfiguration section, string key) =>
            TimeSpan.TryParse(section[key], System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    /// <summary>What is wrong with the options, one line per problem.</summary>
    internal static List<string> Problems(ImageSdkOptions options)
    {
        var problems = new List<string>();
        foreach (var (name, o) in ProviderRegistration.All.Select(r => (r.Name, r.Options(options))))
        {
            if (o.MaxConcurrency < 1 || o.AttemptTimeout <= TimeSpan.Zero || o.TotalTimeout <= TimeSpan.Zero || o.MaxRetries is < 0 or > 10 || o.MaxResponseBytes < 1024 || o.PollInterval <= TimeSpan.Zero)
            {
                problems.Add(name);
            }

            if (o.Endpoint is { } endpoint && (!endpoint.IsAbsoluteUri || endpoint.Scheme is not ("http" or "https")))
            {
                problems.Add(name + " endpoint");
            }
        }

        return problems;
    }
}
