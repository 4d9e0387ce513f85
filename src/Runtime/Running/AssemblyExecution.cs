using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ImageSdk.Tables;

namespace ImageSdk.Running;

/// <summary>
/// One run, scheduled as a DAG: every step starts at once and waits for the steps it uses; <c>queue: batch</c> steps wait
/// behind every step that does not depend on them; each step goes to the executor of its robot. The first failing step
/// in the order of the instructions fails the assembly (the others are stopped and clean up); a cancelled run reports
/// what it finished.
/// </summary>
internal sealed class AssemblyExecution : IDisposable
{
    private readonly Dictionary<string, StepInstructions> _steps;
    private readonly IReadOnlyList<StepInstructions> _order;
    private readonly IReadOnlyDictionary<string, IStepExecutor> _executors;
    private readonly string _assemblyId;
    private readonly CancellationToken _callerToken;
    private readonly CancellationTokenSource _stop;
    private readonly RunContext _context;
    private readonly Dictionary<string, Task<IReadOnlyList<ResultFile>>> _tasks = new(StringComparer.Ordinal);

    public AssemblyExecution(ProviderRouter router, IReadOnlyDictionary<string, IStepExecutor> executors, RunInstructions instructions, OutputFolder output, RunOptions options, IProgress<RunProgress>? progress, string assemblyId, CancellationToken cancellationToken)
    {
        _executors = executors;
        _order = instructions.Steps;
        _steps = instructions.Steps.ToDictionary(s => s.Name, StringComparer.Ordinal);
        _assemblyId = assemblyId;
        _callerToken = cancellationToken;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _context = new RunContext(router, options, output, progress, FilesOfAsync, _stop.Token);
    }

    private CancellationToken CancellationToken => _context.CancellationToken;

    public void Dispose()
    {
        _context.Dispose();
        _stop.Dispose();
    }

    public async Task<AssemblyResult> ExecuteAsync(IReadOnlyList<RunUpload> uploads)
    {
        try
        {
            _context.Uploads = ReadUploads(uploads);
        }
        catch (StepException ex)
        {
            return Failed(ex.Code, ex.Message, UploadHandleStep.RequiredStepName);
        }

        foreach (var step in _order)
        {
            _ = StepTask(step.Name); // started now, awaited in order below
        }

        var results = new Dictionary<string, IReadOnlyList<ResultFile>>(StringComparer.Ordinal);
        foreach (var step in _order)
        {
            try
            {
                results[step.Name] = await _tasks[step.Name].ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_callerToken.IsCancellationRequested)
            {
                throw new AssemblyCanceledException(await CanceledAsync(results).ConfigureAwait(false), _callerToken);
            }
            catch (Exception ex)
            {
                // The assembly has failed: stop the other steps, and let them clean up before returning.
                var failure = StepException.From(ex is OperationCanceledException ? new StepException("STEP_FAILED", "stopped") : ex);
                await _stop.CancelAsync().ConfigureAwait(false);
                await WhenAllSettled().ConfigureAwait(false);
                return Failed(failure.Code, failure.Message, step.Name);
            }
        }

        var warnings = _context.Warnings.ToList();
        if (_context.Offline)
        {
            warnings.Insert(0, "Images were made by the offline renderer: no provider credentials are configured, or provider \"offline\" was asked for.");
        }

        return Result(ok: "ASSEMBLY_COMPLETED", error: null, step: null, "The assembly was successfully completed.", Reported(results), warnings);
    }

    /// <summary>
    /// The steps whose files the results list, by Transloadit's rule: a step with <c>result: true</c> (or <c>"debug"</c>),
    /// and, where <c>result</c> is unset, a leaf step, which no other step uses. Every file is still written under its step.
    /// A step used only by steps skipped as remote-only (<see cref="RunOptions.LocalOnly"/>) is a leaf of the run: its files
    /// are the last this run made on that path.
    /// </summary>
    private Dictionary<string, IReadOnlyList<ResultFile>> Reported(Dictionary<string, IReadOnlyList<ResultFile>> results)
    {
        var skipped = _context.Skipped.Select(s => s.Step).ToHashSet(StringComparer.Ordinal);
        var used = _order.Where(s => !skipped.Contains(s.Name)).SelectMany(s => s.Inputs).Select(i => i.Step).ToHashSet(StringComparer.Ordinal);
        return results
            .Where(r => !_steps.TryGetValue(r.Key, out var step) || (step.InResults ?? !used.Contains(r.Key)))
            .ToDictionary(r => r.Key, r => r.Value, StringComparer.Ordinal);
    }

    /// <summary>A result with what every outcome reports: the uploads, whether the run was offline, its notices and ignored errors.</summary>
    private AssemblyResult Result(string? ok, string? error, string? step, string message, IReadOnlyDictionary<string, IReadOnlyList<ResultFile>>? results = null, IReadOnlyList<string>? warnings = null) => new()
    {
        Ok = ok,
        Error = error,
        FailedStep = step,
        Message = message,
        AssemblyId = _assemblyId,
        Offline = _context.Offline,
        Warnings = warnings ?? _context.Warnings,
        Uploads = _context.Uploads,
        SkippedSteps = _context.Skipped.OrderBy(s => _order.ToList().FindIndex(o => o.Name == s.Step)).ToList(),
        Results = results ?? new Dictionary<string, IReadOnlyList<ResultFile>>(),
        IgnoredErrors = _context.Ignored,
    };

    private Task WhenAllSettled() => Task.WhenAll(_tasks.Values.Select(t => t.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default)));

    /// <summary>The result of a cancelled run, once every step has stopped and cleaned up: the steps that finished keep their files.</summary>
    private async Task<AssemblyResult> CanceledAsync(Dictionary<string, IReadOnlyList<ResultFile>> finished)
    {
        await WhenAllSettled().ConfigureAwait(false);
        foreach (var step in _order)
        {
            if (!finished.ContainsKey(step.Name))
            {
                // A step that finished keeps its result; one that was stopped lists the files it had written whole.
                finished[step.Name] = _tasks[step.Name].IsCompletedSuccessfully ? _tasks[step.Name].Result
                    : _context.WrittenBy(step.Name);
            }
        }

        var kept = finished.Where(f => f.Key != UploadHandleStep.RequiredStepName).Sum(f => f.Value.Count);
        return Result(ok: null, error: "ASSEMBLY_CANCELED", step: null, $"The assembly was cancelled; the {kept} file(s) written before it stopped were kept, and no partial file was left.", Reported(finished));
    }

    private AssemblyResult Failed(string code, string message, string step) =>
        Result(ok: null, error: code, step, $"step '{Printable.Escape(step)}': {message}");

    private IReadOnlyList<ResultFile> ReadUploads(IReadOnlyList<RunUpload> uploads) => UploadFiles.Read(uploads, _context.Options, source => _context.Track(source));

    private Task<IReadOnlyList<ResultFile>> StepTask(string name)
    {
        lock (_tasks)
        {
            if (!_tasks.TryGetValue(name, out var task))
            {
                task = Task.Run(() => RunStepAsync(_steps[name]), CancellationToken);
                _tasks[name] = task;
            }

            return task;
        }
    }

    private async Task<IReadOnlyList<ResultFile>> RunStepAsync(StepInstructions step)
    {
        var name = step.Name;
        _context.Report(new RunProgress(name, "waiting", 0, 0));
        foreach (var reference in step.Inputs.Select(i => i.Step).Distinct(StringComparer.Ordinal))
        {
            try
            {
                await FilesOfAsync(reference).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                var failure = StepException.From(ex);
                _context.Report(new RunProgress(name, "skipped", 0, 0, $"'{reference}' failed"));
                throw new StepException(failure.Code, $"not run: the step '{reference}' it uses failed ({failure.Message})");
            }
        }

        if (step.IsBatch)
        {
            await WaitForNonBatchStepsAsync(name).ConfigureAwait(false);
        }

        _context.Report(new RunProgress(name, "running", 0, 0));
        try
        {
            // The step runs from its plan, made by the same code as a dry run's, now that its inputs are known.
            var inputs = new List<StepInputFiles>(step.Inputs.Count);
            foreach (var input in step.Inputs)
            {
                inputs.Add(new StepInputFiles(input.Step, input.Role, UploadFiles.Narrow(await FilesOfAsync(input.Step).ConfigureAwait(false), input)));
            }

            var context = new StepContext(step, inputs, _context.Uploads, _context.Providers, _context.Options, _context);
            var plan = RunPlan.PlanStep(_executors, context, unknownProvider: null);
            if (plan.Location == StepLocation.Skipped)
            {
                _context.Skip(new SkippedStep(name, step.Robot, plan.Notes.FirstOrDefault() ?? string.Empty));
                _context.Report(new RunProgress(name, "skipped", 0, 0, "remote-only"));
                return Array.Empty<ResultFile>();
            }

            foreach (var note in plan.Notes)
            {
                _context.Warn(note);
            }

            if (plan.Error is { } error)
            {
                throw plan.Failure is var (code, message) ? new StepException(code, message) : new StepException("STEP_PLAN_FAILED", error);
            }

            var executor = _executors[step.Robot];
            using var activity = ImageSdkTelemetry.ActivitySource.StartActivity("imagesdk.step");
            activity?.SetTag("imagesdk.step", name);
            activity?.SetTag("imagesdk.robot", step.Robot);
            IReadOnlyList<ResultFile> files;
            try
            {
                files = await executor.ExecuteAsync(plan, context).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, StepException.From(ex).Code);
                throw;
            }

            activity?.SetTag("imagesdk.files", files.Count);
            _context.Report(new RunProgress(name, "completed", files.Count, files.Count));
            return files;
        }
        catch (Exception ex) when (ex is not OperationCanceledException && step.IgnoresErrors(IgnoredError.Execute))
        {
            var failure = StepException.From(ex);
            _context.Ignore(new IgnoredStepError(name, IgnoredError.Execute.ToJsonValue(), failure.Code, failure.Message));
            _context.Report(new RunProgress(name, "failed", 0, 0, failure.Message + " (ignored)"));
            return Array.Empty<ResultFile>();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var failure = StepException.From(ex);
            _context.Report(new RunProgress(name, "failed", 0, 0, failure.Message));
            throw failure;
        }
    }

    /// <summary>The files of an input: a step's, or the uploads for <c>:original</c> when no <c>/upload/handle</c> step is written.</summary>
    private Task<IReadOnlyList<ResultFile>> FilesOfAsync(string step) =>
        _steps.ContainsKey(step) ? StepTask(step) : Task.FromResult(_context.Uploads);

    /// <summary><c>queue: batch</c>: wait until every other step that does not depend on this one has finished.</summary>
    private async Task WaitForNonBatchStepsAsync(string name)
    {
        var others = _order
            .Where(other => other.Name != name && !other.IsBatch && !DependsOn(other.Name, name, new HashSet<string>(StringComparer.Ordinal)))
            .Select(other => StepTask(other.Name))
            .ToList();
        try
        {
            await Task.WhenAll(others).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // their failures are reported by their own steps
        }
    }

    private bool DependsOn(string step, string target, HashSet<string> seen) =>
        seen.Add(step) && _steps.TryGetValue(step, out var node) && node.Inputs.Any(i => i.Step == target || DependsOn(i.Step, target, seen));
}
