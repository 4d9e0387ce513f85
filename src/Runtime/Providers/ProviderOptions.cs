using System;

namespace ImageSdk.Providers;

/// <summary>How one hosted provider is reached: its key, its endpoint, its limits and its time budget.</summary>
public sealed class ProviderOptions
{
    /// <summary>The API key or token. When null, it is read from the environment or a <c>.env</c> file (see <see cref="ProviderCredentials"/>).</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// The base URL, <c>scheme://host[:port]</c>, to which the provider appends its documented paths; a trailing <c>/v1</c>
    /// (or <c>/v1beta</c>) is accepted and ignored. When null, <c>IMAGESDK_{PROVIDER}_ENDPOINT</c> or the real host.
    /// </summary>
    public Uri? Endpoint { get; set; }

    /// <summary>How many calls to this provider may run at once. The default is 4.</summary>
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>
    /// How long one HTTP attempt may take. The default is 5 minutes, within <see cref="TotalTimeout"/>: image models are
    /// slow, and OpenAI documents up to 2 minutes for a complex prompt, so an attempt at exactly that would cut real answers off.
    /// </summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long one call may take with all its retries and, for Replicate, its polling. The default is 10 minutes.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How many times a failed attempt is retried (429, 5xx, a connection failure). The default is 4.</summary>
    public int MaxRetries { get; set; } = 4;

    /// <summary>The first retry delay, doubled (with jitter) each time; a <c>Retry-After</c> header wins. The default is 1 s.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The first delay between polls of a running prediction, doubled up to 5 s. The default is 500 ms.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The largest response read (an image, a JSON body holding base64 images). The default is 100 MiB.</summary>
    public long MaxResponseBytes { get; set; } = 100L * 1024 * 1024;
}

/// <summary>The hosted providers' options: set them in code, or leave them to the environment.</summary>
public sealed class ImageSdkOptions
{
    /// <summary>Google Gemini (<c>generateContent</c>): <c>GEMINI_API_KEY</c> or <c>GOOGLE_API_KEY</c>, <c>IMAGESDK_GOOGLE_ENDPOINT</c>.</summary>
    public ProviderOptions Google { get; set; } = new();

    /// <summary>OpenAI Images: <c>OPENAI_API_KEY</c>, <c>IMAGESDK_OPENAI_ENDPOINT</c>.</summary>
    public ProviderOptions OpenAI { get; set; } = new();

    /// <summary>Replicate predictions: <c>REPLICATE_API_TOKEN</c>, <c>IMAGESDK_REPLICATE_ENDPOINT</c>.</summary>
    public ProviderOptions Replicate { get; set; } = new();

    /// <summary>Transloadit, for runs with <see cref="Running.RunOptions.Remote"/>: <c>TRANSLOADIT_KEY</c>, <c>TRANSLOADIT_SECRET</c>, <c>TRANSLOADIT_ENDPOINT</c>.</summary>
    public Remote.TransloaditOptions Transloadit { get; set; } = new();

    /// <summary>
    /// Whether keys and endpoints not set here are read from the environment and from a <c>.env</c> file in
    /// <see cref="WorkingDirectory"/>. The default is true.
    /// </summary>
    public bool ReadEnvironment { get; set; } = true;

    /// <summary>Where a <c>.env</c> file is looked for. The default is the current directory.</summary>
    public string? WorkingDirectory { get; set; }

    /// <summary>
    /// Whether a step whose model has no configured provider runs on the offline renderer (placeholder pictures, the result
    /// marked offline). The default is true. Set it to false in production: a missing key then fails the step with
    /// <c>PROVIDER_NOT_CONFIGURED</c>, naming the keys to set, instead of completing with placeholders.
    /// </summary>
    public bool AllowOfflineFallback { get; set; } = true;

    /// <summary>The options of a provider by its name (<c>google</c>, <c>openai</c>, <c>replicate</c>), or null.</summary>
    public ProviderOptions? For(string provider) => ProviderRegistration.Find(provider) is { } registration ? registration.Options(this) : provider switch
    {
        "transloadit" => new ProviderOptions
        {
            AttemptTimeout = TimeSpan.FromMinutes(10), // an upload of large files is one attempt
            TotalTimeout = Transloadit.TotalTimeout,
            RetryDelay = Transloadit.RetryDelay,
            MaxResponseBytes = Transloadit.MaxStatusBytes, // the JSON answers; result files are streamed within MaxDownloadBytes
        },
        _ => null,
    };
}

/// <summary>The <c>provider</c> values of the hosted providers, as in schema/models.json (the table of them: <c>ProviderRegistration</c>).</summary>
public static class ProviderNames
{
    /// <summary>Google Gemini.</summary>
    public const string Google = "google";

    /// <summary>OpenAI.</summary>
    public const string OpenAI = "openai";

    /// <summary>Replicate.</summary>
    public const string Replicate = "replicate";
}
