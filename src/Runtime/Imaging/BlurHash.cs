using System;

namespace ImageSdk.Imaging;

/// <summary>
/// BlurHash encoding (https://blurha.sh), written in-house: it gives the same strings as the reference encoder (woltapp's,
/// npm <c>blurhash</c>) on the same pixels — test vectors recorded from it prove that — and takes the fast path: an sRGB to
/// linear lookup table, precomputed cosines and separable sums (rows first, then columns) instead of one cosine pair per
/// pixel and component.
/// </summary>
public static class BlurHash
{
    private const string Base83 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~";
    private static readonly double[] s_linear = BuildLinearTable();

    /// <summary>Encodes RGBA pixels (4 bytes per pixel, row by row; alpha is ignored, as by the reference).</summary>
    /// <param name="rgba">The pixels.</param>
    /// <param name="width">The width in pixels.</param>
    /// <param name="height">The height in pixels.</param>
    /// <param name="componentsX">Horizontal components, 1..9.</param>
    /// <param name="componentsY">Vertical components, 1..9.</param>
    /// <returns>The BlurHash string.</returns>
    public static string Encode(ReadOnlySpan<byte> rgba, int width, int height, int componentsX = 4, int componentsY = 3) =>
        Encode(rgba, width, height, 4, componentsX, componentsY);

    /// <summary>Encodes RGB (3 bytes per pixel) or RGBA (4) pixels.</summary>
    /// <param name="pixels">The pixels, row by row.</param>
    /// <param name="width">The width in pixels.</param>
    /// <param name="height">The height in pixels.</param>
    /// <param name="channels">3 for RGB, 4 for RGBA.</param>
    /// <param name="componentsX">Horizontal components, 1..9.</param>
    /// <param name="componentsY">Vertical components, 1..9.</param>
    /// <returns>The BlurHash string.</returns>
    public static string Encode(ReadOnlySpan<byte> pixels, int width, int height, int channels, int componentsX, int componentsY)
    {
        if (channels is not (3 or 4))
        {
            throw new ArgumentOutOfRangeException(nameof(channels), "Pixels have 3 (RGB) or 4 (RGBA) channels.");
        }

        var rgba = pixels;
        if (componentsX is < 1 or > 9 || componentsY is < 1 or > 9)
        {
            throw new ArgumentOutOfRangeException(nameof(componentsX), "BlurHash takes 1 to 9 components on each axis.");
        }

        if (width < 1 || height < 1 || (long)width * height * channels != rgba.Length)
        {
            throw new ArgumentException($"{rgba.Length} bytes are not {width}x{height} pixels of {channels} channels.", nameof(pixels));
        }

        // cos(pi * i * x / width) for each component i and column x; the same for rows.
        var cosX = Cosines(componentsX, width);
        var cosY = Cosines(componentsY, height);

        // Separable sums: each row becomes three arrays of linear values (R, G, B), whose dot products with each
        // horizontal cosine give the row's sums; those, weighted by the vertical cosines, add up to the factors.
        var factors = new double[componentsX * componentsY * 3];
        var rowSums = new double[componentsX * 3];
        var r = new double[width];
        var g = new double[width];
        var b = new double[width];
        for (var y = 0; y < height; y++)
        {
            var row = rgba.Slice(y * width * channels, width * channels);
            for (int x = 0, p = 0; x < width; x++, p += channels)
            {
                r[x] = s_linear[row[p]];
                g[x] = s_linear[row[p + 1]];
                b[x] = s_linear[row[p + 2]];
            }

            for (var i = 0; i < componentsX; i++)
            {
                var cosines = new ReadOnlySpan<double>(cosX, i * width, width);
                rowSums[3 * i] = Dot(cosines, r);
                rowSums[(3 * i) + 1] = Dot(cosines, g);
                rowSums[(3 * i) + 2] = Dot(cosines, b);
            }

            for (var j = 0; j < componentsY; j++)
            {
                var c = cosY[(j * height) + y];
                for (var i = 0; i < componentsX; i++)
                {
                    var f = 3 * ((j * componentsX) + i);
                    factors[f] += c * rowSums[3 * i];
                    factors[f + 1] += c * rowSums[(3 * i) + 1];
                    factors[f + 2] += c * rowSums[(3 * i) + 2];
                }
            }
        }

        var scale = 1.0 / ((double)width * height);
        for (var f = 0; f < factors.Length; f++)
        {
            factors[f] *= (f < 3 ? 1 : 2) * scale;
        }

        var hash = new char[4 + (2 * componentsX * componentsY)];
        var position = 0;
        Write83(hash, ref position, (componentsX - 1) + ((componentsY - 1) * 9), 1);

        double maximumValue;
        if (factors.Length > 3)
        {
            var actualMaximum = double.NegativeInfinity; // the reference takes the largest signed value, not the largest magnitude
            for (var f = 3; f < factors.Length; f++)
            {
                actualMaximum = Math.Max(actualMaximum, factors[f]);
            }

            var quantisedMaximum = (int)Math.Floor(Math.Max(0, Math.Min(82, Math.Floor((actualMaximum * 166) - 0.5))));
            maximumValue = (quantisedMaximum + 1) / 166.0;
            Write83(hash, ref position, quantisedMaximum, 1);
        }
        else
        {
            maximumValue = 1;
            Write83(hash, ref position, 0, 1);
        }

        Write83(hash, ref position, (LinearToSrgb(factors[0]) << 16) + (LinearToSrgb(factors[1]) << 8) + LinearToSrgb(factors[2]), 4);
        for (var f = 3; f < factors.Length; f += 3)
        {
            var value = (Quantise(factors[f], maximumValue) * 19 * 19) + (Quantise(factors[f + 1], maximumValue) * 19) + Quantise(factors[f + 2], maximumValue);
            Write83(hash, ref position, value, 2);
        }

        return new string(hash);
    }

    /// <summary>The dot product of two rows, in SIMD lanes where the hardware has them.</summary>
    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var sum = 0.0;
        var x = 0;
        if (System.Numerics.Vector.IsHardwareAccelerated && a.Length >= System.Numerics.Vector<double>.Count * 2)
        {
            var lanes = System.Numerics.Vector<double>.Zero;
            var width = System.Numerics.Vector<double>.Count;
            for (; x <= a.Length - width; x += width)
            {
                lanes += new System.Numerics.Vector<double>(a.Slice(x, width)) * new System.Numerics.Vector<double>(b.Slice(x, width));
            }

            sum = System.Numerics.Vector.Sum(lanes);
        }

        for (; x < a.Length; x++)
        {
            sum += a[x] * b[x];
        }

        return sum;
    }

    private static double[] Cosines(int components, int length)
    {
        var table = new double[components * length];
        for (var i = 0; i < components; i++)
        {
            for (var p = 0; p < length; p++)
            {
                table[(i * length) + p] = Math.Cos(Math.PI * i * p / length);
            }
        }

        return table;
    }

    private static int Quantise(double value, double maximumValue) =>
        (int)Math.Floor(Math.Max(0, Math.Min(18, Math.Floor((SignPow(value / maximumValue, 0.5) * 9) + 9.5))));

    private static double SignPow(double value, double exponent) => (value < 0 ? -1 : 1) * Math.Pow(Math.Abs(value), exponent);

    private static int LinearToSrgb(double value)
    {
        var v = Math.Max(0, Math.Min(1, value));
        return v <= 0.0031308 ? (int)Math.Truncate((v * 12.92 * 255) + 0.5) : (int)Math.Truncate((((1.055 * Math.Pow(v, 1 / 2.4)) - 0.055) * 255) + 0.5);
    }

    private static double[] BuildLinearTable()
    {
        var table = new double[256];
        for (var i = 0; i < 256; i++)
        {
            var v = i / 255.0;
            table[i] = v <= 0.04045 ? v / 12.92 : Math.Pow((v + 0.055) / 1.055, 2.4);
        }

        return table;
    }

    private static void Write83(char[] hash, ref int position, int value, int length)
    {
        for (var i = 1; i <= length; i++)
        {
            var digit = (int)Math.Floor(Math.Floor((double)value) / Math.Pow(83, length - i) % 83);
            hash[position++] = Base83[digit];
        }
    }
}
