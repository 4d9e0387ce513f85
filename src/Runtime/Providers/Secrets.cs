using System;
using System.Collections.Concurrent;
using System.Linq;

namespace ImageSdk.Providers;

/// <summary>
/// The keys this process holds, so that nothing surfaced (a step error, a log line, a result) can carry one, even when a
/// provider echoes it back in an error body. Providers register their key when they are created.
/// </summary>
public static class Secrets
{
    private const string Mask = "[redacted]";
    private static readonly ConcurrentDictionary<string, byte> s_secrets = new(StringComparer.Ordinal);

    /// <summary>Remembers a secret; values shorter than 6 characters are not (they would blank ordinary words).</summary>
    public static void Register(string? secret)
    {
        if (secret is { Length: >= 6 })
        {
            s_secrets.TryAdd(secret, 0);
        }
    }

    /// <summary><paramref name="text"/> with every registered secret replaced by <c>[redacted]</c>.</summary>
    public static string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text) || s_secrets.IsEmpty)
        {
            return text ?? string.Empty;
        }

        foreach (var secret in s_secrets.Keys.OrderByDescending(s => s.Length))
        {
            if (text.Contains(secret, StringComparison.Ordinal))
            {
                text = text.Replace(secret, Mask, StringComparison.Ordinal);
            }
        }

        return text;
    }
}
