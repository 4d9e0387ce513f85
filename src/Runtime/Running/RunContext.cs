using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ImageSdk.Tables;

namespace ImageSdk.Running;

/// <summary>
/// What a step executor is given for one run: the options, the output folder, the files of other steps, the providers,
/// and where warnings, ignored errors and progress go. One per run; the scheduler reads back what the executors reported.
/// </summary>
internal sealed class RunContext : IDisposable
{
    private readonly Func<string, Task<IReadOnlyList<ResultFile>>> _filesOf;
    private readonly IProgress<RunProgress>? _progress;
    private readonly ConcurrentQueue<IgnoredStepError> _ignored = new();
    private readonly ConcurrentQueue<string> _warnings = new();
    private readonly ConcurrentDictionary<string, byte> _warned = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<SourceFile> _sources = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<ResultFile>> _written = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<SkippedStep> _skipped = new();
    private int _offline;

    public RunContext(ProviderRouter router, RunOptions options, OutputFolder output, IProgress<RunProgress>? progress, Func<string, Task<IReadOnlyList<ResultFile>>> filesOf, CancellationToken cancellationToken)
    {
        Router = router;
        Providers = router.For(options.Provider);
        Options = options;
        Output = output;
        _progress = progress;
        _filesOf = filesOf;
        CancellationToken = cancellationToken;
        Admission = new SemaphoreSlim(router.TotalConcurrency + (2 * Math.Max(1, Environment.ProcessorCount)));
    }

    /// <summary>The runner's providers, their concurrency limits, its logger.</summary>
    public ProviderRouter Router { get; }

    /// <summary>The providers as this run's executors see them (the run's default provider applied).</summary>
    public IProviderRouter Providers { get; }

    public RunOptions Options { get; }

    public OutputFolder Output { get; }

    /// <summary>Cancelled when the caller cancels or another step fails.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>
    /// Finishing an image (compositing, encoding, metadata, writing) holds its pixels; at most one per core at a time, so
    /// memory stays flat in the number of outputs however many provider calls return at once.
    /// </summary>
    public SemaphoreSlim Finishing { get; } = new(Math.Max(1, Environment.ProcessorCount));

    /// <summary>
    /// Provider calls admitted at once, from the request to their last file written: every provider's limit plus two per
    /// core. Providers can return images faster than they are finished; without this bound those images would queue in
    /// memory, growing with the number of outputs.
    /// </summary>
    public SemaphoreSlim Admission { get; }

    /// <summary>The uploads, the files of <c>:original</c>.</summary>
    public IReadOnlyList<ResultFile> Uploads { get; set; } = Array.Empty<ResultFile>();

    /// <summary>Whether any step's images came from the offline renderer.</summary>
    public bool Offline => Volatile.Read(ref _offline) > 0;

    public IReadOnlyList<string> Warnings => _warnings.ToList();

    public IReadOnlyList<IgnoredStepError> Ignored => _ignored.ToList();

    /// <summary>The files of a step (once it has finished), or the uploads for <c>:original</c>.</summary>
    public Task<IReadOnlyList<ResultFile>> FilesOfAsync(string step) => _filesOf(step);

    /// <summary>
    /// A notice for the result; control characters are escaped. A notice already given is not repeated (e.g. a file that
    /// is not an image, read by a step both as its image and as its mask).
    /// </summary>
    public void Warn(string message)
    {
        var notice = Printable.Escape(ImageSdk.Providers.Secrets.Redact(message));
        if (_warned.TryAdd(notice, 0))
        {
            _warnings.Enqueue(notice);
        }
    }

    public void Ignore(IgnoredStepError error) => _ignored.Enqueue(error);

    /// <summary>The remote-only steps a local-only run left out.</summary>
    public IReadOnlyList<SkippedStep> Skipped => _skipped.ToList();

    public void Skip(SkippedStep step) => _skipped.Enqueue(step);

    public void Report(RunProgress progress) => _progress?.Report(progress);

    public void UsedOffline() => Interlocked.Increment(ref _offline);

    /// <summary>Keeps a source file until the run ends, when its decoded images are released.</summary>
    public SourceFile Track(SourceFile source)
    {
        _sources.Add(source);
        return source;
    }

    /// <summary>Records a file written whole, so a cancelled step can still list it.</summary>
    public void Written(string step, ResultFile file) => _written.GetOrAdd(step, _ => new ConcurrentQueue<ResultFile>()).Enqueue(file);

    /// <summary>The files a step wrote whole, in name order.</summary>
    public IReadOnlyList<ResultFile> WrittenBy(string step) =>
        _written.TryGetValue(step, out var written) ? written.OrderBy(f => f.Path, StringComparer.Ordinal).ToList() : Array.Empty<ResultFile>();

    public static string NewId() => Guid.NewGuid().ToString("N");

    public static void AddSize(Dictionary<string, object?> meta, int width, int height)
    {
        meta["width"] = width;
        meta["height"] = height;
        meta["aspect_ratio"] = Math.Round((double)width / Math.Max(1, height), 3);
    }

    public void Dispose()
    {
        foreach (var source in _sources)
        {
            source.Dispose();
        }

        Finishing.Dispose();
        Admission.Dispose();
    }
}
