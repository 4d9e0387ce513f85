using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using ImageSdk.Providers;
using ImageSdk.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace ImageSdk.Cli.Commands;

/// <summary>
/// <c>imagesdk providers [--json]</c>: each provider, configured or not and from where (environment, <c>.env</c>,
/// options), its endpoint, its concurrency limit and the models it serves. A key is never shown.
/// </summary>
public static class ProvidersCommand
{
    /// <summary>The provider values the CLI takes.</summary>
    public static IReadOnlyList<string> Names => ProviderRegistration.Names;

    /// <summary>
    /// The services a CLI run uses: the runtime client with every provider, configured from the environment and <c>.env</c>.
    /// With <paramref name="notices"/>, every endpoint that is not a provider's real host is named there, with where it came
    /// from, before anything is called.
    /// </summary>
    internal static ServiceProvider Services(Action<ImageSdkOptions>? configure = null, TextWriter? notices = null)
    {
        var services = new ServiceCollection().AddImageSdk(configure).BuildServiceProvider();
        if (notices is not null)
        {
            foreach (var (name, endpoint, source) in Endpoints(services))
            {
                notices.WriteLine($"imagesdk: note: {name} is reached at {endpoint} ({source})");
            }
        }

        return services;
    }

    /// <summary>
    /// The endpoints that are not the real hosts, of the providers and of Transloadit: name, endpoint (without user info) and
    /// where it came from. Settings that cannot be read are left out: building the runner reports them.
    /// </summary>
    private static List<(string Name, string Endpoint, string Source)> Endpoints(ServiceProvider services)
    {
        var found = new List<(string, string, string)>();
        ImageSdkOptions options;
        try
        {
            options = services.GetRequiredService<IOptions<ImageSdkOptions>>().Value;
        }
        catch (OptionsValidationException)
        {
            return found;
        }

        foreach (var read in ProviderRegistration.All.Select(r => (Func<ProviderSettings>)(() => ProviderCredentials.Resolve(r.Name, options))).Append(() => Transloadit(options)))
        {
            try
            {
                var settings = read();
                if (settings.EndpointSource != CredentialSource.None)
                {
                    found.Add((settings.Provider, ProviderCredentials.Display(settings.Endpoint), EndpointSource(settings)));
                }
            }
            catch (ArgumentException)
            {
            }
        }

        return found;
    }

    /// <summary>Where a row's endpoint came from, in words: <c>IMAGESDK_OPENAI_ENDPOINT in the .env file</c>, <c>--endpoint</c>.</summary>
    private static string EndpointSource(ProviderSettings settings) =>
        settings.Provider == "transloadit" && settings.EndpointSource == CredentialSource.Options ? "--endpoint or the options set in code"
        : ProviderCredentials.Describe(settings.EndpointSource, settings.EndpointSourceName?.Replace(".env ", string.Empty, StringComparison.Ordinal) ?? "-");

    /// <summary>Creates the command.</summary>
    /// <param name="stdout">Where the list goes.</param>
    /// <param name="stderr">Where errors go.</param>
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var json = new Option<bool>("--json") { Description = "Print a JSON array of {name, configured, source, variable, endpoint, endpoint_source, endpoint_variable, problem, max_concurrency, models}." };
        var check = new Option<bool>("--check") { Description = "Make one free authenticated call per configured provider (Gemini and OpenAI list models, Replicate the account, Transloadit a signed GET) and report ok, rejected key, unreachable, or the catalog's models the account lacks; exit 0 only when all are ok." };
        var command = new Command("providers", "List the providers: configured or not (never a key), endpoints and where they come from, limits and the models each serves.") { json, check };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(check))
            {
                return await CheckAsync(parse.GetValue(json), stdout, stderr, cancellationToken).ConfigureAwait(false);
            }

            List<(ProviderSettings Settings, int? Limit)> rows;
            try
            {
                using var services = Services();
                var options = services.GetRequiredService<IOptions<ImageSdkOptions>>().Value;
                rows = ProviderRegistration.All.Select(r => (ProviderCredentials.Resolve(r.Name, options), (int?)r.Options(options).MaxConcurrency)).ToList();
                rows.Add((Transloadit(options), null));
            }
            catch (Exception ex) when (ex is ArgumentException or OptionsValidationException)
            {
                stderr.WriteLine("imagesdk: " + Secrets.Redact(ex.Message));
                return ImageSdkCli.Usage;
            }

            if (parse.GetValue(json))
            {
                stdout.WriteLine(Json(rows));
            }
            else
            {
                Table(rows, stdout);
            }

            foreach (var problem in rows.Select(r => r.Settings.Problem).OfType<string>())
            {
                stderr.WriteLine("imagesdk: " + problem);
            }

            return rows.Any(r => r.Settings.Problem is not null) ? ImageSdkCli.Invalid : ImageSdkCli.Success;
        });
        return command;
    }

    /// <summary>
    /// <c>providers --check</c>: one free authenticated call per configured provider, its outcome per line (or as JSON), no key.
    /// Exit 0 only when every configured provider is ok (and one is); 1 otherwise; 2 when the settings cannot be read.
    /// </summary>
    private static async Task<int> CheckAsync(bool asJson, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var checks = new List<ProviderCheck>();
        try
        {
            using var services = Services(notices: stderr);
            var options = services.GetRequiredService<IOptions<ImageSdkOptions>>().Value;
            var problems = ProviderRegistration.All.Select(r => ProviderCredentials.Resolve(r.Name, options)).Append(Transloadit(options))
                .Select(r => r.Problem).OfType<string>().ToList();
            if (problems.Count > 0)
            {
                problems.ForEach(problem => stderr.WriteLine("imagesdk: " + problem));
                return ImageSdkCli.Invalid;
            }

            foreach (var provider in services.GetServices<IImageProvider>().OfType<HostedImageProvider>())
            {
                checks.Add(await provider.CheckAsync(cancellationToken).ConfigureAwait(false));
            }

            checks.Add(await services.GetRequiredService<Remote.TransloaditClient>().CheckAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (Exception ex) when (ex is ArgumentException or OptionsValidationException)
        {
            stderr.WriteLine("imagesdk: " + Secrets.Redact(ex.Message));
            return ImageSdkCli.Usage;
        }

        if (asJson)
        {
            using var stream = new MemoryStream();
            using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
            {
                w.WriteStartArray();
                foreach (var c in checks)
                {
                    w.WriteStartObject();
                    w.WriteString("name", c.Provider);
                    w.WriteString("status", c.Status);
                    w.WriteString("detail", Secrets.Redact(c.Detail));
                    w.WriteStartArray("missing_models");
                    c.MissingModels.ToList().ForEach(w.WriteStringValue);
                    w.WriteEndArray();
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            stdout.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
        }
        else
        {
            foreach (var c in checks)
            {
                stdout.WriteLine($"{c.Provider,-12} {c.Status.Replace('_', ' '),-15} {Secrets.Redact(c.Detail)}");
            }
        }

        var configured = checks.Where(c => c.Status != ProviderCheck.NotConfigured).ToList();
        if (configured.Count == 0)
        {
            stderr.WriteLine("imagesdk: no provider is configured, so no key was checked");
        }

        return configured.Count > 0 && configured.All(c => c.Status == ProviderCheck.Ok) ? ImageSdkCli.Success : ImageSdkCli.Invalid;
    }

    /// <summary>Transloadit's settings as a row: configured when it has a key and a secret; the trust rule's problem, if any.</summary>
    private static ProviderSettings Transloadit(ImageSdkOptions options)
    {
        var transloadit = options.Transloadit;
        transloadit.ReadEnvironment = transloadit.ReadEnvironment && options.ReadEnvironment;
        transloadit.WorkingDirectory ??= options.WorkingDirectory;
        var (settings, secret) = Remote.TransloaditClient.Resolve(transloadit);
        return string.IsNullOrEmpty(secret) ? settings with { ApiKey = null } : settings;
    }

    private static IEnumerable<string> ModelsOf(string provider) =>
        provider is OfflineImageProvider.ProviderName or "transloadit" ? SchemaTables.Models.Select(m => m.Id) : SchemaTables.Models.Where(m => m.Providers.Any(r => r.Provider == provider)).Select(m => m.Id);

    private static string Json(List<(ProviderSettings Settings, int? Limit)> rows)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartArray();
            foreach (var (settings, limit) in rows)
            {
                w.WriteStartObject();
                w.WriteString("name", settings.Provider);
                w.WriteBoolean("configured", settings.IsConfigured);
                w.WriteString("source", Label(settings.Source));
                if (settings.SourceName is { } variable)
                {
                    w.WriteString("variable", variable.Replace(".env ", string.Empty, StringComparison.Ordinal));
                }

                w.WriteString("endpoint", ProviderCredentials.Display(settings.Endpoint));
                w.WriteString("endpoint_source", settings.EndpointSource == CredentialSource.None ? "default" : Label(settings.EndpointSource));
                if (settings.EndpointSourceName is { } endpointVariable && settings.EndpointSource != CredentialSource.Options)
                {
                    w.WriteString("endpoint_variable", endpointVariable.Replace(".env ", string.Empty, StringComparison.Ordinal));
                }

                if (settings.Problem is { } problem)
                {
                    w.WriteString("problem", problem);
                }

                if (limit is { } max)
                {
                    w.WriteNumber("max_concurrency", max);
                }

                w.WriteStartArray("models");
                foreach (var model in ModelsOf(settings.Provider))
                {
                    w.WriteStringValue(model);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteStartObject();
            w.WriteString("name", OfflineImageProvider.ProviderName);
            w.WriteBoolean("configured", true);
            w.WriteString("source", "built-in");
            w.WriteNumber("max_concurrency", Math.Max(1, Environment.ProcessorCount));
            w.WriteStartArray("models");
            foreach (var model in ModelsOf(OfflineImageProvider.ProviderName))
            {
                w.WriteStringValue(model);
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());

        static string Label(CredentialSource source) => source switch { CredentialSource.Environment => "env", CredentialSource.DotEnv => ".env", CredentialSource.Options => "config", _ => "none" };
    }

    private static void Table(List<(ProviderSettings Settings, int? Limit)> rows, TextWriter stdout)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(stdout), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = Math.Max(console.Profile.Width, 200);
        var table = new Spectre.Console.Table();
        foreach (var column in new[] { "Provider", "Configured", "From", "Endpoint", "Limit", "Models" })
        {
            table.AddColumn(column);
        }

        foreach (var (settings, limit) in rows)
        {
            table.AddRow(
                settings.Provider,
                settings.Problem is not null ? "refused" : settings.IsConfigured ? "yes" : "no",
                Markup.Escape(settings.SourceName ?? "-"),
                Markup.Escape(ProviderCredentials.Display(settings.Endpoint) + (settings.EndpointSource == CredentialSource.None ? string.Empty : $" (from {EndpointSource(settings)})")),
                limit?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-",
                Markup.Escape(settings.Provider == "transloadit" ? "every model (remote runs, --remote transloadit)" : string.Join(", ", ModelsOf(settings.Provider))));
        }

        table.AddRow(OfflineImageProvider.ProviderName, "yes", "built-in", "-", Math.Max(1, Environment.ProcessorCount).ToString(System.Globalization.CultureInfo.InvariantCulture), "every model (a local renderer)");
        console.Write(table);
    }
}
