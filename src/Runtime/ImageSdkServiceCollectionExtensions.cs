using System;
using ImageSdk.Providers;
using ImageSdk.Running;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ImageSdk;

/// <summary>Registers ImageSdk with a service collection.</summary>
public static class ImageSdkServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <see cref="AssemblyRunner"/> and the offline renderer. Register other <see cref="IImageProvider"/>s
    /// (Google, OpenAI, Replicate, Transloadit) alongside: the runner takes every registered provider.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddImageSdk(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IImageProvider, OfflineImageProvider>());
        services.TryAddSingleton<AssemblyRunner>();
        return services;
    }
}
