using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using ImageSdk.Validation;

namespace ImageSdk.Running;

/// <summary>A file's metadata as typed properties; each is null when the file has no such value.</summary>
/// <param name="Values">The metadata, as in the result JSON.</param>
public readonly record struct FileMeta(IReadOnlyDictionary<string, object?> Values)
{
    /// <summary>The width in pixels.</summary>
    public int? Width => Number("width") is { } n ? (int)n : null;

    /// <summary>The height in pixels.</summary>
    public int? Height => Number("height") is { } n ? (int)n : null;

    /// <summary>Width divided by height.</summary>
    public double? AspectRatio => Number("aspect_ratio");

    /// <summary>The seed the image was made with; null when none was used (the route takes no seed).</summary>
    public long? Seed => Number("seed") is { } n ? (long)n : null;

    /// <summary>The catalog model that made it.</summary>
    public string? Model => Values.TryGetValue("model", out var v) ? v as string : null;

    /// <summary>The provider that made it.</summary>
    public string? Provider => Values.TryGetValue("provider", out var v) ? v as string : null;

    /// <summary>The BlurHash, when output_meta asked for it.</summary>
    public string? BlurHash => Values.TryGetValue(OutputMetaField.Blurhash.ToJsonValue(), out var v) ? v as string : null;

    /// <summary>Whether any pixel is not fully opaque, when output_meta asked for it.</summary>
    public bool? HasTransparency => Values.TryGetValue(OutputMetaField.HasTransparency.ToJsonValue(), out var v) && v is bool b ? b : null;

    /// <summary>The dominant colours as <c>#rrggbb</c>, when output_meta asked for them.</summary>
    public IReadOnlyList<string>? DominantColors => Values.TryGetValue(OutputMetaField.DominantColors.ToJsonValue(), out var v) && v is IEnumerable<string> colors ? new List<string>(colors) : null;

    private double? Number(string key) => Values.TryGetValue(key, out var v) && v is not null and not string and not bool
        ? Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture)
        : null;
}

/// <summary>One file of the result, in Transloadit's shape.</summary>
public sealed class ResultFile
{
    /// <summary>A unique id.</summary>
    public required string Id { get; init; }

    /// <summary>The file name with extension.</summary>
    public required string Name { get; init; }

    /// <summary>The file name without extension.</summary>
    public required string Basename { get; init; }

    /// <summary>The extension, without the dot.</summary>
    public required string Ext { get; init; }

    /// <summary>The size in bytes.</summary>
    public required long Size { get; init; }

    /// <summary>The MIME type.</summary>
    public required string? Mime { get; init; }

    /// <summary>The kind of file: <c>image</c>, or null when it is not one.</summary>
    public required string? Type { get; init; }

    /// <summary>The upload field the file (or the upload it derives from) came in.</summary>
    public string? Field { get; init; }

    /// <summary>The id of the upload the file derives from.</summary>
    public string? OriginalId { get; init; }

    /// <summary>Metadata: width, height, aspect_ratio and what output_meta asked for, plus seed, model and provider for generated files.</summary>
    public IReadOnlyDictionary<string, object?> Meta { get; init; } = new Dictionary<string, object?>();

    /// <summary>Where the file was written, if it was (null for a run with <see cref="RunOptions.InMemory"/>).</summary>
    public string? Path { get; internal set; }

    /// <summary>The file's bytes, for a run with <see cref="RunOptions.InMemory"/>; null otherwise (read <see cref="Path"/>).</summary>
    public ReadOnlyMemory<byte>? Content { get; internal set; }

    /// <summary>Where the file is stored, for a file an export step of a remote run (<c>/s3/store</c> and the like) stored; such a file is listed, not downloaded.</summary>
    public string? Url { get; internal set; }

    /// <summary><see cref="Meta"/> as typed properties.</summary>
    public FileMeta TypedMeta => new(Meta);

    /// <summary>The file as later steps read it: decoded only when one needs it, and once.</summary>
    internal SourceFile? Source { get; init; }

    internal void WriteTo(Utf8JsonWriter w, bool includePath)
    {
        w.WriteStartObject();
        w.WriteString("id", Id);
        w.WriteString("name", Name);
        w.WriteString("basename", Basename);
        w.WriteString("ext", Ext);
        w.WriteNumber("size", Size);
        w.WriteString("mime", Mime);
        w.WriteString("type", Type);
        w.WriteString("field", Field);
        w.WriteString("original_id", OriginalId);
        w.WriteStartObject("meta");
        foreach (var (key, value) in Meta)
        {
            w.WritePropertyName(key);
            WriteValue(w, value);
        }

        w.WriteEndObject();
        if (Url is not null)
        {
            w.WriteString("url", Url);
        }

        if (includePath)
        {
            w.WriteString("path", Path);
        }

        w.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter w, object? value)
    {
        switch (value)
        {
            case null: w.WriteNullValue(); break;
            case string s: w.WriteStringValue(s); break;
            case bool b: w.WriteBooleanValue(b); break;
            case int i: w.WriteNumberValue(i); break;
            case long l: w.WriteNumberValue(l); break;
            case double d: w.WriteNumberValue(d); break;
            case IEnumerable<string> items:
                w.WriteStartArray();
                foreach (var item in items)
                {
                    w.WriteStringValue(item);
                }

                w.WriteEndArray();
                break;
            default: w.WriteStringValue(value.ToString()); break;
        }
    }
}

/// <summary>An error that <c>ignore_errors</c> let the assembly go on past.</summary>
/// <param name="Step">The step.</param>
/// <param name="Phase"><c>execute</c> or <c>meta</c>.</param>
/// <param name="Error">The error code.</param>
/// <param name="Message">What went wrong.</param>
public sealed record IgnoredStepError(string Step, string Phase, string Error, string Message);

/// <summary>A remote-only step that a <see cref="RunOptions.LocalOnly"/> run left out.</summary>
/// <param name="Step">The step.</param>
/// <param name="Robot">Its robot, which runs only on Transloadit.</param>
/// <param name="Message">What was skipped, and that the steps using it got no files from it.</param>
public sealed record SkippedStep(string Step, string Robot, string Message);

/// <summary>The Assembly Status of a run, in Transloadit's shape: <c>ok</c>, <c>assembly_id</c>, <c>uploads</c>, <c>results</c>.</summary>
public sealed class AssemblyResult
{
    /// <summary>The terminal status, <c>ASSEMBLY_COMPLETED</c>, or null when the assembly failed (see <see cref="Error"/>).</summary>
    public string? Ok { get; init; }

    /// <summary>The error code when the assembly failed or was invalid.</summary>
    public string? Error { get; init; }

    /// <summary>A human message.</summary>
    public string Message { get; init; } = string.Empty;

    /// <summary>The step that failed, if one did.</summary>
    public string? FailedStep { get; init; }

    /// <summary>The assembly's id.</summary>
    public required string AssemblyId { get; init; }

    /// <summary>Whether the images were made by the offline renderer.</summary>
    public bool Offline { get; init; }

    /// <summary>Notices, e.g. that the run was offline or that a file was skipped.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = new List<string>();

    /// <summary>The uploaded files.</summary>
    public IReadOnlyList<ResultFile> Uploads { get; init; } = new List<ResultFile>();

    /// <summary>The files of each step, by step name, in the order of the instructions.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<ResultFile>> Results { get; init; } = new Dictionary<string, IReadOnlyList<ResultFile>>();

    /// <summary>Errors that ignore_errors let pass.</summary>
    public IReadOnlyList<IgnoredStepError> IgnoredErrors { get; init; } = new List<IgnoredStepError>();

    /// <summary>The remote-only steps a <see cref="RunOptions.LocalOnly"/> run left out; the steps that use them got no files from them.</summary>
    public IReadOnlyList<SkippedStep> SkippedSteps { get; init; } = new List<SkippedStep>();

    /// <summary>The validation findings, when the instructions were invalid (or had warnings).</summary>
    public IReadOnlyList<ValidationFinding> Findings { get; init; } = new List<ValidationFinding>();

    /// <summary>Whether the assembly completed.</summary>
    public bool Completed => Ok == "ASSEMBLY_COMPLETED" && Error is null;

    /// <summary>Returns this result when the assembly completed; throws otherwise.</summary>
    /// <returns>This result.</returns>
    /// <exception cref="AssemblyFailedException">The assembly was invalid or failed; the exception carries this result.</exception>
    public AssemblyResult EnsureSuccess() => Completed ? this : throw new AssemblyFailedException(this);

    /// <summary>For a run on Transloadit (<see cref="RunOptions.Remote"/>): the API's last status, with <c>path</c> on each downloaded file.</summary>
    public System.Text.Json.Nodes.JsonObject? RemoteStatus { get; init; }

    /// <summary>The result as indented JSON.</summary>
    /// <param name="includePaths">Whether each file carries <c>path</c>, where it was written.</param>
    public string ToJson(bool includePaths = true)
    {
        if (RemoteStatus is { } remote)
        {
            // A run on Transloadit: its own status, every field kept, with path on each downloaded file; an error of the run
            // here (a result that could not be fetched) is the outcome, over the status's own.
            if (Error is not null && !string.Equals(remote["error"]?.ToString(), Error, StringComparison.Ordinal))
            {
                remote = (System.Text.Json.Nodes.JsonObject)remote.DeepClone();
                if (remote["ok"]?.ToString() == "ASSEMBLY_COMPLETED")
                {
                    remote.Remove("ok");
                }

                remote["error"] = Error;
                remote["message"] = Message;
                if (FailedStep is not null)
                {
                    remote["step"] = FailedStep;
                }
            }

            return remote.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        }

        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("ok", Ok);
            if (Error is not null)
            {
                w.WriteString("error", Error);
                w.WriteString("step", FailedStep);
            }

            w.WriteString("message", Message);
            w.WriteString("assembly_id", AssemblyId);
            w.WriteBoolean("offline", Offline);
            w.WriteStartArray("warnings");
            foreach (var warning in Warnings)
            {
                w.WriteStartObject();
                w.WriteString("level", "notice");
                w.WriteString("msg", warning);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("uploads");
            foreach (var upload in Uploads)
            {
                upload.WriteTo(w, includePaths);
            }

            w.WriteEndArray();
            w.WriteStartObject("results");
            foreach (var (step, files) in Results)
            {
                w.WriteStartArray(step);
                foreach (var file in files)
                {
                    file.WriteTo(w, includePaths);
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
            w.WriteStartArray("ignored_errors");
            foreach (var ignored in IgnoredErrors)
            {
                w.WriteStartObject();
                w.WriteString("step", ignored.Step);
                w.WriteString("phase", ignored.Phase);
                w.WriteString("error", ignored.Error);
                w.WriteString("message", ignored.Message);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            if (SkippedSteps.Count > 0)
            {
                w.WriteStartArray("skipped_steps");
                foreach (var skipped in SkippedSteps)
                {
                    w.WriteStartObject();
                    w.WriteString("step", skipped.Step);
                    w.WriteString("robot", skipped.Robot);
                    w.WriteString("message", skipped.Message);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            if (Findings.Count > 0)
            {
                w.WriteStartArray("findings");
                foreach (var finding in Findings)
                {
                    finding.WriteTo(w);
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}

/// <summary>
/// Thrown by <see cref="AssemblyResult.EnsureSuccess"/> when an assembly was invalid or failed. <see cref="Result"/> holds
/// the whole result: <see cref="AssemblyResult.Error"/>, <see cref="AssemblyResult.FailedStep"/>,
/// <see cref="AssemblyResult.Findings"/> and the files made before the failure.
/// </summary>
public sealed class AssemblyFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="result">The result of the run that did not complete.</param>
    public AssemblyFailedException(AssemblyResult result)
        : base(Describe(result ?? throw new ArgumentNullException(nameof(result)))) => Result = result;

    /// <summary>The result of the run.</summary>
    public AssemblyResult Result { get; }

    /// <summary>The error code, e.g. <c>INVALID_INPUT_ERROR</c> or a step's error.</summary>
    public string? Error => Result.Error;

    private static string Describe(AssemblyResult result) =>
        (result.Error ?? "ASSEMBLY_NOT_COMPLETED")
        + (result.FailedStep is { } step ? $" in step '{step}'" : string.Empty)
        + (result.Message.Length > 0 ? ": " + result.Message : string.Empty);
}
