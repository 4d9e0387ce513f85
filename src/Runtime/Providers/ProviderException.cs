using System;

namespace ImageSdk.Providers;

/// <summary>
/// A provider call failed in a way the step reports as its error: <see cref="Code"/> is the step's error code, and the
/// message says what happened in words a user can act on. Messages never hold a key: everything taken from a response
/// passes through <see cref="Secrets.Redact"/>.
/// </summary>
public sealed class ProviderException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="code">The step error code, e.g. <c>PROVIDER_AUTH_FAILED</c>.</param>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The cause, if any.</param>
    public ProviderException(string code, string message, Exception? innerException = null)
        : base(Secrets.Redact(message), innerException) => Code = code;

    /// <summary>The step error code.</summary>
    public string Code { get; }
}

/// <summary>The step error codes of provider calls.</summary>
public static class ProviderErrors
{
    /// <summary>The provider rejected the key (401/403, or Gemini's API_KEY_INVALID).</summary>
    public const string AuthFailed = "PROVIDER_AUTH_FAILED";

    /// <summary>A step named a provider whose key is not configured.</summary>
    public const string NotConfigured = "PROVIDER_NOT_CONFIGURED";

    /// <summary>The provider refused the request (400/404/422): the message is the provider's.</summary>
    public const string Rejected = "PROVIDER_REQUEST_REJECTED";

    /// <summary>Still 429 after the retries.</summary>
    public const string RateLimited = "PROVIDER_RATE_LIMITED";

    /// <summary>Still 5xx or unreachable after the retries, or the circuit is open.</summary>
    public const string Unavailable = "PROVIDER_UNAVAILABLE";

    /// <summary>No answer in time; for a paid create call the message says it may have been billed.</summary>
    public const string Timeout = "PROVIDER_TIMEOUT";

    /// <summary>The provider answered with something that is not its documented format (malformed JSON, a wrong content type).</summary>
    public const string BadResponse = "PROVIDER_BAD_RESPONSE";

    /// <summary>A response or an output is larger than <see cref="ProviderOptions.MaxResponseBytes"/>.</summary>
    public const string TooLarge = "PROVIDER_RESPONSE_TOO_LARGE";

    /// <summary>The provider's safety system refused the prompt or the image.</summary>
    public const string SafetyRefusal = "PROVIDER_SAFETY_REFUSAL";

    /// <summary>The prediction ran and failed, or returned no image.</summary>
    public const string Failed = "PROVIDER_GENERATION_FAILED";
}
