using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ImageSdk.Tables;

namespace ImageSdk.Providers;

/// <summary>Where a provider's key came from, for <c>imagesdk providers</c>; never the key itself.</summary>
public enum CredentialSource
{
    /// <summary>No key is configured.</summary>
    None,

    /// <summary>Set in code (<see cref="ProviderOptions.ApiKey"/>, or configuration bound to it).</summary>
    Options,

    /// <summary>An environment variable.</summary>
    Environment,

    /// <summary>A <c>.env</c> file in the working folder.</summary>
    DotEnv,
}

/// <summary>A provider's resolved settings: its key (kept in memory only), where it came from, and its endpoint.</summary>
/// <param name="Provider">The provider name.</param>
/// <param name="ApiKey">The key, or null.</param>
/// <param name="Source">Where the key came from.</param>
/// <param name="SourceName">The variable or file that held it, e.g. <c>GEMINI_API_KEY</c>.</param>
/// <param name="Endpoint">The base URL, without a trailing <c>/v1</c>.</param>
public sealed record ProviderSettings(string Provider, string? ApiKey, CredentialSource Source, string? SourceName, Uri Endpoint)
{
    /// <summary>Whether a key is configured.</summary>
    public bool IsConfigured => !string.IsNullOrEmpty(ApiKey);

    /// <summary>Where the endpoint came from; <see cref="CredentialSource.None"/> for the provider's real host.</summary>
    public CredentialSource EndpointSource { get; init; }

    /// <summary>The variable that set the endpoint (e.g. <c>IMAGESDK_OPENAI_ENDPOINT</c>), or <c>options</c>; null for the real host.</summary>
    public string? EndpointSourceName { get; init; }

    /// <summary>
    /// Why the key must not be sent to the endpoint, or null: the endpoint comes from a source less trusted than the key's
    /// (a <c>.env</c> file pointing a key from the environment elsewhere). A provider with a problem refuses to be built.
    /// </summary>
    public string? Problem { get; init; }

    /// <inheritdoc/>
    public override string ToString() => $"{Provider} ({Source}, {Endpoint})"; // never the key
}

/// <summary>
/// Resolves each hosted provider's key and endpoint: options first, then the environment, then a <c>.env</c> file in the
/// working folder (the variables of <see cref="Variables"/>). The defaults are the real hosts.
/// </summary>
public static class ProviderCredentials
{
    /// <summary>Per provider: the key variables in order of preference, the endpoint variable and the real host (from the provider table).</summary>
    public static IReadOnlyList<(string Provider, string[] KeyVariables, string EndpointVariable, Uri DefaultEndpoint)> Variables { get; } =
        ProviderRegistration.All.Select(r => (r.Name, r.KeyVariables.ToArray(), r.EndpointVariable, r.DefaultEndpoint)).ToList();

    /// <summary>The settings of <paramref name="provider"/> under <paramref name="options"/>.</summary>
    /// <param name="provider">google, openai or replicate.</param>
    /// <param name="options">The options.</param>
    /// <param name="environment">Reads an environment variable; the process environment when null.</param>
    /// <exception cref="ArgumentException">The provider is unknown, or an endpoint is not an absolute http(s) URL.</exception>
    public static ProviderSettings Resolve(string provider, ImageSdkOptions options, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (ProviderRegistration.Find(provider) is not { } row)
        {
            throw new ArgumentException($"unknown provider '{provider}'; hosted providers: {string.Join(", ", ProviderRegistration.All.Select(r => r.Name))}", nameof(provider));
        }

        var own = row.Options(options);

        var values = new EnvironmentValues(options.ReadEnvironment, options.WorkingDirectory, environment);
        string? key = null, keyName = null;
        var keySource = CredentialSource.None;
        if (!string.IsNullOrWhiteSpace(own.ApiKey))
        {
            (key, keySource, keyName) = (own.ApiKey.Trim(), CredentialSource.Options, "options");
        }
        else
        {
            foreach (var name in row.KeyVariables)
            {
                if (values.Find(name, out var source) is { } found)
                {
                    (key, keySource, keyName) = (found, source, SourceLabel(source, name));
                    break;
                }
            }
        }

        var (endpoint, endpointSource) = ReadEndpoint(own.Endpoint, values, row.EndpointVariable, row.DefaultEndpoint);
        endpoint = Normalize(endpoint);
        return new ProviderSettings(provider, key, keySource, keyName, endpoint)
        {
            EndpointSource = endpointSource,
            EndpointSourceName = endpointSource == CredentialSource.None ? null : SourceLabel(endpointSource, row.EndpointVariable),
            Problem = TrustProblem(provider, endpoint, endpointSource, row.EndpointVariable, [(keySource, keyName)]),
        };
    }

    /// <summary>The endpoint: set in options, else the variable (environment, then <c>.env</c>), else the real host; and where it came from.</summary>
    /// <exception cref="ArgumentException">The variable's value is not an absolute http(s) URL.</exception>
    internal static (Uri Endpoint, CredentialSource Source) ReadEndpoint(Uri? fromOptions, EnvironmentValues values, string variable, Uri defaultEndpoint)
    {
        if (fromOptions is not null)
        {
            return (fromOptions, CredentialSource.Options);
        }

        return values.Find(variable, out var source) is { } text ? (ParseEndpoint(text, variable), source) : (defaultEndpoint, CredentialSource.None);
    }

    /// <summary>
    /// The trust rule: a key goes only to an endpoint set in a place at least as trusted as the key's own (options in code,
    /// then the process environment, then a <c>.env</c> file). Null when it holds, else what is wrong, naming both sources
    /// (never a key). The real host (no override) is always trusted.
    /// </summary>
    /// <param name="service">The provider, for the message.</param>
    /// <param name="endpoint">The endpoint.</param>
    /// <param name="endpointSource">Where it came from.</param>
    /// <param name="endpointVariable">Its variable.</param>
    /// <param name="credentials">Each credential's source and name (the variable, <c>.env NAME</c> or <c>options</c>).</param>
    internal static string? TrustProblem(string service, Uri endpoint, CredentialSource endpointSource, string endpointVariable, IEnumerable<(CredentialSource Source, string? Name)> credentials)
    {
        if (endpointSource == CredentialSource.None)
        {
            return null;
        }

        var above = credentials
            .Where(c => c.Source != CredentialSource.None && Trust(endpointSource) < Trust(c.Source))
            .Select(c => Describe(c.Source, (c.Name ?? "the key").Replace(".env ", string.Empty, StringComparison.Ordinal)))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return above.Count == 0 ? null
            : $"{service}: the endpoint {Display(endpoint)} comes from {Describe(endpointSource, endpointVariable)}, which is less trusted than "
                + $"{string.Join(" and ", above)}, where the key comes from; the key is not sent there. Set {endpointVariable} where the key is set "
                + $"(or remove it from {(endpointSource == CredentialSource.DotEnv ? "the .env file" : "the environment")}) to use that endpoint.";

        static int Trust(CredentialSource source) => source switch
        {
            CredentialSource.Options => 3,
            CredentialSource.Environment => 2,
            CredentialSource.DotEnv => 1,
            _ => 0,
        };
    }

    /// <summary>A variable and its place, e.g. <c>OPENAI_API_KEY in the environment</c>, for messages.</summary>
    internal static string Describe(CredentialSource source, string variable) => source switch
    {
        CredentialSource.Options => "the options set in code",
        CredentialSource.Environment => variable + " in the environment",
        CredentialSource.DotEnv => variable + " in the .env file",
        _ => "the default",
    };

    /// <summary>How <see cref="ProviderSettings.SourceName"/> names a source: the variable, <c>.env NAME</c>, or <c>options</c>.</summary>
    internal static string SourceLabel(CredentialSource source, string variable) => source switch
    {
        CredentialSource.Options => "options",
        CredentialSource.DotEnv => ".env " + variable,
        _ => variable,
    };

    /// <summary>An endpoint as it may be shown: without its user info (a password in <c>https://user:pw@host</c>).</summary>
    internal static string Display(Uri endpoint) => Printable.Escape(string.IsNullOrEmpty(endpoint.UserInfo)
        ? endpoint.AbsoluteUri
        : new UriBuilder(endpoint) { UserName = string.Empty, Password = string.Empty }.Uri.AbsoluteUri);

    /// <summary>
    /// Text that should be a URL but may not be one, as it may be shown: everything between the scheme and the last <c>@</c>
    /// (where user info, a password, would be) is left out.
    /// </summary>
    internal static string DisplayText(string text)
    {
        var at = text.LastIndexOf('@');
        if (at < 0)
        {
            return Printable.Escape(text);
        }

        var slashes = text.IndexOf("//", StringComparison.Ordinal);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var start = slashes >= 0 && slashes < at ? slashes + 2 : colon >= 0 && colon < at ? colon + 1 : 0;
        return Printable.Escape(text[..start] + "***" + text[at..]);
    }

    /// <summary>The base of an endpoint: no query, no trailing slash, no trailing <c>/v1</c> or <c>/v1beta</c>.</summary>
    public static Uri Normalize(Uri endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var path = endpoint.AbsolutePath.TrimEnd('/');
        foreach (var version in new[] { "/v1beta", "/v1" })
        {
            if (path.EndsWith(version, StringComparison.OrdinalIgnoreCase))
            {
                path = path[..^version.Length];
                break;
            }
        }

        return new Uri(endpoint.GetLeftPart(UriPartial.Authority) + path);
    }

    internal static Uri ParseEndpoint(string text, string variable) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new ArgumentException($"{variable} is not an http(s) URL: '{DisplayText(text)}'; give scheme://host[:port]");

    /// <summary>The <c>NAME=value</c> lines of <c>.env</c> in <paramref name="directory"/> (comments, <c>export</c> and quotes allowed).</summary>
    internal static Dictionary<string, string> ReadDotEnv(string directory)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var path = Path.Combine(directory, ".env");
        string[] lines;
        try
        {
            if (!File.Exists(path))
            {
                return values;
            }

            // Only a regular file, opened without waiting (a FIFO .env would hang every command) and counted as it is read
            // (a link to /dev/zero has no length to trust): anything else, or over 1 MiB, is no .env.
            lines = System.Text.Encoding.UTF8.GetString(Running.BoundedFile.ReadAllBytes(path, 1024 * 1024)).TrimStart('\uFEFF').Split('\n');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return values;
        }

        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            if (line.StartsWith("export ", StringComparison.Ordinal))
            {
                line = line["export ".Length..].TrimStart();
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }

            var value = line[(equals + 1)..].Trim();
            if (value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0])
            {
                value = value[1..^1];
            }

            values[line[..equals].Trim()] = value;
        }

        return values;
    }
}

/// <summary>
/// Named values from the environment, else from a <c>.env</c> file in the working folder (read once, when first needed): where
/// the keys and endpoints of every provider, and of Transloadit, are looked up.
/// </summary>
/// <param name="enabled">Whether to look at all; when false nothing is found.</param>
/// <param name="workingDirectory">The folder of <c>.env</c>; the current directory when null.</param>
/// <param name="environment">Reads an environment variable; the process environment when null.</param>
internal sealed class EnvironmentValues(bool enabled, string? workingDirectory, Func<string, string?>? environment = null)
{
    private readonly Func<string, string?> _environment = environment ?? System.Environment.GetEnvironmentVariable;
    private Dictionary<string, string>? _dotEnv;

    /// <summary>The value of <paramref name="name"/>, trimmed, and where it came from; null when neither place has one.</summary>
    public string? Find(string name, out CredentialSource source)
    {
        source = CredentialSource.None;
        if (!enabled)
        {
            return null;
        }

        if (_environment(name) is { Length: > 0 } value)
        {
            source = CredentialSource.Environment;
            return value.Trim();
        }

        _dotEnv ??= ProviderCredentials.ReadDotEnv(workingDirectory ?? Directory.GetCurrentDirectory());
        if (_dotEnv.TryGetValue(name, out var fromFile) && fromFile.Length > 0)
        {
            source = CredentialSource.DotEnv;
            return fromFile;
        }

        return null;
    }
}
