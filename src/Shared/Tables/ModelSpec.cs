using System;
using System.Collections.Generic;

namespace ImageSdk.Tables;

/// <summary>A provider that serves a model, that provider's own id for it, and what the route does natively.</summary>
/// <param name="Provider">The <c>provider</c> value: google, openai or replicate.</param>
/// <param name="ModelId">The provider's model id.</param>
/// <param name="Native">What the route does itself; the runner bridges the rest (conversion, fan-out, compositing).</param>
public sealed record ProviderRoute(string Provider, string ModelId, RouteCapabilities? Native = null);

/// <summary>What one provider route does natively, from <c>schema/models.json</c>.</summary>
/// <param name="Formats">The formats the route returns when asked; others are converted by the runner.</param>
/// <param name="MaxOutputsPerCall">Images one call returns at most; more are fanned out over calls.</param>
/// <param name="AspectRatios">The aspect ratios the route takes; empty when it takes any ratio through a pixel size.</param>
/// <param name="Mask">How the route takes a mask (the runner composites when it takes none).</param>
/// <param name="Seed">Whether the route takes a seed; when not, results say the seed was not used.</param>
/// <param name="Styles">The styles the route takes, when it has its own list.</param>
/// <param name="SvgModelId">The route's model id for svg output, when svg comes from a model of its own (recraft-v3-svg).</param>
/// <param name="MaxInputImages">Input images one call takes: the image plus references (other roles, bundled files); 1 when the route takes one.</param>
/// <param name="SvgStyles">The styles the route's svg model takes, when it has its own list.</param>
/// <param name="ImageSizes">The sizes the route takes: tiers (<c>512</c>, <c>1K</c>, <c>2K</c>, <c>4K</c>: the long side) or
/// <c>WxH</c> values; empty when it takes none (the size follows the ratio, or any pixel size).</param>
/// <param name="SizeInput">The input that carries the size, where the provider's request has no fixed place for it (Replicate's
/// <c>resolution</c>, <c>size</c>); null otherwise.</param>
/// <param name="ImageField">The input that carries the input images (Replicate's <c>image_input</c>, <c>input_images</c>,
/// <c>image_prompt</c>): an array when the route takes more than one image, else one value.</param>
/// <param name="InputRatio">The aspect ratio value that keeps the input's shape on an edit (<c>match_input_image</c>); null when the
/// route has none, so the listed ratio nearest the input's is sent.</param>
/// <param name="FastInput">A boolean input that trades determinism for speed (flux-schnell's <c>go_fast</c>): sent false, as every
/// image claims its seed.</param>
public sealed record RouteCapabilities(
    IReadOnlyList<string> Formats,
    int MaxOutputsPerCall,
    IReadOnlyList<string> AspectRatios,
    MaskConvention Mask,
    bool Seed,
    IReadOnlyList<string> Styles,
    string? SvgModelId,
    int MaxInputImages = 1,
    IReadOnlyList<string>? SvgStyles = null,
    IReadOnlyList<string>? ImageSizes = null,
    string? SizeInput = null,
    string? ImageField = null,
    string? InputRatio = null,
    string? FastInput = null)
{
    /// <summary>The styles the route takes for images of <paramref name="format"/>: its svg list for svg, else its list; empty when it has no list of its own.</summary>
    /// <param name="format">The format asked for.</param>
    public IReadOnlyList<string> StylesFor(string format) =>
        string.Equals(format, "svg", StringComparison.Ordinal) ? SvgStyles ?? Array.Empty<string>() : Styles;

    /// <summary>
    /// The style sent for <paramref name="style"/> on images of <paramref name="format"/>: the style itself when the route has
    /// no list of its own or lists it; else its last path segment when listed (Recraft's <c>vector_illustration/line_art</c> is
    /// recraft-v3-svg's <c>line_art</c>); else null: the route would refuse it.
    /// </summary>
    /// <param name="style">The step's style.</param>
    /// <param name="format">The format asked for.</param>
    public string? StyleFor(string style, string format)
    {
        var styles = StylesFor(format);
        if (styles.Count == 0 || Contains(styles, style))
        {
            return style;
        }

        var last = style.Substring(style.LastIndexOf('/') + 1);
        return Contains(styles, last) ? last : null;
    }

    private static bool Contains(IReadOnlyList<string> values, string value)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (string.Equals(values[i], value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The size of <see cref="ImageSizes"/> for a <paramref name="width"/> x <paramref name="height"/> request: the smallest tier
    /// whose long side holds the request's (the largest when none does), or the <c>WxH</c> value nearest in shape, then in
    /// area; null when the route lists none.
    /// </summary>
    /// <param name="width">The width asked for.</param>
    /// <param name="height">The height asked for.</param>
    public string? ImageSizeFor(int width, int height)
    {
        string? best = null;
        var bestScore = (double.MaxValue, double.MaxValue);
        var longSide = Math.Max(width, height);
        foreach (var size in ImageSizes ?? Array.Empty<string>())
        {
            var parts = size.Split('x');
            (double, double) score;
            if (parts.Length == 2 && int.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var w)
                && int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var h) && w > 0 && h > 0)
            {
                score = (Math.Round(Math.Abs(Math.Log((double)w / h) - Math.Log((double)Math.Max(1, width) / Math.Max(1, height))), 6), Math.Abs(Math.Log((double)w * h / Math.Max(1.0, (double)width * height))));
            }
            else
            {
                var side = size.EndsWith("K", StringComparison.Ordinal) && int.TryParse(size.Substring(0, size.Length - 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var k) ? k * 1024
                    : int.TryParse(size, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var px) ? px : 0;
                score = side >= longSide ? (0, side) : (1, -side); // the smallest that holds it, else the largest
            }

            if (score.CompareTo(bestScore) < 0)
            {
                (best, bestScore) = (size, score);
            }
        }

        return best;
    }
}

/// <summary>Whether a model honours width and height, and their range.</summary>
/// <param name="Supported">Whether width and height are honoured.</param>
/// <param name="Min">The smallest side, if bounded.</param>
/// <param name="Max">The largest side, if bounded.</param>
/// <param name="MultipleOf">The step sides must be a multiple of, if any.</param>
public sealed record SizeSupport(bool Supported, int? Min, int? Max, int? MultipleOf);

/// <summary>What a model can do, from the catalog in <c>schema/models.json</c>.</summary>
/// <param name="Formats">The formats the robot can deliver for the model.</param>
/// <param name="DefaultFormat">The format when none is requested.</param>
/// <param name="ImageInput">Whether the model takes input images.</param>
/// <param name="MaskInput">Whether the model takes a mask.</param>
/// <param name="InputRoles">The <c>use</c> roles (<c>as</c>) the model takes input files in, e.g. image and mask.</param>
/// <param name="RequiredInputs">The input roles the model cannot run without.</param>
/// <param name="MaxOutputsPerCall">Images one provider call returns at most.</param>
/// <param name="AspectRatios">The aspect ratios the model takes; empty when the ratio follows width and height.</param>
/// <param name="DefaultAspectRatio">The aspect ratio when none is requested.</param>
/// <param name="Size">Width and height support.</param>
/// <param name="Styles">The allowed styles; empty when the model has none.</param>
/// <param name="Seed">Whether the model honours seed.</param>
/// <param name="SvgStyles">The styles when the format is svg (a vector model has its own set); empty when the model has no svg styles.</param>
public sealed record ModelCapabilities(
    IReadOnlyList<string> Formats,
    string DefaultFormat,
    bool ImageInput,
    bool MaskInput,
    IReadOnlyList<string> InputRoles,
    IReadOnlyList<string> RequiredInputs,
    int MaxOutputsPerCall,
    IReadOnlyList<string> AspectRatios,
    string DefaultAspectRatio,
    SizeSupport Size,
    IReadOnlyList<string> Styles,
    bool Seed,
    IReadOnlyList<string> SvgStyles)
{
    /// <summary>The styles that apply to images of <paramref name="format"/>: the svg set for svg, the raster set otherwise.</summary>
    /// <param name="format">The output format.</param>
    public IReadOnlyList<string> StylesFor(string format) =>
        string.Equals(format, "svg", System.StringComparison.Ordinal) && SvgStyles.Count > 0 ? SvgStyles : Styles;
}

/// <summary>One model of the catalog.</summary>
/// <param name="Id">The id used in assembly JSON.</param>
/// <param name="Aliases">Other spellings accepted for the id.</param>
/// <param name="DisplayName">A human name.</param>
/// <param name="Description">What the model is.</param>
/// <param name="Providers">The routes that serve it.</param>
/// <param name="Capabilities">What it can do.</param>
/// <param name="MemberName">Its generated <c>ImageModel</c> member, e.g. <c>GoogleNanoBanana</c>.</param>
public sealed record ModelSpec(
    string Id,
    IReadOnlyList<string> Aliases,
    string DisplayName,
    string Description,
    IReadOnlyList<ProviderRoute> Providers,
    ModelCapabilities Capabilities,
    string? MemberName = null)
{
    /// <summary>Whether <paramref name="name"/> is this model's id or one of its aliases.</summary>
    public bool IsNamed(string name)
    {
        if (string.Equals(Id, name, StringComparison.Ordinal))
        {
            return true;
        }

        for (var i = 0; i < Aliases.Count; i++)
        {
            if (string.Equals(Aliases[i], name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>Aspect ratios as <c>W:H</c> text.</summary>
public static class AspectRatio
{
    /// <summary>Reads <c>W:H</c> with positive integers, or returns false.</summary>
    /// <param name="text">The ratio text.</param>
    /// <param name="width">The W part.</param>
    /// <param name="height">The H part.</param>
    public static bool TryParse(string? text, out int width, out int height)
    {
        var colon = text?.IndexOf(':') ?? -1;
        if (colon > 0 && TryParsePositive(text!, 0, colon, out width) && TryParsePositive(text!, colon + 1, text!.Length, out height))
        {
            return true;
        }

        width = height = 0;
        return false;
    }

    /// <summary>
    /// Reads <c>W:H</c> with positive decimal numbers (<c>16:9</c>, <c>2.39:1</c>: digits with an optional fraction, no sign,
    /// no exponent) and returns its shape, W divided by H; or returns false.
    /// </summary>
    /// <param name="text">The ratio text.</param>
    /// <param name="shape">W / H.</param>
    public static bool TryParseShape(string? text, out double shape)
    {
        shape = 0;
        var colon = text?.IndexOf(':') ?? -1;
        if (colon <= 0 || !TryParseDecimal(text!, 0, colon, out var width) || !TryParseDecimal(text!, colon + 1, text!.Length, out var height))
        {
            return false;
        }

        shape = width / height;
        return !double.IsInfinity(shape) && shape > 0;
    }

    /// <summary>A positive decimal between <paramref name="start"/> and <paramref name="end"/>: digits, then optionally '.' and digits.</summary>
    private static bool TryParseDecimal(string text, int start, int end, out double value)
    {
        value = 0;
        var dot = -1;
        for (var i = start; i < end; i++)
        {
            if (text[i] == '.' && dot < 0 && i > start && i < end - 1)
            {
                dot = i;
            }
            else if ((uint)(text[i] - '0') > 9)
            {
                return false;
            }
        }

        return start < end
            && double.TryParse(text.Substring(start, end - start), System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out value)
            && value > 0 && !double.IsInfinity(value);
    }

    /// <summary>Digits only (no sign, no spaces) between <paramref name="start"/> and <paramref name="end"/>, read without a substring.</summary>
    private static bool TryParsePositive(string text, int start, int end, out int value)
    {
        value = 0;
        if (start >= end)
        {
            return false;
        }

        for (var i = start; i < end; i++)
        {
            var digit = text[i] - '0';
            if ((uint)digit > 9 || value > (int.MaxValue - digit) / 10)
            {
                value = 0;
                return false;
            }

            value = value * 10 + digit;
        }

        return value > 0;
    }

    /// <summary>The listed ratio nearest to <paramref name="ratio"/> (integers or decimals, as <see cref="TryParseShape"/> reads it) in shape (by log of W/H), as a model snaps it; null when none is listed.</summary>
    /// <param name="listed">The ratios the model takes.</param>
    /// <param name="ratio">The requested ratio, <c>W:H</c>.</param>
    public static string? Snap(IReadOnlyList<string> listed, string ratio)
    {
        if (!TryParseShape(ratio, out var shape))
        {
            return null;
        }

        var wanted = Math.Log(shape);
        string? best = null;
        var bestDistance = double.MaxValue;
        foreach (var candidate in listed)
        {
            if (TryParseShape(candidate, out var candidateShape))
            {
                var distance = Math.Abs(Math.Log(candidateShape) - wanted);
                if (distance < bestDistance - 1e-12)
                {
                    best = candidate;
                    bestDistance = distance;
                }
            }
        }

        return best;
    }
}
