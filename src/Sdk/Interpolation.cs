using System;

namespace ImageSdk;

/// <summary>
/// A string holding a <c>${...}</c> Assembly Variable, filled in from <c>fields</c> at run time.
/// Every parameter except <c>robot</c> and <c>use</c> accepts one, numbers and booleans included.
/// </summary>
public readonly struct Interpolation : IEquatable<Interpolation>
{
    private readonly string? _text;

    private Interpolation(string text) => _text = text;

    /// <summary>The text, e.g. <c>${fields.seed}</c>.</summary>
    public string Text => _text ?? string.Empty;

    /// <summary>The variable <c>${fields.NAME}</c>.</summary>
    /// <param name="name">The field name.</param>
    public static Interpolation Field(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return new Interpolation("${fields." + name + "}");
    }

    /// <summary>Wraps a text that holds at least one <c>${...}</c>.</summary>
    /// <param name="text">The text, e.g. <c>${fields.width}</c>.</param>
    /// <exception cref="ArgumentException">The text holds no <c>${...}</c>.</exception>
    public static Interpolation Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!Contains(text))
        {
            throw new ArgumentException($"'{text}' holds no ${{...}} Assembly Variable; write e.g. ${{fields.name}}.", nameof(text));
        }

        return new Interpolation(text);
    }

    /// <summary>Whether <paramref name="text"/> holds a <c>${...}</c> with a non-empty name.</summary>
    /// <param name="text">The text to inspect.</param>
    public static bool Contains(string? text) => Tables.SchemaTables.IsInterpolation(text);

    /// <inheritdoc/>
    public bool Equals(Interpolation other) => string.Equals(Text, other.Text, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Interpolation other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Text);

    /// <inheritdoc/>
    public override string ToString() => Text;

    /// <summary>Compares two interpolations by text.</summary>
    public static bool operator ==(Interpolation left, Interpolation right) => left.Equals(right);

    /// <summary>Compares two interpolations by text.</summary>
    public static bool operator !=(Interpolation left, Interpolation right) => !left.Equals(right);
}
