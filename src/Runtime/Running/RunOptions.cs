using System;
using System.Collections.Generic;
using ImageSdk.Validation;

namespace ImageSdk.Running;

/// <summary>A file uploaded with the assembly: it becomes a <c>:original</c> result of <c>/upload/handle</c>.</summary>
/// <param name="Field">The upload field, e.g. <c>image</c> or <c>mask</c>; inputs without <c>as</c> are matched by it.</param>
/// <param name="Path">The file on disk; for an upload from memory or a stream, its file name.</param>
public sealed record RunUpload(string Field, string Path)
{
    /// <summary>An upload from memory, named <paramref name="fileName"/>.</summary>
    public static RunUpload FromBytes(string field, string fileName, ReadOnlyMemory<byte> bytes) => new(field, fileName) { Bytes = bytes };

    /// <summary>An upload read from <paramref name="stream"/> when the run starts (within <see cref="RunOptions.MaxUploadBytes"/>), named <paramref name="fileName"/>.</summary>
    public static RunUpload FromStream(string field, string fileName, System.IO.Stream stream) => new(field, fileName) { Stream = stream ?? throw new ArgumentNullException(nameof(stream)) };

    internal ReadOnlyMemory<byte>? Bytes { get; init; }

    internal System.IO.Stream? Stream { get; init; }
}

/// <summary>How an assembly runs, and the limits that keep a hostile assembly or upload from exhausting the machine.</summary>
public sealed record RunOptions
{
    /// <summary>
    /// Where files are written, under <c>DIR/STEP/</c>. The default is <c>./out</c>. Nothing is ever written outside it,
    /// and no file already there is replaced: a name that is taken gets <c>~2</c>, <c>~3</c>, ... before its extension.
    /// </summary>
    public string OutputDirectory { get; init; } = "out";

    /// <summary>
    /// Whether the result holds the files in memory (<see cref="ResultFile.Content"/>) instead of on disk: they are written
    /// to a private temporary folder, read back, and the folder is removed. <see cref="OutputDirectory"/> is then unused.
    /// </summary>
    public bool InMemory { get; init; }

    /// <summary>Values for <c>${fields.NAME}</c>; they override the assembly's own <c>fields</c>.</summary>
    public IReadOnlyDictionary<string, string> Fields { get; init; } = new Dictionary<string, string>();

    /// <summary>The most pixels an input image may have, checked from its header before decoding. The default is 100 MP.</summary>
    public long MaxPixels { get; init; } = 100_000_000;

    /// <summary>
    /// The most pixels an SVG input is rasterised to: an SVG may declare any size and costs time per pixel, so it is rendered
    /// scaled down to fit. The default is 4 MP.
    /// </summary>
    public long MaxSvgPixels { get; init; } = 4_000_000;

    /// <summary>How long decoding one input may take before the step fails with a clear error. The default is 20 s.</summary>
    public TimeSpan DecodeTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>The largest upload read, in bytes. The default is 256 MiB.</summary>
    public long MaxUploadBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>
    /// The provider for steps that name none (<c>imagesdk run --provider</c>): google, openai, replicate or offline. When
    /// null, each step takes the first route of its model whose credentials are configured, else the offline renderer.
    /// </summary>
    public string? Provider { get; init; }

    /// <summary>
    /// Where the assembly runs: null (the default) runs it here; <c>transloadit</c> sends it, with its uploads, to
    /// Transloadit's API and downloads its results (see <see cref="Remote.TransloaditClient"/>), with the same result shape.
    /// </summary>
    public string? Remote { get; init; }

    /// <summary>
    /// Whether a local run runs only the steps it can run here (<c>imagesdk run --local-only</c>): steps whose robots run
    /// only on Transloadit are skipped and listed in <see cref="AssemblyResult.SkippedSteps"/>, and the steps that use them
    /// get no files from them. When false (the default), a local run of an assembly with such a step is refused before
    /// anything runs, with a finding per step.
    /// </summary>
    public bool LocalOnly { get; init; }

    /// <summary>How the instructions are validated before anything runs.</summary>
    public ValidationOptions Validation { get; init; } = ValidationOptions.Default;
}

/// <summary>What a run is doing, for a UI.</summary>
/// <param name="Step">The step.</param>
/// <param name="Stage"><c>waiting</c>, <c>running</c>, <c>completed</c>, <c>failed</c> or <c>skipped</c>.</param>
/// <param name="Done">Files made so far by the step.</param>
/// <param name="Total">Files the step will make, when known.</param>
/// <param name="Message">A detail, e.g. an error.</param>
public sealed record RunProgress(string Step, string Stage, int Done, int Total, string? Message = null);

/// <summary>The run was cancelled. <see cref="Result"/> says so, and holds the files finished before it stopped.</summary>
public sealed class AssemblyCanceledException : OperationCanceledException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="result">The result of the cancelled run.</param>
    /// <param name="token">The token that cancelled it.</param>
    public AssemblyCanceledException(AssemblyResult result, System.Threading.CancellationToken token)
        : base("The assembly was cancelled; no partial file was left.", token) => Result = result;

    /// <summary>The result: <c>error</c> is <c>ASSEMBLY_CANCELED</c>; finished files are listed.</summary>
    public AssemblyResult Result { get; }
}
