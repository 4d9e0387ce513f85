using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using ImageSdk.Running;
using ImageSdk.Tables;
using ImageSdk.Validation;

namespace ImageSdk.Remote;

/// <summary>
/// One assembly run on Transloadit: validated first (an unknown model is a warning, since the service may know newer
/// models; an invalid assembly is never sent), created with its uploads, polled with backoff until it leaves
/// <c>ASSEMBLY_UPLOADING</c>/<c>ASSEMBLY_EXECUTING</c>, and its result files downloaded under <c>DIR/STEP/</c> with the same
/// safe, atomic naming as local runs. Cancelling sends <c>DELETE</c> to the assembly, then stops.
/// </summary>
internal static class TransloaditExecution
{
    private static readonly string[] s_busy = ["ASSEMBLY_UPLOADING", "ASSEMBLY_EXECUTING", "ASSEMBLY_REPLAYING"];

    public static async Task<AssemblyResult> RunAsync(TransloaditClient client, ReadOnlyMemory<byte> instructions, IReadOnlyList<RunUpload> uploads, RunOptions options, IProgress<RunProgress>? progress, CancellationToken cancellationToken)
    {
        var validationOptions = options.Validation with { UnknownModelsAsWarnings = true };
        JsonObject? parameters = null;
        try
        {
            parameters = JsonNode.Parse(instructions.Span) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
        }

        // With a template, what runs is the template merged with the assembly, as the API merges it; the assembly's steps
        // are sent only when the template allows them to override its own.
        var judged = instructions;
        if (client.Options.TemplateId is { } templateId && parameters is not null)
        {
            try
            {
                var template = await client.GetTemplateAsync(templateId, cancellationToken).ConfigureAwait(false);
                var content = template["content"] as JsonObject
                    ?? (template["content"] is JsonValue text && text.TryGetValue<string>(out var json) ? JsonNode.Parse(json) as JsonObject : null)
                    ?? new JsonObject();
                if (parameters["steps"] is not null && content["allow_steps_override"] is JsonValue allow && allow.TryGetValue<bool>(out var allowed) && !allowed)
                {
                    return new AssemblyResult { AssemblyId = string.Empty, Error = "TEMPLATE_DENIES_STEPS_OVERRIDE", Message = $"template {templateId} does not allow its steps to be overridden (allow_steps_override: false); send the assembly without \"steps\"" };
                }

                var merged = Merge((JsonObject)content.DeepClone(), parameters);
                merged.Remove("allow_steps_override");
                judged = System.Text.Encoding.UTF8.GetBytes(merged.ToJsonString());
            }
            catch (TransloaditException ex)
            {
                return new AssemblyResult { AssemblyId = string.Empty, Error = ex.Code, Message = $"template {templateId}: {ex.Message}" };
            }

            parameters["template_id"] = templateId;
        }

        var validation = AssemblyValidator.Validate(judged.Span, validationOptions);
        if (!validation.IsValid || parameters is null)
        {
            return new AssemblyResult { AssemblyId = string.Empty, Error = "INVALID_ASSEMBLY_INSTRUCTIONS", Message = "The assembly instructions are invalid; nothing was sent to Transloadit.", Findings = validation.Findings };
        }

        if (options.Fields.Count > 0)
        {
            var fields = parameters["fields"] as JsonObject ?? new JsonObject();
            foreach (var (name, value) in options.Fields)
            {
                fields[name] = value;
            }

            parameters["fields"] = fields;
        }

        progress?.Report(new RunProgress("upload", "running", 0, uploads.Count, $"uploading {uploads.Count} file(s) to {client.Endpoint.Host}"));
        JsonObject status;
        try
        {
            status = await client.CreateAsync(parameters, uploads, cancellationToken).ConfigureAwait(false);
        }
        catch (TransloaditException ex)
        {
            return new AssemblyResult { AssemblyId = string.Empty, Error = ex.Code, Message = ex.Message };
        }

        progress?.Report(new RunProgress("upload", "completed", uploads.Count, uploads.Count));
        var assemblyId = status["assembly_id"]?.ToString() ?? string.Empty;
        if (PollUrl(client, status, assemblyId) is not { } url)
        {
            return new AssemblyResult { AssemblyId = Printable.Escape(assemblyId), Error = "TRANSLOADIT_BAD_RESPONSE", Message = "Transloadit's answer names neither an assembly URL on the endpoint nor an assembly id to ask it about.", RemoteStatus = status };
        }

        using var total = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        total.CancelAfter(client.Options.TotalTimeout);
        var delay = client.Options.PollInterval;
        try
        {
            while (s_busy.Contains(status["ok"]?.ToString()))
            {
                progress?.Report(new RunProgress("assembly", "running", 0, 0, status["ok"]?.ToString()));
                await Task.Delay(delay, total.Token).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
                status = await client.GetAsync(url, total.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            var canceled = await CancelAsync(client, url).ConfigureAwait(false);
            throw new AssemblyCanceledException(new AssemblyResult { AssemblyId = assemblyId, Error = "ASSEMBLY_CANCELED", Message = "The run was cancelled; the assembly was cancelled on Transloadit.", RemoteStatus = canceled }, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            await CancelAsync(client, url).ConfigureAwait(false);
            return new AssemblyResult { AssemblyId = assemblyId, Error = "ASSEMBLY_TIMEOUT", Message = $"The assembly did not finish within {client.Options.TotalTimeout.TotalMinutes:0.#} minutes; it was cancelled.", RemoteStatus = status };
        }
        catch (TransloaditException ex)
        {
            return new AssemblyResult { AssemblyId = assemblyId, Error = ex.Code, Message = ex.Message, RemoteStatus = status };
        }

        progress?.Report(new RunProgress("assembly", "completed", 0, 0, status["ok"]?.ToString()));
        return await DownloadAsync(client, status, assemblyId, options, progress, cancellationToken, ExportSteps(judged.Span)).ConfigureAwait(false);
    }

    /// <summary>
    /// What to poll and cancel: the status's <c>assembly_ssl_url</c> or <c>assembly_url</c> when it is on the configured
    /// endpoint, else the assembly id, which the client asks the endpoint about. Signed requests go only to the endpoint,
    /// whatever host an answer names (Transloadit's own name a node of theirs). Null when there is neither.
    /// </summary>
    private static string? PollUrl(TransloaditClient client, JsonObject status, string assemblyId) =>
        new[] { status["assembly_ssl_url"], status["assembly_url"] }
            .Select(node => node is JsonValue value && value.TryGetValue<string>(out var text) && Uri.TryCreate(text, UriKind.Absolute, out var link) && link.Scheme is "http" or "https" && client.IsOwn(link) ? text : null)
            .FirstOrDefault(link => link is not null)
        ?? (TransloaditClient.IsAssemblyId(assemblyId) ? assemblyId : null);

    /// <summary>The template's content with the assembly's values over it, objects merged member by member (as the API's merge).</summary>
    private static JsonObject Merge(JsonObject target, JsonObject source)
    {
        foreach (var (key, value) in source)
        {
            if (value is JsonObject inner && target[key] is JsonObject existing)
            {
                Merge(existing, inner);
            }
            else if (value is not null || target[key] is null)
            {
                target[key] = value?.DeepClone();
            }
        }

        return target;
    }

    /// <summary>Downloads every result file under <c>DIR/STEP/</c> and adds its <c>path</c> to the status.</summary>
    internal static async Task<AssemblyResult> DownloadAsync(TransloaditClient client, JsonObject status, string assemblyId, RunOptions options, IProgress<RunProgress>? progress, CancellationToken cancellationToken, IReadOnlySet<string>? exports = null)
    {
        var results = status["results"] as JsonObject ?? new JsonObject();
        var files = new Dictionary<string, IReadOnlyList<ResultFile>>(StringComparer.Ordinal);
        OutputFolder output;
        try
        {
            output = new OutputFolder(options.OutputDirectory, results.Select(r => r.Key));
        }
        catch (Exception ex) when (ex is ArgumentException or System.IO.IOException or NotSupportedException or UnauthorizedAccessException)
        {
            return new AssemblyResult { AssemblyId = assemblyId, Error = "OUTPUT_DIRECTORY_INVALID", Message = Printable.Escape(ex.Message), RemoteStatus = status };
        }

        foreach (var (step, list) in results)
        {
            var written = new List<ResultFile>();
            foreach (var file in (list as JsonArray ?? []).OfType<JsonObject>())
            {
                var link = file["ssl_url"]?.ToString() ?? file["url"]?.ToString();
                var name = file["name"]?.ToString() ?? (file["basename"]?.ToString() + "." + file["ext"]?.ToString());
                if (link is null || !Uri.TryCreate(link, UriKind.Absolute, out var uri))
                {
                    continue; // a result without a file to fetch (e.g. an export's record)
                }

                if (exports?.Contains(step) == true)
                {
                    // An export step's file is where it was stored (the user's bucket, server, ...): listed with its URL, not fetched again.
                    var stored = ResultFileOf(file, null, file["size"] is JsonValue size && size.TryGetValue<long>(out var bytes) ? bytes : 0);
                    stored.Url = Providers.ProviderCredentials.DisplayText(link);
                    written.Add(stored);
                    continue;
                }

                if (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && client.Endpoint.Scheme == Uri.UriSchemeHttp))
                {
                    // file:, ftp:, or http: from an https endpoint: never fetched (a local file read, a downgrade).
                    return new AssemblyResult
                    {
                        AssemblyId = assemblyId,
                        Error = "RESULT_URL_REFUSED",
                        Message = $"step '{Printable.Escape(step)}': the result's URL {Providers.ProviderCredentials.DisplayText(uri.GetLeftPart(UriPartial.Path))} is not https (nor the endpoint's own scheme); it was not fetched",
                        FailedStep = step,
                        Results = files,
                        RemoteStatus = status,
                    };
                }

                try
                {
                    var path = await output.WriteAsync(step, name, (stream, token) => client.DownloadToAsync(uri, stream, token), cancellationToken).ConfigureAwait(false);
                    file["path"] = path;
                    written.Add(ResultFileOf(file, path, new System.IO.FileInfo(path).Length));
                    progress?.Report(new RunProgress(step, "running", written.Count, ((JsonArray)list!).Count));
                }
                catch (TransloaditException ex)
                {
                    return new AssemblyResult { AssemblyId = assemblyId, Error = ex.Code, Message = $"step '{Printable.Escape(step)}': {ex.Message}", FailedStep = step, Results = files, RemoteStatus = status };
                }
            }

            files[step] = written;
        }

        var ok = status["ok"]?.ToString();
        return new AssemblyResult
        {
            Ok = ok,
            Error = status["error"] is { } error ? Printable.Escape(error.ToString()) : ok == "ASSEMBLY_COMPLETED" ? null : "ASSEMBLY_NOT_COMPLETED",
            Message = status["message"]?.ToString() ?? string.Empty,
            AssemblyId = assemblyId,
            Results = files,
            RemoteStatus = status,
        };
    }

    /// <summary>A result file as the run reports it; every text from the answer has its control characters escaped (it is echoed on terminals).</summary>
    private static ResultFile ResultFileOf(JsonObject file, string? path, long size)
    {
        var meta = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in file["meta"] as JsonObject ?? new JsonObject())
        {
            meta[Printable.Escape(key)] = value switch
            {
                JsonValue v when v.TryGetValue<long>(out var l) => l,
                JsonValue v when v.TryGetValue<double>(out var d) => d,
                JsonValue v when v.TryGetValue<bool>(out var b) => b,
                JsonValue v when v.TryGetValue<string>(out var s) => Printable.Escape(s),
                JsonArray a => a.Select(x => x?.ToString()).OfType<string>().Select(Printable.Escape).ToList(),
                _ => value is null ? null : Printable.Escape(value.ToJsonString()),
            };
        }

        return new ResultFile
        {
            Id = Text(file["id"]) ?? string.Empty,
            Name = path is null ? SafeFileName.From(Text(file["name"]) ?? Text(file["id"]) ?? "file") : System.IO.Path.GetFileName(path),
            Basename = path is null ? Text(file["basename"]) ?? string.Empty : System.IO.Path.GetFileNameWithoutExtension(path),
            Ext = Text(file["ext"]) ?? System.IO.Path.GetExtension(path ?? string.Empty).TrimStart('.'),
            Size = size,
            Mime = Text(file["mime"]),
            Type = Text(file["type"]),
            Field = Text(file["field"]),
            OriginalId = file["original_id"] is JsonValue id ? Printable.Escape(id.ToString()) : null,
            Meta = meta,
            Path = path,
        };

        static string? Text(JsonNode? node) => node is null ? null : Printable.Escape(node.ToString());
    }

    /// <summary>
    /// The export steps of the instructions that ran: those whose robots store files elsewhere (Transloadit's
    /// <c>/SERVICE/store</c> robots, the schema's file-exporting category). Their results are listed, not downloaded.
    /// </summary>
    private static HashSet<string> ExportSteps(ReadOnlySpan<byte> instructions)
    {
        var exports = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            if (JsonNode.Parse(instructions)?["steps"] is JsonObject steps)
            {
                foreach (var (name, step) in steps)
                {
                    if (step?["robot"] is JsonValue robot && robot.TryGetValue<string>(out var robotName) && SchemaTables.FindRobot(robotName) is { ExportsFiles: true })
                    {
                        exports.Add(name);
                    }
                }
            }
        }
        catch (System.Text.Json.JsonException)
        {
            // validated before it was sent; nothing to list
        }

        return exports;
    }

    /// <summary>Cancels the assembly (a few seconds at most); its status, or null when that failed too.</summary>
    private static async Task<JsonObject?> CancelAsync(TransloaditClient client, string url)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            return await client.CancelAsync(url, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TransloaditException or OperationCanceledException or System.Net.Http.HttpRequestException)
        {
            return null;
        }
    }
}
