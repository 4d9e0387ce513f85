using System;

namespace ImageSdk.Remote;

/// <summary>
/// Transloadit answered with an error: <see cref="Code"/> is the API's (e.g. <c>INVALID_SIGNATURE</c>), the message its own.
/// Neither holds a registered secret; the code has its control characters escaped.
/// </summary>
public sealed class TransloaditException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="code">The API's error code.</param>
    /// <param name="message">The API's message, or what went wrong.</param>
    /// <param name="innerException">The cause, if any.</param>
    public TransloaditException(string code, string message, Exception? innerException = null)
        : base(Providers.Secrets.Redact(message), innerException) => Code = Tables.Printable.Escape(Providers.Secrets.Redact(code));

    /// <summary>The API's error code.</summary>
    public string Code { get; }
}
