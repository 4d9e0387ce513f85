using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using ImageSdk.Imaging;

namespace ImageSdk.Running;

/// <summary>
/// What the local image robots (<c>/image/resize</c>, <c>/image/optimize</c>) share: their input files, one invocation
/// per image, and the result file each writes under its step's folder.
/// </summary>
internal static class LocalImageStep
{
    /// <summary>
    /// The images among the files of the step's <c>use</c> (each input's upload fields applied), once each, in order; a file
    /// that is not an image is passed on unchanged with <c>force_accept</c>, else skipped with a notice.
    /// </summary>
    public static async Task<(List<ResultFile> Images, List<ResultFile> Passed)> InputsAsync(StepInstructions step, RunContext context, bool forceAccept)
    {
        var images = new List<ResultFile>();
        var passed = new List<ResultFile>();
        foreach (var input in step.Inputs)
        {
            var files = await context.FilesOfAsync(input.Step).ConfigureAwait(false);
            foreach (var file in files.Where(f => input.Fields is null || input.Fields.Contains(f.Field ?? string.Empty)))
            {
                if (file.Type == "image" && file.Source is not null)
                {
                    if (!images.Contains(file))
                    {
                        images.Add(file);
                    }
                }
                else if (forceAccept)
                {
                    passed.Add(file);
                }
                else
                {
                    context.Warn($"step '{step.Name}': '{file.Name}' is not an image and was skipped (force_accept passes such files on)");
                }
            }
        }

        return (images, passed);
    }

    /// <summary>
    /// Runs <paramref name="work"/> once per image, at most one per core at a time (each holds decoded pixels), and returns
    /// the results in the order of the inputs, followed by <paramref name="passed"/>.
    /// </summary>
    public static async Task<IReadOnlyList<ResultFile>> ForEachAsync(StepInstructions step, RunContext context, IReadOnlyList<ResultFile> images, IReadOnlyList<ResultFile> passed, Func<ResultFile, Task<ResultFile>> work)
    {
        var results = new ResultFile[images.Count];
        var done = 0;
        var tasks = images.Select((image, i) => Task.Run(
            async () =>
            {
                await context.Finishing.WaitAsync(context.CancellationToken).ConfigureAwait(false);
                try
                {
                    results[i] = await work(image).ConfigureAwait(false);
                }
                finally
                {
                    context.Finishing.Release();
                }

                context.Report(new RunProgress(step.Name, "running", System.Threading.Interlocked.Increment(ref done), images.Count));
            },
            context.CancellationToken)).ToList();
        try
        {
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        finally
        {
            await Task.WhenAll(tasks.Select(t => t.ContinueWith(_ => { }, System.Threading.CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default))).ConfigureAwait(false);
        }

        return results.Concat(passed).ToList();
    }

    /// <summary>The bytes of an input image, read within <see cref="RunOptions.MaxUploadBytes"/>.</summary>
    public static byte[] Read(ResultFile input, RunContext context) => BoundedFile.ReadAllBytes(input.Source!.Path, context.Options.MaxUploadBytes);

    /// <summary>
    /// Writes <paramref name="bytes"/> (an image in <paramref name="format"/>) under the step's folder, named after
    /// <paramref name="input"/>, and returns its result file: size, MIME type, and the meta Transloadit gives an image.
    /// </summary>
    public static async Task<ResultFile> WriteAsync(StepInstructions step, RunContext context, ResultFile input, byte[] bytes, string format, int width, int height, IReadOnlyDictionary<string, object?>? extraMeta = null)
    {
        var ext = ImageOps.Extension(format);
        var mime = ImageOps.MimeType(format);
        var path = await context.Output.WriteAsync(step.Name, input.Basename + "." + ext, bytes, context.CancellationToken).ConfigureAwait(false);
        var meta = new Dictionary<string, object?>(StringComparer.Ordinal);
        RunContext.AddSize(meta, width, height);
        foreach (var (key, value) in extraMeta ?? new Dictionary<string, object?>())
        {
            meta[key] = value;
        }

        var source = context.Track(new SourceFile(path, Path.GetFileName(path), mime));
        var file = new ResultFile
        {
            Id = RunContext.NewId(),
            Name = Path.GetFileName(path),
            Basename = Path.GetFileNameWithoutExtension(path),
            Ext = ext,
            Size = bytes.Length,
            Mime = mime,
            Type = "image",
            Field = input.Field,
            OriginalId = input.OriginalId,
            Meta = meta,
            Path = path,
            Source = source,
        };
        context.Written(step.Name, file);
        return file;
    }

    /// <summary>The schema's default of a parameter as text (a string unquoted, a number or boolean as written), or null.</summary>
    public static string? DefaultOf(string robot, string parameter)
    {
        var json = ImageSdk.Tables.SchemaTables.FindRobot(robot)?.FindParameter(parameter)?.DefaultJson;
        if (json is null)
        {
            return null;
        }

        using var doc = System.Text.Json.JsonDocument.Parse(json);
        return doc.RootElement.ValueKind switch
        {
            System.Text.Json.JsonValueKind.String => doc.RootElement.GetString(),
            System.Text.Json.JsonValueKind.Null => null,
            _ => doc.RootElement.GetRawText(),
        };
    }

    /// <summary>A notice for each parameter the step sets that the local runner does not apply (Transloadit does: <c>--remote transloadit</c>).</summary>
    public static void WarnUnapplied(StepInstructions step, RunContext context, IReadOnlySet<string> applied)
    {
        var unapplied = step.Parameters.Where(p => !applied.Contains(p)).Distinct(StringComparer.Ordinal).ToList();
        if (unapplied.Count > 0)
        {
            context.Warn($"step '{step.Name}': the local runner does not apply {string.Join(", ", unapplied)}; run with --remote transloadit to have Transloadit apply {(unapplied.Count == 1 ? "it" : "them")}");
        }
    }
}
