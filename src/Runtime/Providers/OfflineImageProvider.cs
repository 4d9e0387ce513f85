using System;
using System.Collections.Generic;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using ImageSdk.Imaging;
using NetVips;

namespace ImageSdk.Providers;

/// <summary>
/// A deterministic local renderer for development and tests, the default when no provider credentials are configured.
/// The same prompt, model, seed, size and inputs give identical bytes.
/// <list type="bullet">
/// <item>Inpainting (an image and a mask) is a real content-aware fill: the masked area is filled with patches of the
/// picture around it, so it continues its surroundings (<see cref="ContentAwareFill"/>); the prompt is not read.</item>
/// <item>Everything else is a labelled placeholder: a scene drawn from the hash of the inputs (sky, sun, hills, a few
/// shapes), captioned with the prompt, the model, the seed and "(offline)", so a person can tell what made it. recraft-v3
/// asked for svg gets an SVG drawing of the same scene.</item>
/// </list>
/// </summary>
public sealed class OfflineImageProvider : IImageProvider
{
    /// <summary>The provider name, <c>offline</c>.</summary>
    public const string ProviderName = "offline";

    /// <inheritdoc/>
    public string Name => ProviderName;

    /// <inheritdoc/>
    public bool IsConfigured => true;

    /// <inheritdoc/>
    public int MaxConcurrency => Math.Max(1, Environment.ProcessorCount);

    /// <inheritdoc/>
    public Task<IReadOnlyList<ProviderImage>> GenerateAsync(ProviderRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var images = new List<ProviderImage>(request.Count);
        for (var k = 0; k < request.Count; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var seed = request.Seed + k;
            if (request is { Image: { } image, Mask: { } mask } && request.Format != "svg" && Fill(image, mask, seed, cancellationToken) is { } filled)
            {
                images.Add(new ProviderImage(filled, "png", seed));
                continue;
            }

            var scene = new Scene(Hash(request, seed));
            images.Add(request.Format == "svg"
                ? new ProviderImage(Encoding.UTF8.GetBytes(scene.Svg(request, seed)), "svg", seed)
                : new ProviderImage(scene.Png(request, seed), "png", seed));
        }

        return Task.FromResult<IReadOnlyList<ProviderImage>>(images);
    }

    /// <summary>
    /// The image with the mask's white area filled from the rest of it (<see cref="ContentAwareFill"/>), as a PNG of the
    /// image's size; null when nothing lies outside the mask to continue from.
    /// </summary>
    private static byte[]? Fill(ProviderFile image, ProviderFile mask, long seed, CancellationToken cancellationToken)
    {
        using var scope = new ImageScope();
        var picture = scope.Keep(Image.NewFromBuffer(image.Bytes));
        var area = scope.Keep(Image.NewFromBuffer(mask.Bytes));
        if (area.Width != picture.Width || area.Height != picture.Height)
        {
            area = scope.Keep(area.Resize((double)picture.Width / area.Width, kernel: Enums.Kernel.Nearest, vscale: (double)picture.Height / area.Height));
        }

        using var pixels = ImageOps.Pixels(picture);
        using var marks = ImageOps.Pixels(area);
        var rgb = new byte[pixels.Width * pixels.Height * 3];
        var hole = new byte[pixels.Width * pixels.Height];
        var source = pixels.Span;
        var white = marks.Span;
        for (var i = 0; i < hole.Length; i++)
        {
            source.Slice(i * pixels.Channels, 3).CopyTo(rgb.AsSpan(i * 3, 3));
            hole[i] = white[i * marks.Channels] >= 128 ? (byte)1 : (byte)0; // white repaints
        }

        if (!ContentAwareFill.Fill(rgb, pixels.Width, pixels.Height, 3, hole, seed, cancellationToken))
        {
            return null;
        }

        using var filled = scope.Keep(Image.NewFromMemory(rgb, pixels.Width, pixels.Height, 3, Enums.BandFormat.Uchar)).Copy(interpretation: Enums.Interpretation.Srgb);
        return filled.PngsaveBuffer(compression: 6);
    }

    private static byte[] Hash(ProviderRequest request, long seed)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes(string.Join("\n", request.Prompt, request.Model.Id, seed.ToString(CultureInfo.InvariantCulture), request.Width, request.Height, request.Style ?? string.Empty)));
        if (request.Image is { } image)
        {
            sha.AppendData(image.Bytes);
        }

        if (request.Mask is { } mask)
        {
            sha.AppendData(mask.Bytes);
        }

        return sha.GetHashAndReset();
    }

    /// <summary>A scene drawn from 32 hash bytes.</summary>
    private sealed class Scene(byte[] h)
    {
        /// <summary>The most characters of the prompt in a caption.</summary>
        private const int MaxCaptionPrompt = 160;

        private double[] Sky => Colour(0, 140, 255);

        private double[] Ground => Colour(3, 40, 160);

        private double[] Sun => new double[] { 255, 200 + (h[6] % 56), 60 + (h[7] % 120) };

        public byte[] Png(ProviderRequest request, long seed)
        {
            var (w, hgt) = (request.Width, request.Height);
            var sky = Sky;
            var ground = Ground;
            var sun = Sun;

            // Sky: a vertical gradient from the sky colour to a lighter one.
            using var scope = new ImageScope();
            var t = scope.Keep(scope.Keep(scope.Keep(Image.Xyz(w, hgt)).ExtractBand(1)).Linear(new[] { 1.0 / Math.Max(1, hgt - 1) }, new[] { 0.0 })); // 0..1 down the image
            var gradient = scope.Keep(scope.Keep(t.Linear(new[] { 90.0 }, new[] { 0.0 })).Bandjoin(scope.Keep(t.Linear(new[] { 60.0 }, new[] { 0.0 })), scope.Keep(t.Linear(new[] { 40.0 }, new[] { 0.0 }))));
            var tint = scope.Keep(scope.Keep(Image.Black(w, hgt, bands: 3)).NewFromImage(sky));
            var canvas = scope.Keep(scope.Keep(scope.Keep(gradient + tint).Cast(Enums.BandFormat.Uchar)).Copy(interpretation: Enums.Interpretation.Srgb));

            var sunX = (int)(w * (0.15 + (0.7 * (h[8] / 255.0))));
            var sunY = (int)(hgt * (0.1 + (0.3 * (h[9] / 255.0))));
            var sunR = (int)(Math.Min(w, hgt) * (0.06 + (0.08 * (h[10] / 255.0))));
            var shapes = 3 + (h[11] % 4);

            // Images are disposed as soon as they are done with: their pixels live in native memory, which the GC
            // does not see, so leaving them to finalizers lets a run of many outputs grow without bound.
            var drawn = scope.Keep(canvas.Mutate(m =>
            {
                m.DrawCircle(sun, sunX, sunY, Math.Max(1, sunR), fill: true);

                // Hills: overlapping circles along the horizon.
                var horizon = (int)(hgt * (0.55 + (0.15 * (h[12] / 255.0))));
                for (var i = 0; i < 5; i++)
                {
                    var cx = (int)(w * ((i + 0.5) / 5.0)) + ((h[13 + i] % 40) - 20);
                    var r = (int)(Math.Max(w, hgt) * (0.18 + (0.12 * (h[18 + i] / 255.0))));
                    var shade = new[] { ground[0] * (0.8 + (0.05 * i)), ground[1] * (0.8 + (0.05 * i)), ground[2] * (0.8 + (0.05 * i)) };
                    m.DrawCircle(shade, cx, horizon + r - (int)(hgt * 0.08), Math.Max(1, r), fill: true);
                }

                m.DrawRect(ground, 0, horizon + (int)(hgt * 0.12), w, Math.Max(1, hgt - horizon), fill: true);

                // A few shapes in the prompt's colours.
                for (var i = 0; i < shapes; i++)
                {
                    var colour = new double[] { h[(23 + i) % 32], h[(26 + i) % 32], h[(29 + i) % 32] };
                    var x = (int)(w * (h[(i * 5) % 32] / 255.0));
                    var y = (int)(hgt * (0.45 + (0.4 * (h[((i * 5) + 1) % 32] / 255.0))));
                    var size = Math.Max(2, (int)(Math.Min(w, hgt) * (0.03 + (0.05 * (h[((i * 5) + 2) % 32] / 255.0)))));
                    if (i % 2 == 0)
                    {
                        m.DrawRect(colour, x, y, size, size, fill: true);
                    }
                    else
                    {
                        m.DrawCircle(colour, x, y, size / 2, fill: true);
                    }
                }
            }));

            return Caption(scope, drawn, request, seed).PngsaveBuffer(compression: 6);
        }

        public string Svg(ProviderRequest request, long seed)
        {
            string Hex(double[] c) => string.Format(CultureInfo.InvariantCulture, "#{0:x2}{1:x2}{2:x2}", (int)c[0], (int)c[1], (int)c[2]);
            var (w, hgt) = (request.Width, request.Height);
            var sb = new StringBuilder();
            sb.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{hgt}\" viewBox=\"0 0 {w} {hgt}\">");
            sb.Append(CultureInfo.InvariantCulture, $"<defs><linearGradient id=\"sky\" x1=\"0\" y1=\"0\" x2=\"0\" y2=\"1\"><stop offset=\"0\" stop-color=\"{Hex(Sky)}\"/><stop offset=\"1\" stop-color=\"#ffffff\"/></linearGradient></defs>");
            sb.Append(CultureInfo.InvariantCulture, $"<rect width=\"{w}\" height=\"{hgt}\" fill=\"url(#sky)\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{(int)(w * (0.15 + (0.7 * (h[8] / 255.0))))}\" cy=\"{(int)(hgt * (0.1 + (0.3 * (h[9] / 255.0))))}\" r=\"{(int)(Math.Min(w, hgt) * 0.1)}\" fill=\"{Hex(Sun)}\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<rect y=\"{(int)(hgt * 0.65)}\" width=\"{w}\" height=\"{hgt - (int)(hgt * 0.65)}\" fill=\"{Hex(Ground)}\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"16\" y=\"{hgt - 24}\" font-family=\"sans-serif\" font-size=\"{Math.Max(12, hgt / 32)}\" fill=\"#ffffff\">{Escape(CaptionText(request, seed))}</text>");
            sb.Append("</svg>");
            return sb.ToString();
        }

        private static Image Caption(ImageScope scope, Image canvas, ProviderRequest request, long seed)
        {
            var fontSize = Math.Max(8, canvas.Height / 36);
            var text = scope.Keep(Image.Text(
                $"<span foreground=\"white\">{Escape(CaptionText(request, seed))}</span>",
                font: $"sans {fontSize}",
                width: Math.Max(16, canvas.Width - 32),
                dpi: 72,
                rgba: true));
            var bandHeight = Math.Min(canvas.Height, text.Height + 16);
            var band = scope.Keep(scope.Keep(scope.Keep(canvas.Crop(0, canvas.Height - bandHeight, canvas.Width, bandHeight)).Linear(new[] { 0.45 }, new[] { 0.0 })).Cast(Enums.BandFormat.Uchar));
            canvas = scope.Keep(canvas.Insert(band, 0, canvas.Height - bandHeight));
            var top = Math.Max(0, canvas.Height - bandHeight + 8);
            var opaque = scope.Keep(scope.Keep(canvas.Bandjoin(255)).Copy(interpretation: Enums.Interpretation.Srgb));
            var over = scope.Keep(opaque.Composite2(scope.Keep(text.Copy(interpretation: Enums.Interpretation.Srgb)), Enums.BlendMode.Over, x: 16, y: top));
            return scope.Keep(scope.Keep(over.Flatten()).Cast(Enums.BandFormat.Uchar));
        }

        /// <summary>
        /// The caption: the prompt cut to <see cref="MaxCaptionPrompt"/> characters (on a character boundary) with control
        /// characters as spaces, so any prompt that validates renders (Pango rejects control characters, and a long prompt
        /// would cost time and fail in a small image), then the model and the seed.
        /// </summary>
        private static string CaptionText(ProviderRequest request, long seed)
        {
            var prompt = request.Prompt;
            var builder = new StringBuilder(Math.Min(prompt.Length, MaxCaptionPrompt) + 64);
            for (var i = 0; i < prompt.Length && builder.Length < MaxCaptionPrompt; i++)
            {
                var c = prompt[i];
                if (char.IsHighSurrogate(c) && i + 1 < prompt.Length && char.IsLowSurrogate(prompt[i + 1]))
                {
                    builder.Append(c).Append(prompt[++i]);
                }
                else
                {
                    builder.Append(char.IsControl(c) || char.IsSurrogate(c) || c is '\u2028' or '\u2029' or '\uFFFE' or '\uFFFF' ? ' ' : c);
                }
            }

            if (builder.Length < prompt.Length)
            {
                builder.Append('…');
            }

            return builder.Append(CultureInfo.InvariantCulture, $" — {request.Model.Id}, seed {seed} (offline)").ToString();
        }

        private double[] Colour(int offset, int lo, int hi) => new double[]
        {
            lo + (h[offset] % (hi - lo + 1)) * 0.5,
            lo + (h[offset + 1] % (hi - lo + 1)) * 0.7,
            lo + (h[offset + 2] % (hi - lo + 1)),
        };

        private static string Escape(string text) =>
            text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal);
    }
}
