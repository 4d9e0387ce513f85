using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Text.Json;
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
    public static IReadOnlyList<string> Names { get; } = [ProviderNames.Google, ProviderNames.OpenAI, ProviderNames.Replicate, OfflineImageProvider.ProviderName];

    /// <summary>The services a CLI run uses: the runtime client with every provider, configured from the environment and <c>.env</c>.</summary>
    internal static ServiceProvider Services(Action<ImageSdkOptions>? configure = null) => new ServiceCollection().AddImageSdk(configure).BuildServiceProvider();

    /// <summary>Creates the command.</summary>
    /// <param name="stdout">Where the list goes.</param>
    /// <param name="stderr">Where errors go.</param>
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var json = new Option<bool>("--json") { Description = "Print a JSON array of {name, configured, source, variable, endpoint, maxConcurrency, models}." };
        var command = new Command("providers", "List the providers: configured or not (never a key), endpoints, limits and the models each serves.") { json };
        command.SetAction(parse =>
        {
            List<(ProviderSettings Settings, int Limit)> rows;
            try
            {
                using var services = Services();
                var options = services.GetRequiredService<IOptions<ImageSdkOptions>>().Value;
                rows = ProviderCredentials.Variables.Select(v => (ProviderCredentials.Resolve(v.Provider, options), options.For(v.Provider)!.MaxConcurrency)).ToList();
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

            return ImageSdkCli.Success;
        });
        return command;
    }

    private static IEnumerable<string> ModelsOf(string provider) =>
        provider == OfflineImageProvider.ProviderName ? SchemaTables.Models.Select(m => m.Id) : SchemaTables.Models.Where(m => m.Providers.Any(r => r.Provider == provider)).Select(m => m.Id);

    private static string Json(List<(ProviderSettings Settings, int Limit)> rows)
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
                w.WriteString("source", settings.Source switch { CredentialSource.Environment => "env", CredentialSource.DotEnv => ".env", CredentialSource.Options => "config", _ => "none" });
                if (settings.SourceName is { } variable)
                {
                    w.WriteString("variable", variable.Replace(".env ", string.Empty, StringComparison.Ordinal));
                }

                w.WriteString("endpoint", settings.Endpoint.AbsoluteUri);
                w.WriteNumber("maxConcurrency", limit);
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
            w.WriteNumber("maxConcurrency", Math.Max(1, Environment.ProcessorCount));
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
    }

    private static void Table(List<(ProviderSettings Settings, int Limit)> rows, TextWriter stdout)
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
                settings.IsConfigured ? "yes" : "no",
                Markup.Escape(settings.SourceName ?? "-"),
                Markup.Escape(settings.Endpoint.AbsoluteUri),
                limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Markup.Escape(string.Join(", ", ModelsOf(settings.Provider))));
        }

        table.AddRow(OfflineImageProvider.ProviderName, "yes", "built-in", "-", Math.Max(1, Environment.ProcessorCount).ToString(System.Globalization.CultureInfo.InvariantCulture), "every model (a local renderer)");
        console.Write(table);
    }
}
