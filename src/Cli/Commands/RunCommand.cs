using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using ImageSdk.Running;
using ImageSdk.Tables;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace ImageSdk.Cli.Commands;

/// <summary>
/// <c>imagesdk run ASSEMBLY.json [--file [FIELD=]PATH]... [--field NAME=VALUE]... [--out DIR] [--json] [--provider P]</c>: runs an
/// assembly (offline without provider keys) and writes its files under <c>DIR/STEP/</c>. Exit codes: 0 completed,
/// 1 failed or invalid, 2 usage or I/O. Ctrl+C cancels cleanly: no partial file is left.
/// </summary>
public static class RunCommand
{
    /// <summary>The upload field of a <c>--file</c> given without one.</summary>
    public const string DefaultField = "file";

    /// <summary>Creates the command.</summary>
    /// <param name="stdout">Where the result goes.</param>
    /// <param name="stderr">Where errors go.</param>
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var assembly = new Argument<string>("ASSEMBLY") { Description = "The assembly instructions (JSON)." };
        var files = new Option<string[]>("--file") { HelpName = "[FIELD=]PATH", Description = "An upload, as [FIELD=]PATH; it becomes a :original result. Repeatable.", AllowMultipleArgumentsPerToken = false };
        var fields = new Option<string[]>("--field") { HelpName = "NAME=VALUE", Description = "A value for ${fields.NAME}, as NAME=VALUE. Repeatable." };
        var output = new Option<string>("--out") { HelpName = "DIR", Description = "Where files are written, under DIR/STEP/.", DefaultValueFactory = _ => "out" };
        var json = new Option<bool>("--json") { Description = "Print only the result JSON (Transloadit's shape, with path on every file)." };
        var provider = new Option<string?>("--provider") { Description = "The provider for steps that name none: " + ImageSdk.Providers.ProviderRegistration.NamesText + " (models it does not serve keep their own routes)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the plan (per step: the route, the calls, the images) and call nothing." };
        var remote = new Option<string?>("--remote") { Description = "Run the assembly on a service instead of here: transloadit (TRANSLOADIT_KEY, TRANSLOADIT_SECRET)." };
        var endpoint = new Option<string?>("--endpoint") { HelpName = "URL", Description = "With --remote: the API endpoint (default TRANSLOADIT_ENDPOINT, else https://api2.transloadit.com)." };
        var template = new Option<string?>("--template") { HelpName = "ID", Description = "With --remote: the template id to run the assembly with." };
        var inputs = new Option<string[]>("--input") { HelpName = "PATH", Description = "Batch: run the assembly once per image of these files and folders (uploaded as 'file'); each input's files go to DIR/<its relative path>/STEP/. Repeatable." };
        var recursive = new Option<bool>("--recursive") { Description = "Batch: walk --input folders into their subfolders." };
        var concurrency = new Option<int>("--concurrency") { HelpName = "N", Description = "Batch: how many assemblies run at once.", DefaultValueFactory = _ => 4 };
        var watch = new Option<bool>("--watch") { Description = "Batch: go on with new and changed images until stopped (Ctrl+C)." };
        var reprocessAll = new Option<bool>("--reprocess-all") { Description = "Batch: run every input again, even those whose outputs are newer than they are (by default those are skipped)." };
        var reprocessStale = new Option<bool>("--reprocess-stale") { Description = "The former name of --reprocess-all.", Hidden = true };
        var localOnly = new Option<bool>("--local-only") { Description = "Run only the steps that run here: steps whose robots run only on Transloadit are skipped (listed in the result), and the steps using them get no files from them." };
        var singleAssembly = new Option<bool>("--single-assembly") { Description = "Batch: all inputs as the uploads of one assembly, files under DIR/STEP/." };
        var command = new Command("run", "Run an assembly: offline with no provider keys, or on Transloadit with --remote. Files go to DIR/STEP/; with --input, once per image.")
        {
            assembly, files, fields, output, json, provider, dryRun, remote, endpoint, template, inputs, recursive, concurrency, watch, reprocessAll, reprocessStale, singleAssembly, localOnly,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(assembly)!;
            var asJson = parse.GetValue(json);
            var uploads = new List<RunUpload>();
            foreach (var file in parse.GetValue(files) ?? Array.Empty<string>())
            {
                uploads.Add(ParseUpload(file));
            }

            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var field in parse.GetValue(fields) ?? Array.Empty<string>())
            {
                var equals = field.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0)
                {
                    stderr.WriteLine($"imagesdk: --field '{Printable.Escape(field)}' needs the form NAME=VALUE");
                    return ImageSdkCli.Usage;
                }

                values[field[..equals]] = field[(equals + 1)..];
            }

            if (uploads.Select(u => InputFile.Problem(u.Path)).FirstOrDefault(p => p is not null) is { } uploadProblem)
            {
                stderr.WriteLine($"imagesdk: --file: {uploadProblem}");
                return ImageSdkCli.Usage;
            }

            var outDir = parse.GetValue(output)!;
            if (OutputProblem(outDir) is { } outputProblem)
            {
                return UsageError(outputProblem, "OUTPUT_DIRECTORY_INVALID");
            }

            if (InputFile.TryRead(path, InputFile.MaxBytes, out var readProblem) is not { } instructions)
            {
                return UsageError(readProblem!, "ASSEMBLY_NOT_READABLE");
            }

            var defaultProvider = parse.GetValue(provider);
            if (defaultProvider is not null && !ProvidersCommand.Names.Contains(defaultProvider))
            {
                return UsageError($"--provider '{Printable.Escape(defaultProvider)}' is not a provider; use one of {string.Join(", ", ProvidersCommand.Names)}", "PROVIDER_NOT_AVAILABLE");
            }

            var remoteName = parse.GetValue(remote);
            if (remoteName is not null and not "transloadit")
            {
                return UsageError($"--remote '{Printable.Escape(remoteName)}' is not supported; use --remote transloadit", "REMOTE_NOT_SUPPORTED");
            }

            Uri? endpointUri = null;
            if (parse.GetValue(endpoint) is { } endpointText && (!Uri.TryCreate(endpointText, UriKind.Absolute, out endpointUri) || endpointUri.Scheme is not ("http" or "https")))
            {
                return UsageError($"--endpoint '{Printable.Escape(endpointText)}' is not an http(s) URL", "ENDPOINT_INVALID");
            }

            if (remoteName is not null && parse.GetValue(localOnly))
            {
                return UsageError("--local-only runs the local steps here; it cannot go with --remote, which runs every step on Transloadit", "OPTIONS_CONFLICT");
            }

            var options = new RunOptions { OutputDirectory = outDir, Fields = values, Provider = defaultProvider, Remote = remoteName, LocalOnly = parse.GetValue(localOnly) };
            using var services = ProvidersCommand.Services(
                o =>
                {
                    o.Transloadit.Endpoint = endpointUri;
                    o.Transloadit.TemplateId = parse.GetValue(template);
                },
                stderr);
            AssemblyRunner runner;
            try
            {
                runner = services.GetRequiredService<AssemblyRunner>();
            }
            catch (Exception ex) when (ex is ArgumentException or Microsoft.Extensions.Options.OptionsValidationException)
            {
                return UsageError(Providers.Secrets.Redact(ex.Message), "PROVIDER_CONFIGURATION_INVALID");
            }

            if (parse.GetValue(dryRun))
            {
                // What would really run: with --input, every input that is not skipped; with --remote, the whole assembly on Transloadit.
                BatchSettings? batchPlan = parse.GetValue(inputs) is { Length: > 0 } planned
                    ? new BatchSettings(planned, parse.GetValue(recursive), outDir, Math.Max(1, parse.GetValue(concurrency)), Watch: false, (parse.GetValue(reprocessAll) || parse.GetValue(reprocessStale)), parse.GetValue(singleAssembly))
                    : null;
                var pending = batchPlan is null ? null : BatchRun.Pending(batchPlan, stderr);
                if (pending is null && batchPlan is not null)
                {
                    return ImageSdkCli.Usage; // a missing or special --input, said on standard error
                }

                var remoteEndpoint = remoteName is null ? null : endpointUri ?? services.GetService<ImageSdk.Remote.TransloaditClient>()?.Endpoint;
                var plan = DryRun(runner, instructions, uploads, options, pending, batchPlan?.SingleAssembly == true);
                if (asJson)
                {
                    stdout.WriteLine(plan.ToJson());
                }
                else
                {
                    WritePlan(plan, path, pending, batchPlan?.SingleAssembly == true, remoteName is null ? null : remoteEndpoint?.Host ?? remoteName, stdout, stderr);
                }

                return plan.CanRun ? ImageSdkCli.Success : ImageSdkCli.Invalid;
            }

            AssemblyResult result;
            using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var interrupt = OnTermination(cancel);
            if (parse.GetValue(inputs) is { Length: > 0 } batch)
            {
                if (parse.GetValue(concurrency) < 1)
                {
                    return UsageError("--concurrency must be at least 1", "CONCURRENCY_INVALID");
                }

                var settings = new BatchSettings(batch, parse.GetValue(recursive), outDir, parse.GetValue(concurrency), parse.GetValue(watch), (parse.GetValue(reprocessAll) || parse.GetValue(reprocessStale)), parse.GetValue(singleAssembly));
                return await BatchRun.ExecuteAsync(runner, instructions, options, settings, asJson, stdout, stderr, cancel.Token).ConfigureAwait(false);
            }

            try
            {
                result = asJson || Console.IsOutputRedirected || !ReferenceEquals(stdout, Console.Out)
                    ? await runner.RunAsync(instructions, uploads, options, null, cancel.Token).ConfigureAwait(false)
                    : await RunWithProgressAsync(runner, instructions, uploads, options, cancel.Token).ConfigureAwait(false);
            }
            catch (AssemblyCanceledException canceled)
            {
                if (asJson)
                {
                    stdout.WriteLine(canceled.Result.ToJson(includePaths: true));
                }
                else
                {
                    WriteFiles(canceled.Result, stdout);
                }

                stderr.WriteLine("imagesdk: " + canceled.Result.Message);
                return Cancelled;
            }
            catch (OperationCanceledException)
            {
                stderr.WriteLine("imagesdk: cancelled; no partial file was left.");
                return Cancelled;
            }

            if (asJson)
            {
                stdout.WriteLine(result.ToJson(includePaths: true));
            }
            else
            {
                WriteHuman(result, path, stdout, stderr);
            }

            if (uploads.Count == 0 && result.Completed && UsersOfOriginal(instructions, options) is { Count: > 0 } users)
            {
                stderr.WriteLine($"imagesdk: warning: step(s) {string.Join(", ", users.Select(u => "'" + Printable.Escape(u) + "'"))} use ':original', but no file was uploaded, so they had no input; pass --file [FIELD=]PATH (or --input for a batch).");
            }

            return result.Completed ? ImageSdkCli.Success : ImageSdkCli.Invalid;

            int UsageError(string message, string code)
            {
                if (asJson)
                {
                    stdout.WriteLine(new AssemblyResult { AssemblyId = string.Empty, Error = code, Message = message }.ToJson(includePaths: true));
                }

                stderr.WriteLine("imagesdk: " + message);
                return ImageSdkCli.Usage;
            }
        });
        return command;
    }

    /// <summary>
    /// The plan of what would really run. A batch (<paramref name="pending"/>: the inputs that would run) runs one assembly
    /// per input, so the plan of one is multiplied; with <paramref name="single"/> all inputs are the uploads of one. A
    /// remote run (<see cref="RunOptions.Remote"/>) calls no provider from here: every step runs on Transloadit, as it
    /// validates them (unknown models as warnings).
    /// </summary>
    private static RunPlan DryRun(AssemblyRunner runner, byte[] instructions, List<RunUpload> uploads, RunOptions options, IReadOnlyList<string>? pending, bool single)
    {
        var batch = pending is null ? uploads : (single ? pending : pending.Take(1)).Select(p => new RunUpload(DefaultField, p)).ToList();
        if (options.Remote is not null)
        {
            var remote = runner.Plan(instructions, batch, options with { Remote = null, Validation = options.Validation with { UnknownModelsAsWarnings = true } });
            return remote with { Steps = remote.Steps.Select(s => new StepPlan(s.Step, s.Robot, s.Model, options.Remote, null, null, null, null, null) { Location = StepLocation.Remote }).ToList() };
        }

        var plan = runner.Plan(instructions, batch, options);
        var times = pending is null || single ? 1 : pending.Count;
        return times == 1 ? plan : plan with
        {
            Steps = plan.Steps.Select(s => s with { Invocations = s.Invocations * times, Calls = s.Calls * times, Images = s.Images * times }).ToList(),
        };
    }

    /// <summary>The plan as lines a person reads: the findings, then one line per step, then what runs where.</summary>
    private static void WritePlan(RunPlan plan, string path, IReadOnlyList<string>? pending, bool single, string? remote, TextWriter stdout, TextWriter stderr)
    {
        foreach (var finding in plan.Validation.Findings)
        {
            stderr.WriteLine(finding.ToCanonicalString(path));
        }

        if (remote is not null)
        {
            stdout.WriteLine($"The whole assembly runs on Transloadit ({Printable.Escape(remote)}){(pending is null ? string.Empty : single ? $", once with {pending.Count} upload(s)" : $", once per input: {pending.Count} assembl{(pending.Count == 1 ? "y" : "ies")}")}; its steps:");
            foreach (var step in plan.Steps)
            {
                stdout.WriteLine($"{step.Step}: {step.Robot}{(step.Model is null ? string.Empty : " (" + step.Model + ")")}");
            }

            stdout.WriteLine(plan.Validation.IsValid ? "Dry run: nothing was sent." : "Dry run: the assembly cannot run as it is.");
            return;
        }

        if (pending is not null)
        {
            stdout.WriteLine(single ? $"One assembly with {pending.Count} input(s) as its uploads:" : $"{pending.Count} input(s) would run, one assembly each; in all:");
        }

        foreach (var step in plan.Steps)
        {
            var calls = step.Calls is { } c ? $"{c} call(s), {step.Images} image(s)" : "calls and images depend on earlier steps' files";
            stdout.WriteLine(step.Error is { } error
                ? $"{step.Step}: {step.Robot} cannot run: {error}"
                : step.Location == StepLocation.Skipped ? $"{step.Step}: {step.Robot} skipped: it runs only on Transloadit (--local-only)"
                : step.Provider is null ? $"{step.Step}: {step.Robot} (local executor)" : $"{step.Step}: {step.Model} via {step.Provider} ({step.ProviderModelId}): {calls}");
            foreach (var note in step.Notes)
            {
                stdout.WriteLine("  note: " + Printable.Escape(note));
            }
        }

        stdout.WriteLine(plan.CanRun ? "Dry run: nothing was called." : "Dry run: the assembly cannot run as it is.");
    }

    /// <summary>The steps that read <c>:original</c>, the uploads; empty when the instructions do not read.</summary>
    private static List<string> UsersOfOriginal(byte[] instructions, RunOptions options) =>
        RunInstructions.Read(instructions, options, "check").Instructions?.Steps
            .Where(s => s.Inputs.Any(i => i.Step == ImageSdk.UploadHandleStep.RequiredStepName))
            .Select(s => s.Name)
            .ToList() ?? [];

    /// <summary>The exit code of a run stopped by Ctrl+C or SIGTERM: 128 + SIGINT, as shells report it.</summary>
    public const int Cancelled = 130;

    /// <summary>Why <paramref name="directory"/> cannot be the output folder, or null.</summary>
    private static string? OutputProblem(string directory) =>
        string.IsNullOrWhiteSpace(directory) ? "--out is empty; give the folder to write to, e.g. --out out"
        : File.Exists(directory) ? $"--out '{Printable.Escape(directory)}' is a file; give a folder (it is created if missing)"
        : null;

    /// <summary>Ctrl+C and SIGTERM cancel the run, which then stops its steps, removes temporaries and reports; the process is not killed.</summary>
    private static IDisposable OnTermination(CancellationTokenSource cancel)
    {
        void Handle(PosixSignalContext context)
        {
            // The first signal cancels cleanly; a second one ends the process as usual, even while a read waits that no
            // cancellation reaches.
            context.Cancel = !cancel.IsCancellationRequested;
            cancel.Cancel();
        }

        var registrations = new List<PosixSignalRegistration> { PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle) };
        if (!OperatingSystem.IsWindows())
        {
            registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle));
        }

        return new Registrations(registrations);
    }

    private sealed class Registrations(List<PosixSignalRegistration> registrations) : IDisposable
    {
        public void Dispose() => registrations.ForEach(r => r.Dispose());
    }

    /// <summary>Reads <c>[FIELD=]PATH</c>; a PATH that itself holds <c>=</c> needs the FIELD.</summary>
    /// <param name="value">The option value.</param>
    public static RunUpload ParseUpload(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var equals = value.IndexOf('=', StringComparison.Ordinal);
        if (equals > 0)
        {
            var field = value[..equals];
            if (field.IndexOfAny(new[] { '/', '\\', '.', ':' }) < 0)
            {
                return new RunUpload(field, value[(equals + 1)..]);
            }
        }

        return new RunUpload(DefaultField, value);
    }

    private static async Task<AssemblyResult> RunWithProgressAsync(AssemblyRunner runner, byte[] instructions, List<RunUpload> uploads, RunOptions options, CancellationToken cancellationToken)
    {
        AssemblyResult? result = null;
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                // One bar per step: Progress<T> may report from several threads at once, and a GetOrAdd factory that adds a
                // bar can run twice, leaving a second bar that no event ever stops.
                var tasks = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
                var progress = new Progress<RunProgress>(p =>
                {
                    ProgressTask task;
                    lock (tasks)
                    {
                        if (!tasks.TryGetValue(p.Step, out task!))
                        {
                            task = tasks[p.Step] = context.AddTask(Markup.Escape(Printable.Escape(p.Step)), maxValue: 1);
                        }
                    }

                    task.Description = Markup.Escape(Printable.Escape($"{p.Step}: {p.Stage}")) + (p.Message is null ? string.Empty : " [grey]" + Markup.Escape(Printable.Escape(p.Message)) + "[/]");
                    if (p.Total > 0)
                    {
                        task.MaxValue = p.Total;
                        task.Value = p.Done;
                    }

                    if (p.Stage is "completed" or "failed" or "skipped")
                    {
                        task.Value = task.MaxValue;
                        task.StopTask();
                    }
                });
                result = await runner.RunAsync(instructions, uploads, options, progress, cancellationToken).ConfigureAwait(false);
            }).ConfigureAwait(false);
        return result!;
    }

    private static void WriteHuman(AssemblyResult result, string path, TextWriter stdout, TextWriter stderr)
    {
        foreach (var finding in result.Findings)
        {
            stderr.WriteLine(finding.ToCanonicalString(path));
        }

        if (!result.Completed)
        {
            stderr.WriteLine($"imagesdk: {Printable.Escape(result.Error ?? string.Empty)}: {Printable.Escape(result.Message)}");
            return;
        }

        foreach (var warning in result.Warnings)
        {
            stdout.WriteLine("note: " + Printable.Escape(warning));
        }

        var files = WriteFiles(result, stdout);
        foreach (var skipped in result.SkippedSteps)
        {
            stdout.WriteLine($"skipped step '{Printable.Escape(skipped.Step)}' ({Printable.Escape(skipped.Robot)}): it runs only on Transloadit");
        }

        foreach (var (step, file) in result.Results.SelectMany(r => r.Value.Select(f => (Step: r.Key, File: f))).Where(x => x.File.Url is not null))
        {
            stdout.WriteLine($"{Printable.Escape(step)}: stored {Printable.Escape(file.Name)} at {Printable.Escape(file.Url!)}");
        }

        foreach (var ignored in result.IgnoredErrors)
        {
            stderr.WriteLine($"ignored error in step '{Printable.Escape(ignored.Step)}' ({ignored.Phase}): {Printable.Escape(ignored.Message)}");
        }

        stdout.WriteLine($"{result.Message} {files} result file(s) listed; each step's files are in its own folder under the output folder.");
    }

    /// <summary>Lists the files written, as lines or (on a terminal) a table; returns how many.</summary>
    private static int WriteFiles(AssemblyResult result, TextWriter stdout)
    {
        var files = result.Results.SelectMany(r => r.Value.Select(f => (Step: r.Key, File: f))).Where(x => x.File.Path is not null && x.Step != ImageSdk.UploadHandleStep.RequiredStepName).ToList();
        if (!ReferenceEquals(stdout, Console.Out) || Console.IsOutputRedirected)
        {
            foreach (var (step, file) in files)
            {
                stdout.WriteLine($"{Printable.Escape(step)}: wrote {Printable.Escape(file.Path!)} ({Printable.Escape(file.Mime ?? string.Empty)}, {Printable.Escape(Dimensions(file))}, {file.Size:N0} bytes)");
            }
        }
        else
        {
            var table = new Table().AddColumns("step", "file", "format", "size", "bytes");
            foreach (var (step, file) in files)
            {
                table.AddRow(Markup.Escape(Printable.Escape(step)), Markup.Escape(Printable.Escape(file.Path!)), Markup.Escape(Printable.Escape(file.Ext)), Markup.Escape(Printable.Escape(Dimensions(file))), file.Size.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
            }

            AnsiConsole.Write(table);
        }

        return files.Count;
    }

    private static string Dimensions(ResultFile file) =>
        file.Meta.TryGetValue("width", out var w) && file.Meta.TryGetValue("height", out var h) ? $"{w}x{h}" : "?";
}
