using System;
using System.CommandLine;
using System.IO;
using System.Text.Json;
using ImageSdk.Remote;
using ImageSdk.Tables;
using Microsoft.Extensions.DependencyInjection;

namespace ImageSdk.Cli.Commands;

/// <summary>
/// <c>imagesdk assemblies get ID [--json]</c> and <c>imagesdk assemblies cancel ID</c>: an assembly already started on
/// Transloadit, by its id or its URL. Exit codes: 0 done, 1 the API answered with an error, 2 usage.
/// </summary>
public static class AssembliesCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="stdout">Where the status goes.</param>
    /// <param name="stderr">Where errors go.</param>
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var endpoint = new Option<string?>("--endpoint") { HelpName = "URL", Description = "The API endpoint (default TRANSLOADIT_ENDPOINT, else https://api2.transloadit.com).", Recursive = true };
        var command = new Command("assemblies", "An assembly on Transloadit: its status, or cancel it.") { endpoint };
        command.Subcommands.Add(Sub("get", "Print an assembly's status.", cancel: false));
        command.Subcommands.Add(Sub("cancel", "Cancel an assembly.", cancel: true));
        return command;

        Command Sub(string name, string description, bool cancel)
        {
            var id = new Argument<string>("ID") { Description = "The assembly id, or its assembly_ssl_url." };
            var json = new Option<bool>("--json") { Description = "Print the API's status JSON." };
            var sub = new Command(name, description) { id, json };
            sub.SetAction(async (parse, cancellationToken) =>
            {
                Uri? endpointUri = null;
                if (parse.GetValue(endpoint) is { } text && (!Uri.TryCreate(text, UriKind.Absolute, out endpointUri) || endpointUri.Scheme is not ("http" or "https")))
                {
                    stderr.WriteLine($"imagesdk: --endpoint '{Printable.Escape(text)}' is not an http(s) URL");
                    return ImageSdkCli.Usage;
                }

                try
                {
                    using var services = ProvidersCommand.Services(o => o.Transloadit.Endpoint = endpointUri, stderr);
                    var client = services.GetRequiredService<TransloaditClient>();
                    var status = cancel
                        ? await client.CancelAsync(parse.GetValue(id)!, cancellationToken).ConfigureAwait(false)
                        : await client.GetAsync(parse.GetValue(id)!, cancellationToken).ConfigureAwait(false);
                    if (parse.GetValue(json))
                    {
                        stdout.WriteLine(status.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
                    }
                    else
                    {
                        // Every field is the API's (redacted by the client): escaped, so that none can drive the terminal.
                        stdout.WriteLine(Printable.Escape($"{status["assembly_id"]}: {status["ok"] ?? status["error"]}{(status["message"] is { } message ? " - " + message : string.Empty)}"));
                    }

                    return ImageSdkCli.Success;
                }
                catch (TransloaditException ex)
                {
                    stderr.WriteLine($"imagesdk: {ex.Code}: {Printable.Escape(ex.Message)}");
                    return ImageSdkCli.Invalid;
                }
                catch (ArgumentException ex)
                {
                    stderr.WriteLine("imagesdk: " + Printable.Escape(Providers.Secrets.Redact(ex.Message)));
                    return ImageSdkCli.Usage;
                }
            });
            return sub;
        }
    }
}
