using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ImageSdk.Providers;
using ImageSdk.Tables;
using Microsoft.Extensions.Logging;

namespace ImageSdk.Running;

/// <summary>
/// The image providers as a step executor sees them: which one serves a model, and a call to it within its concurrency
/// limit. Executors get this, never the runner itself.
/// </summary>
public interface IProviderRouter
{
    /// <summary>
    /// The provider a step of <paramref name="model"/> calls: <paramref name="requested"/> (the step's <c>provider</c>), else
    /// the run's default where it serves the model, else the first configured route in catalog order, else the offline
    /// renderer. A named provider that is unknown, does not serve the model or has no credentials is an error, never a
    /// silent fallback.
    /// </summary>
    /// <param name="model">The catalog model.</param>
    /// <param name="requested">The provider the step names, or null.</param>
    /// <returns>The provider; when none can serve the step, this throws, and the message (which says why and what to set) becomes the step's error.</returns>
    IImageProvider Choose(ModelSpec model, string? requested);

    /// <summary>Calls <paramref name="provider"/> once it is within its concurrency limit, which every run of the runner shares.</summary>
    /// <param name="provider">The provider, one <see cref="Choose"/> returned.</param>
    /// <param name="request">The call.</param>
    /// <param name="cancellationToken">Cancels the wait and the call.</param>
    Task<IReadOnlyList<ProviderImage>> GenerateAsync(IImageProvider provider, ProviderRequest request, CancellationToken cancellationToken);
}

/// <summary>The runner's providers: the choice of route, the shared concurrency limits, the logger.</summary>
internal sealed class ProviderRouter
{
    private readonly IReadOnlyList<IImageProvider> _providers;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _limits = new(StringComparer.Ordinal);

    public ProviderRouter(IEnumerable<IImageProvider>? providers, ILogger logger)
    {
        var list = (providers ?? Enumerable.Empty<IImageProvider>()).ToList();
        if (!list.Any(p => p.Name == OfflineImageProvider.ProviderName))
        {
            list.Add(new OfflineImageProvider());
        }

        // A provider of the user's own under a name the SDK also registers (e.g. an IImageGenerator as "openai") wins over
        // the built-in one, whatever the registration order: it comes first, and the first of a name is the one chosen.
        _providers = list.OrderBy(p => IsBuiltIn(p) ? 1 : 0).ToList();
        Logger = logger;
    }

    public ILogger Logger { get; }

    /// <summary>Whether a model without a configured provider falls back to the offline renderer.</summary>
    public bool AllowOfflineFallback { get; set; } = true;

    /// <summary>The sum of the providers' concurrency limits.</summary>
    public int TotalConcurrency => _providers.Sum(p => Math.Max(1, p.MaxConcurrency));

    /// <summary>The router one run's executors get: <paramref name="runDefault"/> is <see cref="RunOptions.Provider"/>.</summary>
    public IProviderRouter For(string? runDefault) => new RunRouter(this, runDefault);

    /// <summary>The provider's concurrency limit, shared by every run of this runner.</summary>
    public SemaphoreSlim Limit(IImageProvider provider) => _limits.GetOrAdd(provider.Name, _ => new SemaphoreSlim(Math.Max(1, provider.MaxConcurrency)));

    /// <summary>See <see cref="IProviderRouter.Choose"/>; failures are <see cref="StepException"/>s with their codes.</summary>
    public IImageProvider Choose(ModelSpec model, string? requested, string? runDefault)
    {
        // The run's default applies to the models it serves; the others go on to their own routes.
        if (requested is null && runDefault is not null && (runDefault == OfflineImageProvider.ProviderName || model.Providers.Any(r => r.Provider == runDefault)))
        {
            requested = runDefault;
        }

        if (requested is not null)
        {
            var named = _providers.FirstOrDefault(p => string.Equals(p.Name, requested, StringComparison.Ordinal))
                ?? throw new StepException("PROVIDER_NOT_AVAILABLE", $"provider '{requested}' is not known here; available: {string.Join(", ", _providers.Select(p => p.Name))}");
            // A catalog provider serves the models it has routes for; the offline renderer and providers of the user's own serve any.
            var catalogProvider = SchemaTables.Models.Any(m => m.Providers.Any(r => r.Provider == named.Name));
            if (catalogProvider && !model.Providers.Any(r => r.Provider == named.Name))
            {
                throw new StepException("PROVIDER_NOT_AVAILABLE", $"provider '{requested}' does not serve {model.Id}; its routes: {string.Join(", ", model.Providers.Select(r => r.Provider).Append(OfflineImageProvider.ProviderName))}");
            }

            if (!named.IsConfigured)
            {
                throw new StepException(ProviderErrors.NotConfigured, $"provider '{requested}' has no credentials; set {CredentialHint(requested)}");
            }

            return named;
        }

        foreach (var route in model.Providers)
        {
            if (_providers.FirstOrDefault(p => p.Name == route.Provider && p.IsConfigured) is { } configured)
            {
                return configured;
            }
        }

        if (!AllowOfflineFallback)
        {
            var keys = string.Join("; or ", model.Providers.Select(r => r.Provider).Distinct().Select(CredentialHint));
            throw new StepException(ProviderErrors.NotConfigured, $"no provider of {model.Id} has credentials, and the offline fallback is off (AllowOfflineFallback = false); set {keys}");
        }

        return _providers.First(p => p.Name == OfflineImageProvider.ProviderName);
    }

    /// <summary>
    /// Why <see cref="RunOptions.Provider"/> names no provider (a registered one, a catalog route or <c>offline</c>), or null
    /// when it does or is unset.
    /// </summary>
    public string? UnknownProvider(string? name)
    {
        if (name is null)
        {
            return null;
        }

        var known = _providers.Select(p => p.Name)
            .Concat(SchemaTables.Models.SelectMany(m => m.Providers.Select(r => r.Provider)))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return known.Contains(name, StringComparer.Ordinal)
            ? null
            : $"RunOptions.Provider '{Printable.Escape(name)}' is not a provider; use one of {string.Join(", ", known)}";
    }

    /// <summary>Whether the provider is one this SDK registers itself (the hosted providers and the offline renderer).</summary>
    private static bool IsBuiltIn(IImageProvider provider) =>
        provider is HostedImageProvider or OfflineImageProvider && provider.GetType().Assembly == typeof(AssemblyRunner).Assembly;

    private static string CredentialHint(string provider) =>
        ProviderRegistration.Find(provider) is { } row
            ? string.Join(" or ", row.KeyVariables) + " (environment or .env), or its ProviderOptions.ApiKey"
            : "its credentials";

    /// <summary>One run's view: the run's default provider applied.</summary>
    private sealed class RunRouter(ProviderRouter router, string? runDefault) : IProviderRouter
    {
        public IImageProvider Choose(ModelSpec model, string? requested) => router.Choose(model, requested, runDefault);

        public async Task<IReadOnlyList<ProviderImage>> GenerateAsync(IImageProvider provider, ProviderRequest request, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(provider);
            var limit = router.Limit(provider);
            await limit.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await provider.GenerateAsync(request, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                limit.Release();
            }
        }
    }
}
