namespace ImageSdk.Validation;

/// <summary>How strictly assembly instructions are validated.</summary>
public sealed record ValidationOptions
{
    /// <summary>The options used when none are given.</summary>
    public static ValidationOptions Default { get; } = new();

    /// <summary>
    /// Report a model the catalog does not know as a warning instead of an error: for remote runs of models newer
    /// than the catalog, which the providers may know.
    /// </summary>
    public bool UnknownModelsAsWarnings { get; init; }

    /// <summary>Report every warning as an error.</summary>
    public bool WarningsAsErrors { get; init; }

    /// <summary>The deepest nesting of arrays and objects accepted. The default, 64, is far beyond any real assembly.</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>The largest document accepted, in bytes. The default is 4 MiB.</summary>
    public long MaxDocumentBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>
    /// Robots of the user's own schema (<c>ImageSdkSchema="robot"</c>), judged like the schema's: the generated
    /// <c>Spec</c> of each one's builder. The runner adds those its step executors run (<c>IStepExecutor.Schema</c>).
    /// </summary>
    public System.Collections.Generic.IReadOnlyList<ImageSdk.Tables.RobotSpec> Robots { get; init; } = System.Array.Empty<ImageSdk.Tables.RobotSpec>();

    /// <summary>The most JSON values a document may hold. The default is 100,000.</summary>
    public int MaxValues { get; init; } = 100_000;
}
