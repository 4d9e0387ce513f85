namespace ImageSdk.Generators;

/// <summary>The names of the generator's pipeline steps, shared with the incremental-caching tests.</summary>
public static class TrackingNames
{
    /// <summary>Each schema file parsed into a JSON tree.</summary>
    public const string Documents = nameof(Documents);

    /// <summary>All documents read into the generator model.</summary>
    public const string Model = nameof(Model);

    /// <summary>Schema diagnostics.</summary>
    public const string Diagnostics = nameof(Diagnostics);

    /// <summary>One builder model per robot.</summary>
    public const string Robots = nameof(Robots);

    /// <summary>One model per generated enum.</summary>
    public const string Enums = nameof(Enums);

    /// <summary>The model catalog.</summary>
    public const string Catalog = nameof(Catalog);

    /// <summary>The assembly envelope.</summary>
    public const string Envelope = nameof(Envelope);

    /// <summary>Whether the compilation wants only the schema tables (build property ImageSdkGeneratorOutput=SchemaTables).</summary>
    public const string Options = nameof(Options);

    /// <summary>The model narrowed to what the compilation wants.</summary>
    public const string Output = nameof(Output);

    /// <summary>The schema tables.</summary>
    public const string Tables = nameof(Tables);
}
