using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;

namespace ImageSdk.Providers;

/// <summary>
/// The keys this process holds, so that nothing surfaced (a step error, a log line, a result) can carry one, even when a
/// provider echoes it back in an error body. Providers register their key when they are created.
/// </summary>
public static class Secrets
{
    private const string Mask = "[redacted]";

    /// <summary>Per secret, the forms it is looked for in: itself in any case, percent-encoded, hex, and base64 at each alignment.</summary>
    private static readonly ConcurrentDictionary<string, (string Text, StringComparison Comparison)[]> s_secrets = new(StringComparer.Ordinal);

    /// <summary>Remembers a secret; values shorter than 6 characters are not (they would blank ordinary words).</summary>
    public static void Register(string? secret)
    {
        if (secret is { Length: >= 6 })
        {
            s_secrets.GetOrAdd(secret, Forms);
        }
    }

    /// <summary>
    /// <paramref name="text"/> with every registered secret replaced by <c>[redacted]</c>: the secret in any letter case,
    /// percent-encoded (as a URL or a form encodes it, or every byte), as hex, and base64-encoded (standard or URL-safe, at
    /// any offset in a longer encoded text, e.g. <c>Basic</c> credentials).
    /// </summary>
    public static string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text) || s_secrets.IsEmpty)
        {
            return text ?? string.Empty;
        }

        foreach (var forms in s_secrets.OrderByDescending(s => s.Key.Length).Select(s => s.Value))
        {
            foreach (var (form, comparison) in forms)
            {
                if (text.Contains(form, comparison))
                {
                    text = text.Replace(form, Mask, comparison);
                }
            }
        }

        return text;
    }

    /// <summary>Every string in <paramref name="node"/> (values and member names) redacted, in place.</summary>
    internal static void RedactAll(JsonNode? node)
    {
        if (!s_secrets.IsEmpty)
        {
            Clean(node);
        }
    }

    /// <summary>The node with its strings redacted: itself (changed in place), or a new value for a string that held a secret.</summary>
    private static JsonNode? Clean(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj.ToList())
                {
                    var cleanName = Redact(name);
                    var cleanValue = Clean(value);
                    if (!string.Equals(cleanName, name, StringComparison.Ordinal))
                    {
                        obj.Remove(name);
                        obj[cleanName] = cleanValue;
                    }
                    else if (!ReferenceEquals(cleanValue, value))
                    {
                        obj[name] = cleanValue;
                    }
                }

                return obj;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    var item = array[i];
                    if (Clean(item) is var clean && !ReferenceEquals(clean, item))
                    {
                        array[i] = clean;
                    }
                }

                return array;
            case JsonValue value when value.TryGetValue<string>(out var text) && Redact(text) is var redacted && !string.Equals(redacted, text, StringComparison.Ordinal):
                return JsonValue.Create(redacted);
            default:
                return node;
        }
    }

    private static (string, StringComparison)[] Forms(string secret)
    {
        var bytes = Encoding.UTF8.GetBytes(secret);
        var forms = new List<(string, StringComparison)>
        {
            (secret, StringComparison.OrdinalIgnoreCase),
            (Uri.EscapeDataString(secret), StringComparison.OrdinalIgnoreCase),
            (System.Net.WebUtility.UrlEncode(secret), StringComparison.OrdinalIgnoreCase),
            (string.Concat(bytes.Select(b => "%" + b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture))), StringComparison.OrdinalIgnoreCase),
            (Convert.ToHexString(bytes), StringComparison.OrdinalIgnoreCase),
        };

        // Base64 of the secret inside a longer text depends on where it starts modulo 3: at each offset, the groups of four
        // characters made of the secret's bytes alone are the same whatever surrounds them.
        for (var offset = 0; offset < 3; offset++)
        {
            var padded = new byte[offset + bytes.Length];
            bytes.CopyTo(padded, offset);
            var encoded = Convert.ToBase64String(padded);
            var first = (offset + 2) / 3;
            var last = (offset + bytes.Length) / 3;
            if ((last - first) * 4 >= 8)
            {
                var core = encoded[(first * 4)..(last * 4)];
                forms.Add((core, StringComparison.Ordinal));
                forms.Add((core.Replace('+', '-').Replace('/', '_'), StringComparison.Ordinal));
            }
        }

        return forms.Distinct().ToArray();
    }
}
