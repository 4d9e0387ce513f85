using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using ImageSdk.Imaging;
using NetVips;
using Parameter = ImageSdk.ImageResizeStep.ParameterNames;

namespace ImageSdk.Running;

/// <summary>
/// <c>/image/resize</c> on NetVips, per input image, with Transloadit's documented meaning of each
/// <c>resize_strategy</c> (<see cref="ResizeGeometry"/>), <c>gravity</c>, <c>crop</c>, <c>zoom</c>, <c>background</c>,
/// <c>rotation</c>, <c>format</c>, <c>quality</c> and <c>strip</c>. <c>imagemagick_stack</c> is accepted and changes
/// nothing; any other parameter the step sets is not applied here, with a notice.
/// </summary>
internal sealed class ImageResizeExecutor : IStepExecutor
{
    /// <summary>The parameters this executor applies (or, for the shared ones, the runner does).</summary>
    private static readonly HashSet<string> s_applied = new(StringComparer.Ordinal)
    {
        "robot", Parameter.Use, Parameter.Width, Parameter.Height, Parameter.ResizeStrategy, Parameter.Gravity, Parameter.Crop, Parameter.Zoom,
        Parameter.Format, Parameter.Quality, Parameter.Background, Parameter.Strip, Parameter.Rotation, Parameter.ImagemagickStack, Parameter.Flatten,
        Parameter.Progressive, Parameter.Interpolate, Parameter.OutputMeta, Parameter.Result, Parameter.Queue, Parameter.ForceAccept, Parameter.IgnoreErrors,
    };

    public string Robot => ImageResizeStep.RobotName;

    public StepPlan Plan(StepContext context) => StepPlan.Local(context);

    public Task<IReadOnlyList<ResultFile>> ExecuteAsync(StepPlan plan, StepContext context) => RunAsync(context.Instructions, context.Run);

    private static async Task<IReadOnlyList<ResultFile>> RunAsync(StepInstructions step, RunContext context)
    {
        var settings = Settings.Read(step);
        LocalImageStep.WarnUnapplied(step, context, s_applied);
        var (images, passed) = await LocalImageStep.InputsAsync(step, context, step.Flag(Parameter.ForceAccept)).ConfigureAwait(false);
        return await LocalImageStep.ForEachAsync(step, context, images, passed, async input =>
        {
            var (bytes, format, width, height) = Resize(LocalImageStep.Read(input, context), input, settings, context.Options);
            return await LocalImageStep.WriteAsync(step, context, input, bytes, format, width, height).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    /// <summary>The step's parameters, read once.</summary>
    internal sealed record Settings(
        int? Width, int? Height, ImageResizeResizeStrategy Strategy, ImageResizeGravity Gravity, CropRect? Crop, bool Zoom, string? Format,
        int Quality, bool Strip, bool Progressive, double[]? Background, bool Flatten, bool AutoRotate, double Rotate)
    {
        public static Settings Read(StepInstructions step)
        {
            var robot = ImageResizeStep.RobotName;
            var strategyText = step.Text(Parameter.ResizeStrategy) ?? LocalImageStep.DefaultOf(robot, Parameter.ResizeStrategy);
            if (!ImageResizeResizeStrategyExtensions.TryParse(strategyText, out var strategy))
            {
                throw new StepException("IMAGE_RESIZE_VALIDATION", $"resize_strategy '{strategyText}' is not one of crop, fillcrop, fit, min_fit, pad, stretch");
            }

            var gravityText = step.Text(Parameter.Gravity) ?? LocalImageStep.DefaultOf(robot, Parameter.Gravity);
            if (!ImageResizeGravityExtensions.TryParse(gravityText, out var gravity))
            {
                throw new StepException("IMAGE_RESIZE_VALIDATION", $"gravity '{gravityText}' is not a gravity Transloadit knows");
            }

            var crop = step.TryValue(Parameter.Crop, out var cropValue) ? CropRect.Parse(cropValue) : null;
            if (crop is not null)
            {
                strategy = ImageResizeResizeStrategy.Crop; // Transloadit: crop coordinates imply the crop strategy, and width and height are ignored
            }

            var format = step.Text(Parameter.Format);
            if (format is not null && ImageEncoder.Canonical(format) is null)
            {
                throw new StepException("IMAGE_RESIZE_VALIDATION", $"format '{format}' cannot be written by the local runner (it writes {ImageEncoder.Formats}); run with --remote transloadit for other formats");
            }

            var background = step.Text(Parameter.Background) ?? LocalImageStep.DefaultOf(robot, Parameter.Background) ?? "#FFFFFF";
            var (autoRotate, rotate) = Rotation(step);
            return new Settings(
                Side(step, Parameter.Width), Side(step, Parameter.Height), strategy, gravity, crop, Switch(step, Parameter.Zoom, robot), ImageEncoder.Canonical(format),
                (int)Math.Clamp(step.Number(Parameter.Quality) ?? double.Parse(LocalImageStep.DefaultOf(robot, Parameter.Quality) ?? "92", CultureInfo.InvariantCulture), 1, 100),
                Switch(step, Parameter.Strip, robot), Switch(step, Parameter.Progressive, robot), Colour(background), Switch(step, Parameter.Flatten, robot), autoRotate, rotate);
        }

        private static int? Side(StepInstructions step, string name) => step.Integer(name, out _) is { } value
            ? value >= 1 ? (int)Math.Min(value, int.MaxValue) : throw new StepException("IMAGE_RESIZE_VALIDATION", $"{name} is {value}; it must be at least 1")
            : null;

        /// <summary>A boolean parameter, or its schema default when the step does not set it.</summary>
        private static bool Switch(StepInstructions step, string name, string robot) =>
            step.TryValue(name, out var value) ? value is true or "true" : LocalImageStep.DefaultOf(robot, name) == "true";

        /// <summary><c>rotation</c>: true, "true" and "auto" (the default) turn the image upright by its EXIF orientation; false leaves it; a number also rotates it by so many degrees.</summary>
        private static (bool Auto, double Degrees) Rotation(StepInstructions step)
        {
            if (!step.TryValue(Parameter.Rotation, out var value) || value is true or "true" || (value is string text && ImageResizeRotationExtensions.TryParse(text, out _)))
            {
                return (true, 0);
            }

            return value is false or "false" ? (false, 0) : (true, step.Number(Parameter.Rotation) ?? 0);
        }

        /// <summary>A background colour as RGBA 0-255: #rgb, #rrggbb (with or without #), or one of the schema's named colours; null for transparent.</summary>
        private static double[]? Colour(string text)
        {
            if (ImageResizeBackgroundExtensions.TryParse(text, out var named))
            {
                return named switch
                {
                    ImageResizeBackground.Transparent or ImageResizeBackground.None => null,
                    ImageResizeBackground.White => new double[] { 255, 255, 255, 255 },
                    ImageResizeBackground.Red => new double[] { 255, 0, 0, 255 },
                    ImageResizeBackground.Green => new double[] { 0, 128, 0, 255 },
                    ImageResizeBackground.Blue => new double[] { 0, 0, 255, 255 },
                    ImageResizeBackground.Yellow => new double[] { 255, 255, 0, 255 },
                    ImageResizeBackground.Cyan => new double[] { 0, 255, 255, 255 },
                    ImageResizeBackground.Magenta => new double[] { 255, 0, 255, 255 },
                    ImageResizeBackground.Gray or ImageResizeBackground.Grey => new double[] { 190, 190, 190, 255 },
                    _ => new double[] { 0, 0, 0, 255 }, // black, opaque
                };
            }

            var hex = text.TrimStart('#');
            if (hex.Length == 3)
            {
                hex = string.Concat(hex.Select(c => new string(c, 2)));
            }

            if (hex.Length != 6 || !int.TryParse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var rgb))
            {
                throw new StepException("IMAGE_RESIZE_VALIDATION", $"background '{text}' is not a colour: give #rgb, #rrggbb or a colour name");
            }

            return new double[] { (rgb >> 16) & 255, (rgb >> 8) & 255, rgb & 255, 255 };
        }
    }

    /// <summary>Resizes one image: its bytes in the output format, and the output's size.</summary>
    internal static (byte[] Bytes, string Format, int Width, int Height) Resize(byte[] bytes, ResultFile input, Settings settings, RunOptions options)
    {
        string loader;
        int width, height;
        bool swapped;
        try
        {
            using var header = Image.NewFromBuffer(bytes, access: Enums.Access.Sequential);
            (width, height) = (header.Width, header.Height);
            loader = header.Contains("vips-loader") ? header.Get("vips-loader") as string ?? string.Empty : string.Empty;
            swapped = settings.AutoRotate && header.Contains("orientation") && header.Get("orientation") is int orientation && orientation >= 5;
        }
        catch (VipsException ex)
        {
            throw new ImageInputException($"'{input.Name}' cannot be decoded: {StepException.FirstLine(ex.Message)}", ex);
        }

        if ((long)width * height > options.MaxPixels && !loader.StartsWith("svg", StringComparison.Ordinal))
        {
            throw new ImageInputException($"'{input.Name}' is {width}x{height} = {(long)width * height / 1e6:0.#} megapixels; the limit is {options.MaxPixels / 1e6:0.#} megapixels (checked from its header, before decoding)");
        }

        var format = settings.Format ?? ImageEncoder.Canonical(ImageOps.FormatOfMimeType(input.Mime) ?? loader.Split("load")[0]) ?? "png";
        var right = Math.Abs(settings.Rotate % 90) < 1e-9 ? (int)Math.Round(settings.Rotate / 90) & 3 : -1;
        var (w, h) = swapped ^ (right is 1 or 3) ? (height, width) : (width, height);
        var plan = settings.Crop is { } crop
            ? ResizeGeometry.PlanCrop(w, h, crop)
            : ResizeGeometry.Plan(w, h, settings.Width, settings.Height, settings.Strategy, settings.Zoom);
        foreach (var (pw, ph, what) in new[] { (plan.ScaledWidth, plan.ScaledHeight, "scaled"), (plan.Width, plan.Height, "output") })
        {
            if ((long)pw * ph > options.MaxPixels)
            {
                throw new StepException("IMAGE_TOO_LARGE", $"resizing '{input.Name}' ({w}x{h}) with resize_strategy {settings.Strategy.ToJsonValue()} to {settings.Width?.ToString(CultureInfo.InvariantCulture) ?? "auto"}x{settings.Height?.ToString(CultureInfo.InvariantCulture) ?? "auto"} makes a {what} image of {pw}x{ph} = {(long)pw * ph / 1e6:0.#} megapixels; the limit is {options.MaxPixels / 1e6:0.#} megapixels (RunOptions.MaxPixels): ask for a smaller width and height");
            }
        }

        using var scope = new ImageScope();
        Image image;
        if (right == 0 && settings.Crop is null)
        {
            // The common case in one libvips call: decode (shrink-on-load where the format has it), orient and scale.
            image = scope.Keep(Image.ThumbnailBuffer(bytes, plan.ScaledWidth, height: plan.ScaledHeight, size: Enums.Size.Force, noRotate: !settings.AutoRotate));
        }
        else
        {
            image = scope.Keep(Image.NewFromBuffer(bytes, access: Enums.Access.Random));
            if (settings.AutoRotate)
            {
                image = scope.Keep(image.Autorot());
            }

            if (right > 0)
            {
                image = scope.Keep(image.Rot(right switch { 1 => Enums.Angle.D90, 2 => Enums.Angle.D180, _ => Enums.Angle.D270 }));
            }
            else if (right < 0)
            {
                image = scope.Keep(WithAlpha(image, scope).Rotate(settings.Rotate, background: settings.Background ?? new double[] { 0, 0, 0, 0 }));
                (w, h) = (image.Width, image.Height);
                plan = ResizeGeometry.Plan(w, h, settings.Width, settings.Height, settings.Strategy, settings.Zoom);
            }

            if (settings.Crop is { } rect)
            {
                var (left, top, cw, ch) = rect.Resolve(image.Width, image.Height);
                image = scope.Keep(image.ExtractArea(left, top, cw, ch));
            }
            else if (plan.ScaledWidth != image.Width || plan.ScaledHeight != image.Height)
            {
                image = scope.Keep(image.ThumbnailImage(plan.ScaledWidth, height: plan.ScaledHeight, size: Enums.Size.Force, noRotate: true));
            }
        }

        if (plan.Width != image.Width || plan.Height != image.Height)
        {
            image = plan.Width <= image.Width && plan.Height <= image.Height
                ? CropAt(image, plan.Width, plan.Height, settings.Gravity, scope)
                : PadAt(image, plan.Width, plan.Height, settings.Gravity, settings.Background, scope);
        }

        if (image.HasAlpha() && (format == "jpeg" || (settings.Flatten && settings.Background is not null)))
        {
            // Transloadit flattens transparent images on the background (white unless background says otherwise).
            var colour = settings.Background ?? new double[] { 255, 255, 255, 255 };
            image = scope.Keep(image.Flatten(background: colour.Take(image.Bands - 1).ToArray()));
        }

        var encoded = ImageEncoder.Encode(image, format, new EncodeSettings(settings.Quality, KeepMetadata: !settings.Strip, settings.Progressive), settings.Background);
        return (encoded, format, image.Width, image.Height);
    }

    /// <summary>A <paramref name="width"/> x <paramref name="height"/> window of the image at the gravity (attention and entropy: libvips' smart crop).</summary>
    private static Image CropAt(Image image, int width, int height, ImageResizeGravity gravity, ImageScope scope)
    {
        if (gravity is ImageResizeGravity.Attention or ImageResizeGravity.Entropy)
        {
            return scope.Keep(image.Smartcrop(width, height, interesting: gravity == ImageResizeGravity.Attention ? Enums.Interesting.Attention : Enums.Interesting.Entropy));
        }

        var (x, y) = ResizeGeometry.Offset(gravity, image.Width - width, image.Height - height);
        return scope.Keep(image.ExtractArea(x, y, width, height));
    }

    /// <summary>The image on a <paramref name="width"/> x <paramref name="height"/> canvas of the background, at the gravity (cropped where it is larger).</summary>
    private static Image PadAt(Image image, int width, int height, ImageResizeGravity gravity, double[]? background, ImageScope scope)
    {
        if (image.Width > width || image.Height > height)
        {
            image = CropAt(image, Math.Min(width, image.Width), Math.Min(height, image.Height), gravity, scope);
        }

        if (background is null)
        {
            image = WithAlpha(image, scope);
        }

        var (x, y) = ResizeGeometry.Offset(gravity, width - image.Width, height - image.Height);
        var colour = (background ?? new double[] { 0, 0, 0, 0 }).Take(image.Bands).ToArray();
        return scope.Keep(image.Embed(x, y, width, height, extend: Enums.Extend.Background, background: colour));
    }

    private static Image WithAlpha(Image image, ImageScope scope) => image.HasAlpha() ? image : scope.Keep(image.Bandjoin(255));
}

/// <summary>A <c>crop</c> rectangle: corners in pixels, or in percent of the image (<c>"25%"</c>); a missing corner is the image's own.</summary>
internal sealed record CropRect(string? X1, string? Y1, string? X2, string? Y2)
{
    /// <summary>The step's <c>crop</c> (an object, or a JSON text of one), or null when it names no corner.</summary>
    public static CropRect? Parse(object? value)
    {
        if (value is string json)
        {
            try
            {
                using var doc = System.Text.Json.JsonDocument.Parse(json);
                value = doc.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object
                    ? doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object?)(p.Value.ValueKind == System.Text.Json.JsonValueKind.Number ? p.Value.GetDouble() : p.Value.ValueKind == System.Text.Json.JsonValueKind.String ? p.Value.GetString() : null), StringComparer.Ordinal)
                    : null;
            }
            catch (System.Text.Json.JsonException)
            {
                throw new StepException("IMAGE_RESIZE_VALIDATION", "crop is a string that is not a JSON object of x1, y1, x2 and y2");
            }
        }

        if (value is not IReadOnlyDictionary<string, object?> corners)
        {
            return null;
        }

        string? Corner(string key) => corners.TryGetValue(key, out var v) ? v switch
        {
            double d => d.ToString(CultureInfo.InvariantCulture),
            string s => s.Trim(),
            _ => null,
        } : null;

        var rect = new CropRect(Corner("x1"), Corner("y1"), Corner("x2"), Corner("y2"));
        return rect is { X1: null, Y1: null, X2: null, Y2: null } ? null : rect;
    }

    /// <summary>The rectangle within a <paramref name="width"/> x <paramref name="height"/> image: left, top, width, height (at least 1 x 1).</summary>
    public (int Left, int Top, int Width, int Height) Resolve(int width, int height)
    {
        var x1 = Math.Clamp(Coordinate(X1, width, 0), 0, width - 1);
        var y1 = Math.Clamp(Coordinate(Y1, height, 0), 0, height - 1);
        var x2 = Math.Clamp(Coordinate(X2, width, width), x1 + 1, width);
        var y2 = Math.Clamp(Coordinate(Y2, height, height), y1 + 1, height);
        return (x1, y1, x2 - x1, y2 - y1);
    }

    private static int Coordinate(string? text, int size, int missing)
    {
        if (string.IsNullOrEmpty(text))
        {
            return missing;
        }

        var percent = text.EndsWith('%');
        var number = text.TrimEnd('%');
        if (number.EndsWith("px", StringComparison.OrdinalIgnoreCase))
        {
            number = number[..^2];
        }

        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || double.IsNaN(value) || double.IsInfinity(value))
        {
            throw new StepException("IMAGE_RESIZE_VALIDATION", $"crop corner '{text}' is not a number of pixels or a percentage");
        }

        return (int)Math.Round(percent ? size * value / 100 : Math.Clamp(value, int.MinValue, int.MaxValue));
    }
}

/// <summary>The sizes of a resize: the image is scaled to <c>Scaled*</c>, then cropped or padded to the output size.</summary>
internal readonly record struct ResizePlan(int ScaledWidth, int ScaledHeight, int Width, int Height);

/// <summary>
/// Transloadit's resize strategies (docs: "Resize Strategies"), as sizes. For a W x H image and a w x h target (a missing
/// side is the image's own):
/// <list type="bullet">
/// <item><c>fit</c>: scaled by the larger side, ratio kept, each side at most the target (400x300 into 100x100: 100x75).</item>
/// <item><c>min_fit</c>: scaled by the smaller side, ratio kept, each side at least the target (400x300: 133x100).</item>
/// <item><c>fillcrop</c>: scaled to cover the target, ratio kept, the excess cut at the gravity: exactly w x h.</item>
/// <item><c>pad</c>: scaled as fit, placed on a w x h canvas of the background at the gravity: exactly w x h.</item>
/// <item><c>stretch</c>: w x h exactly, ratio ignored.</item>
/// <item><c>crop</c>: a w x h area cut out at the gravity, unscaled; an image smaller than the area is zoomed to cover it first.</item>
/// </list>
/// With <c>zoom: false</c> an image is never enlarged: fit, min_fit and fillcrop scale by at most 1, pad centres a smaller
/// image on the full canvas, stretch and crop leave a smaller image as it is.
/// </summary>
internal static class ResizeGeometry
{
    /// <summary>The plan for a <paramref name="width"/> x <paramref name="height"/> image (after orientation).</summary>
    public static ResizePlan Plan(int width, int height, int? targetWidth, int? targetHeight, ImageResizeResizeStrategy strategy, bool zoom)
    {
        var (tw, th) = (targetWidth ?? width, targetHeight ?? height);
        var (sx, sy) = ((double)tw / width, (double)th / height);
        switch (strategy)
        {
            case ImageResizeResizeStrategy.Fit:
            case ImageResizeResizeStrategy.MinFit:
            {
                var (sw, sh) = Scale(width, height, tw, th, strategy == ImageResizeResizeStrategy.Fit ? Math.Min(sx, sy) : Math.Max(sx, sy), zoom);
                return new ResizePlan(sw, sh, sw, sh);
            }

            case ImageResizeResizeStrategy.Fillcrop:
            {
                var (sw, sh) = Scale(width, height, tw, th, Math.Max(sx, sy), zoom);
                return new ResizePlan(sw, sh, Math.Min(tw, sw), Math.Min(th, sh));
            }

            case ImageResizeResizeStrategy.Pad:
            {
                var (sw, sh) = Scale(width, height, tw, th, Math.Min(sx, sy), zoom);
                return new ResizePlan(sw, sh, tw, th);
            }

            case ImageResizeResizeStrategy.Stretch:
                return !zoom && width <= tw && height <= th ? new ResizePlan(width, height, width, height) : new ResizePlan(tw, th, tw, th);

            default: // crop
                if (width >= tw && height >= th)
                {
                    return new ResizePlan(width, height, tw, th);
                }

                if (!zoom)
                {
                    return new ResizePlan(width, height, Math.Min(tw, width), Math.Min(th, height));
                }

                var (cw, ch) = Scale(width, height, tw, th, Math.Max(sx, sy), zoom: true);
                return new ResizePlan(cw, ch, tw, th);
        }
    }

    /// <summary>The plan of a crop by coordinates: the rectangle, unscaled (width and height are ignored, as Transloadit documents).</summary>
    public static ResizePlan PlanCrop(int width, int height, CropRect crop)
    {
        var (_, _, w, h) = crop.Resolve(width, height);
        return new ResizePlan(w, h, w, h);
    }

    /// <summary>Where a window or an image goes along free space (<paramref name="dx"/>, <paramref name="dy"/>) at the gravity.</summary>
    public static (int X, int Y) Offset(ImageResizeGravity gravity, int dx, int dy)
    {
        var x = gravity switch
        {
            ImageResizeGravity.Left or ImageResizeGravity.TopLeft or ImageResizeGravity.BottomLeft => 0,
            ImageResizeGravity.Right or ImageResizeGravity.TopRight or ImageResizeGravity.BottomRight => dx,
            _ => dx / 2,
        };
        var y = gravity switch
        {
            ImageResizeGravity.Top or ImageResizeGravity.TopLeft or ImageResizeGravity.TopRight => 0,
            ImageResizeGravity.Bottom or ImageResizeGravity.BottomLeft or ImageResizeGravity.BottomRight => dy,
            _ => dy / 2,
        };
        return (x, y);
    }

    /// <summary>
    /// The size at <paramref name="scale"/> (at most 1 without zoom), each side rounded to the nearest pixel and at least 1;
    /// the side the scale was taken from lands exactly on its target.
    /// </summary>
    private static (int Width, int Height) Scale(int width, int height, int tw, int th, double scale, bool zoom)
    {
        if (!zoom && scale > 1)
        {
            return (width, height);
        }

        var sw = scale == (double)tw / width ? tw : Math.Max(1, (int)Math.Min(int.MaxValue, Math.Round(width * scale, MidpointRounding.AwayFromZero)));
        var sh = scale == (double)th / height ? th : Math.Max(1, (int)Math.Min(int.MaxValue, Math.Round(height * scale, MidpointRounding.AwayFromZero)));
        return (sw, sh);
    }
}
