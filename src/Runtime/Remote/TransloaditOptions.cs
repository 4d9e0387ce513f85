using System;

namespace ImageSdk.Remote;

/// <summary>
/// How to reach Transloadit: the auth key and secret, the endpoint, and the time budget. Keys not set here come, as
/// Transloadit's own CLI reads them, from <c>TRANSLOADIT_KEY</c>, <c>TRANSLOADIT_SECRET</c> and <c>TRANSLOADIT_ENDPOINT</c>
/// in the environment, then from a <c>.env</c> file in <see cref="WorkingDirectory"/>.
/// </summary>
public sealed class TransloaditOptions
{
    /// <summary>The default endpoint.</summary>
    public static readonly Uri DefaultEndpoint = new("https://api2.transloadit.com");

    /// <summary>The auth key (<c>TRANSLOADIT_KEY</c>).</summary>
    public string? Key { get; set; }

    /// <summary>The auth secret (<c>TRANSLOADIT_SECRET</c>). It signs requests and never leaves the process.</summary>
    public string? Secret { get; set; }

    /// <summary>The API endpoint (<c>TRANSLOADIT_ENDPOINT</c>); <see cref="DefaultEndpoint"/> when none is given.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>Whether the environment and <c>.env</c> are read for what is not set here. The default is true.</summary>
    public bool ReadEnvironment { get; set; } = true;

    /// <summary>Where <c>.env</c> is looked for; the current directory when null.</summary>
    public string? WorkingDirectory { get; set; }

    /// <summary>How far ahead <c>auth.expires</c> is set. The default is one hour.</summary>
    public TimeSpan SignatureLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The first delay between status polls, doubled up to 5 s. The default is 500 ms.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long a remote run may take, uploads, execution and downloads together. The default is 30 minutes.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The first retry delay of a request that failed with 429, 5xx or a dropped connection (a <c>Retry-After</c> wins). The default is 1 s.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The largest result file downloaded. The default is 1 GiB.</summary>
    public long MaxDownloadBytes { get; set; } = 1024L * 1024 * 1024;

    /// <summary>
    /// The largest JSON answer read (an assembly's status, a template), counted as it arrives. The default is 16 MiB:
    /// statuses are a few KB, and a status is held in memory whole while it is read.
    /// </summary>
    public long MaxStatusBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>The template to run the assembly with (<c>template_id</c>), if any.</summary>
    public string? TemplateId { get; set; }
}
