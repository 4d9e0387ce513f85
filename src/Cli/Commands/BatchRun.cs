using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using ImageSdk.Running;
using ImageSdk.Tables;
using Spectre.Console;

namespace ImageSdk.Cli.Commands;

/// <summary>What a batch run does with its inputs.</summary>
/// <param name="Inputs">Files and folders given with <c>--input</c>.</param>
/// <param name="Recursive">Whether folders are walked into their subfolders.</param>
/// <param name="OutputDirectory">The <c>--out</c> folder.</param>
/// <param name="Concurrency">How many assemblies run at once.</param>
/// <param name="Watch">Whether new and changed files are processed until the run is stopped.</param>
/// <param name="ReprocessStale">Whether inputs whose outputs are newer than they are run again (<c>--reprocess-all</c>).</param>
/// <param name="SingleAssembly">Whether all inputs go to one assembly instead of one each.</param>
internal sealed record BatchSettings(IReadOnlyList<string> Inputs, bool Recursive, string OutputDirectory, int Concurrency, bool Watch, bool ReprocessStale, bool SingleAssembly);

/// <summary>
/// <c>imagesdk run ASSEMBLY --input PATH...</c>, after <c>transloadit assemblies create --input/--output/--watch</c>: one
/// assembly per input image (uploaded as the <c>file</c> field), its files under <c>DIR/&lt;the input's relative path&gt;/STEP/</c>;
/// an input whose outputs are newer than it is skipped (<c>--reprocess-all</c> runs it again); at most
/// <c>--concurrency</c> assemblies in flight; <c>--single-assembly</c> runs all inputs as the uploads of one assembly;
/// <c>--watch</c> goes on with new and changed files until it is stopped.
/// </summary>
internal static class BatchRun
{
    private static readonly HashSet<string> s_imageExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".png", ".jpg", ".jpeg", ".webp", ".gif", ".tif", ".tiff", ".avif", ".heic", ".heif", ".bmp", ".svg",
    };

    /// <summary>One input file and where its results go.</summary>
    private sealed record Input(string Path, string Relative);

    /// <summary>What became of one input: its result, or why it did not run.</summary>
    private sealed record Outcome(string Input, string OutputDirectory, bool Skipped, AssemblyResult? Result);

    public static async Task<int> ExecuteAsync(AssemblyRunner runner, byte[] instructions, RunOptions options, BatchSettings settings, bool asJson, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        if (Inputs(settings, stderr) is not { } inputs)
        {
            return ImageSdkCli.Usage;
        }

        var outcomes = new ConcurrentQueue<Outcome>();
        if (settings.SingleAssembly)
        {
            var result = await runner.RunAsync(instructions, inputs.Select(i => new RunUpload(RunCommand.DefaultField, i.Path)).ToList(), options, null, cancellationToken).ConfigureAwait(false);
            outcomes.Enqueue(new Outcome(string.Join(", ", inputs.Select(i => i.Relative)), settings.OutputDirectory, Skipped: false, result));
        }
        else
        {
            await RunAllAsync(inputs, runner, instructions, options, settings, outcomes, cancellationToken).ConfigureAwait(false);
            if (settings.Watch)
            {
                await WatchAsync(runner, instructions, options, settings, outcomes, stdout, cancellationToken).ConfigureAwait(false);
            }
        }

        var all = outcomes.OrderBy(o => o.Input, StringComparer.Ordinal).ToList();
        if (asJson)
        {
            WriteJson(all, stdout);
        }
        else
        {
            foreach (var outcome in all)
            {
                stdout.WriteLine(Line(outcome));
            }

            stdout.WriteLine($"{all.Count(o => o.Result?.Completed == true)} ran, {all.Count(o => o.Skipped)} skipped (outputs newer than the input), {all.Count(o => o.Result is { Completed: false })} failed.");
        }

        return cancellationToken.IsCancellationRequested ? RunCommand.Cancelled
            : all.Any(o => o.Result is { Completed: false }) ? ImageSdkCli.Invalid
            : ImageSdkCli.Success;
    }

    /// <summary>The inputs that a run of <paramref name="settings"/> would run (those whose outputs are fresh are skipped), for --dry-run; null after a usage error on <paramref name="stderr"/>.</summary>
    public static IReadOnlyList<string>? Pending(BatchSettings settings, TextWriter stderr) =>
        Inputs(settings, stderr)?
            .Where(i => settings.SingleAssembly || settings.ReprocessStale || !Fresh(i.Path, Path.Combine(settings.OutputDirectory, i.Relative)))
            .Select(i => i.Path)
            .ToList();

    /// <summary>The expanded inputs, or null when one is missing or special (said on <paramref name="stderr"/>).</summary>
    private static List<Input>? Inputs(BatchSettings settings, TextWriter stderr)
    {
        var missing = settings.Inputs.FirstOrDefault(p => !File.Exists(p) && !Directory.Exists(p));
        if (missing is not null)
        {
            stderr.WriteLine($"imagesdk: --input '{Printable.Escape(missing)}' does not exist");
            return null;
        }

        if (settings.Inputs.Where(p => !Directory.Exists(p)).Select(BoundedFile.NotRegular).FirstOrDefault(p => p is not null) is { } special)
        {
            stderr.WriteLine("imagesdk: --input " + special);
            return null;
        }

        return Expand(settings, stderr);
    }

    /// <summary>
    /// The image files of the inputs: a file as itself, a folder's images (and its subfolders' with --recursive), in name
    /// order. Each file is run once, by its real path, however many links lead to it; a link is followed only where it
    /// stays inside the --input it was found in (a <c>loop -> ..</c> is walked once, a link out of it not at all), the
    /// --out folder is never read (outputs never come back as inputs), and a FIFO or device is refused, with a note.
    /// </summary>
    private static List<Input> Expand(BatchSettings settings, TextWriter stderr)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var inputs = new List<Input>();
        var notWalked = 0; // subfolders left out without --recursive
        var output = OutputRoot(settings);
        foreach (var path in settings.Inputs)
        {
            var root = FileFacts.RealPath(path) ?? Path.GetFullPath(path);
            if (!Directory.Exists(root))
            {
                if (seen.Add(root))
                {
                    inputs.Add(new Input(root, Path.GetFileName(path)));
                }

                continue;
            }

            var visited = new HashSet<string>(StringComparer.Ordinal) { root };
            var folders = new Stack<(string Real, string Relative)>();
            folders.Push((root, string.Empty));
            while (folders.TryPop(out var folder))
            {
                var subfolders = new List<(string, string)>();
                foreach (var entry in Directory.EnumerateFileSystemEntries(folder.Real).Order(StringComparer.Ordinal))
                {
                    var relative = Path.Combine(folder.Relative, Path.GetFileName(entry));
                    switch (Admit(entry, root, output, out var real))
                    {
                        case FileKind.Directory when settings.Recursive && visited.Add(real!):
                            subfolders.Add((real!, relative));
                            break;
                        case FileKind.Directory when !settings.Recursive:
                            notWalked++;
                            break;
                        case FileKind.Regular when IsImage(entry) && seen.Add(real!):
                            inputs.Add(new Input(real!, relative));
                            break;
                        case FileKind.Link:
                            stderr.WriteLine($"imagesdk: not read: '{Printable.Escape(Path.Combine(path, relative))}' is a link that leads out of --input '{Printable.Escape(path)}'");
                            break;
                        case FileKind.Fifo or FileKind.CharacterDevice or FileKind.BlockDevice or FileKind.Socket when IsImage(entry):
                            stderr.WriteLine($"imagesdk: not read: {FileFacts.NotRegular(Path.Combine(path, relative), FileFacts.Of(real!, followLinks: true).Kind)}");
                            break;
                    }
                }

                // Depth first, in name order.
                for (var i = subfolders.Count - 1; i >= 0; i--)
                {
                    folders.Push(subfolders[i]);
                }
            }
        }

        if (inputs.Count == 0 && notWalked > 0)
        {
            stderr.WriteLine($"imagesdk: no image at the top of --input {string.Join(", ", settings.Inputs.Select(i => "'" + Printable.Escape(i) + "'"))}, but {notWalked} subfolder(s) that were not read; add --recursive to walk into them");
        }

        return inputs.OrderBy(i => i.Relative, StringComparer.Ordinal).ToList();
    }

    /// <summary>The real path of --out (or where it will be), whose files are never inputs.</summary>
    private static string OutputRoot(BatchSettings settings) =>
        FileFacts.RealPath(settings.OutputDirectory) ?? Path.GetFullPath(settings.OutputDirectory);

    /// <summary>
    /// What <paramref name="entry"/>, found under the --input folder <paramref name="root"/> (a real path), is to the walk:
    /// its kind, with its real path; <see cref="FileKind.Link"/> for a link that leads out of <paramref name="root"/>, and
    /// <see cref="FileKind.Missing"/> for a dangling link or anything in <paramref name="output"/>.
    /// </summary>
    private static FileKind Admit(string entry, string root, string output, out string? real)
    {
        real = FileFacts.RealPath(entry);
        if (real is null || Under(real, output))
        {
            return FileKind.Missing;
        }

        return !Under(real, root) ? FileKind.Link : FileFacts.Of(real, followLinks: true).Kind;
    }

    private static bool Under(string path, string folder) =>
        path == folder || path.StartsWith(Path.EndsInDirectorySeparator(folder) ? folder : folder + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private static bool IsImage(string path) => s_imageExtensions.Contains(Path.GetExtension(path)) && !Path.GetFileName(path).StartsWith('.');

    private static async Task RunAllAsync(IReadOnlyList<Input> inputs, AssemblyRunner runner, byte[] instructions, RunOptions options, BatchSettings settings, ConcurrentQueue<Outcome> outcomes, CancellationToken cancellationToken)
    {
        using var slots = new SemaphoreSlim(Math.Max(1, settings.Concurrency));
        var interactive = !Console.IsOutputRedirected && inputs.Count > 1;
        async Task One(Input input, ProgressTask? bar)
        {
            await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                outcomes.Enqueue(await RunOneAsync(input, runner, instructions, options, settings, cancellationToken).ConfigureAwait(false));
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // stopped: what finished is reported
            }
            finally
            {
                slots.Release();
                bar?.Increment(1);
            }
        }

        if (!interactive)
        {
            await Task.WhenAll(inputs.Select(i => One(i, null))).ConfigureAwait(false);
            return;
        }

        // One bar for the whole batch.
        await AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var bar = context.AddTask($"{inputs.Count} inputs", maxValue: inputs.Count);
                await Task.WhenAll(inputs.Select(i => One(i, bar))).ConfigureAwait(false);
            }).ConfigureAwait(false);
    }

    private static async Task<Outcome> RunOneAsync(Input input, AssemblyRunner runner, byte[] instructions, RunOptions options, BatchSettings settings, CancellationToken cancellationToken)
    {
        var outputs = Path.Combine(settings.OutputDirectory, input.Relative);
        if (!settings.ReprocessStale && Fresh(input.Path, outputs))
        {
            return new Outcome(input.Relative, outputs, Skipped: true, null);
        }

        var result = await runner.RunAsync(instructions, new[] { new RunUpload(RunCommand.DefaultField, input.Path) }, options with { OutputDirectory = outputs }, null, cancellationToken).ConfigureAwait(false);
        return new Outcome(input.Relative, outputs, Skipped: false, result);
    }

    /// <summary>Whether the input's output folder holds files, all of them newer than the input.</summary>
    private static bool Fresh(string input, string outputs)
    {
        if (!Directory.Exists(outputs))
        {
            return false;
        }

        var written = Directory.EnumerateFiles(outputs, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint })
            .Select(File.GetLastWriteTimeUtc).ToList();
        return written.Count > 0 && written.Min() >= File.GetLastWriteTimeUtc(input);
    }

    /// <summary>Runs new and changed images as they settle, until the run is stopped (Ctrl+C).</summary>
    private static async Task WatchAsync(AssemblyRunner runner, byte[] instructions, RunOptions options, BatchSettings settings, ConcurrentQueue<Outcome> outcomes, TextWriter stdout, CancellationToken cancellationToken)
    {
        var changes = Channel.CreateUnbounded<Input>();
        var output = OutputRoot(settings);
        var watchers = new List<FileSystemWatcher>();
        try
        {
            foreach (var root in settings.Inputs)
            {
                var folder = Directory.Exists(root) ? root : Path.GetDirectoryName(Path.GetFullPath(root))!;
                var watcher = new FileSystemWatcher(folder) { IncludeSubdirectories = settings.Recursive && Directory.Exists(root), EnableRaisingEvents = true };
                var single = File.Exists(root);
                var realRoot = FileFacts.RealPath(single ? folder : root) ?? Path.GetFullPath(folder);
                void Changed(object? sender, FileSystemEventArgs e)
                {
                    // As the first walk: inside the --input, never in --out, a regular image file, by its real path.
                    if (IsImage(e.FullPath) && (!single || Path.GetFullPath(e.FullPath) == Path.GetFullPath(root))
                        && Admit(e.FullPath, realRoot, output, out var real) == FileKind.Regular)
                    {
                        changes.Writer.TryWrite(new Input(real!, single ? Path.GetFileName(e.FullPath) : Path.GetRelativePath(root, e.FullPath)));
                    }
                }

                watcher.Created += Changed;
                watcher.Changed += Changed;
                watcher.Renamed += (sender, e) => Changed(sender, e);
                watchers.Add(watcher);
            }

            stdout.WriteLine("watching for new and changed images; Ctrl+C stops.");
            while (await changes.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(300), cancellationToken).ConfigureAwait(false); // let a file being written settle
                var batch = new Dictionary<string, Input>(StringComparer.Ordinal);
                while (changes.Reader.TryRead(out var change))
                {
                    batch[change.Path] = change;
                }

                foreach (var input in batch.Values.Where(i => File.Exists(i.Path)))
                {
                    var outcome = await RunOneAsync(input, runner, instructions, options, settings, cancellationToken).ConfigureAwait(false);
                    outcomes.Enqueue(outcome);
                    stdout.WriteLine(Line(outcome));
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C: the batch ends and reports
        }
        finally
        {
            watchers.ForEach(w => w.Dispose());
        }
    }

    private static string Line(Outcome outcome) => outcome switch
    {
        { Skipped: true } => $"{Printable.Escape(outcome.Input)}: skipped, its outputs in {Printable.Escape(outcome.OutputDirectory)} are newer (--reprocess-all runs it again)",
        { Result: { Completed: true } result } => $"{Printable.Escape(outcome.Input)}: {result.Results.Where(r => r.Key != UploadHandleStep.RequiredStepName).Sum(r => r.Value.Count)} file(s) in {Printable.Escape(outcome.OutputDirectory)}",
        { Result: { } failed } => $"{Printable.Escape(outcome.Input)}: {failed.Error}: {Printable.Escape(failed.Message)}",
        _ => $"{Printable.Escape(outcome.Input)}: not run",
    };

    private static void WriteJson(IReadOnlyList<Outcome> outcomes, TextWriter stdout)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartArray();
            foreach (var outcome in outcomes)
            {
                w.WriteStartObject();
                w.WriteString("input", outcome.Input);
                w.WriteString("out", outcome.OutputDirectory);
                w.WriteBoolean("skipped", outcome.Skipped);
                if (outcome.Result is { } result)
                {
                    w.WritePropertyName("result");
                    using var parsed = JsonDocument.Parse(result.ToJson(includePaths: true));
                    parsed.RootElement.WriteTo(w);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        stdout.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
