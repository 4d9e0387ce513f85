using System;
using System.IO;
using System.Linq;
using System.Text;

namespace ImageSdk.Tests;

/// <summary>The one place that knows where the samples are copied next to the tests.</summary>
internal static class Samples
{
    /// <summary>The samples folder in the test output.</summary>
    public static string Directory => System.IO.Path.Combine(AppContext.BaseDirectory, "samples");

    /// <summary>A file under samples/, e.g. <c>assemblies/seed-inpaint.json</c>.</summary>
    public static string Path(string relative) => System.IO.Path.Combine(Directory, relative);

    /// <summary>A drawn coast with a transparent hole, its own mask: a small fixture.</summary>
    public static string CoastWithHole => Path("images/coast-with-hole.png");

    /// <summary>The README's photo (CC0) with a transparent hole in a wooden table, its own mask.</summary>
    public static string CoffeeWithHole => Path("images/coffee-with-hole.png");

    /// <summary>The seed inpainting assembly.</summary>
    public static byte[] SeedInpaint => File.ReadAllBytes(Path("assemblies/seed-inpaint.json"));

    /// <summary>The seed's inpainting assembly as text.</summary>
    public static string SeedInpaintJson => File.ReadAllText(Path("assemblies/seed-inpaint.json"));

    /// <summary>A PNG header that claims <paramref name="width"/> x <paramref name="height"/> pixels, with almost no pixel data: a decompression bomb's shape.</summary>
    public static byte[] PngHeader(int width, int height)
    {
        static byte[] Chunk(string type, byte[] data)
        {
            var typeBytes = Encoding.ASCII.GetBytes(type);
            var crc = Crc32(typeBytes.Concat(data).ToArray());
            return BigEndian((uint)data.Length).Concat(typeBytes).Concat(data).Concat(BigEndian(crc)).ToArray();
        }

        static uint Crc32(byte[] bytes)
        {
            var crc = 0xFFFFFFFFu;
            foreach (var b in bytes)
            {
                crc ^= b;
                for (var k = 0; k < 8; k++)
                {
                    crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
                }
            }

            return ~crc;
        }

        static byte[] BigEndian(uint value) => new[] { (byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value };
        var ihdr = BigEndian((uint)width).Concat(BigEndian((uint)height)).Concat(new byte[] { 8, 6, 0, 0, 0 }).ToArray();
        var idat = new byte[] { 0x78, 0x9C, 0x63, 0x60, 0x00, 0x00 }; // the start of a zlib stream: far too little data
        return new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }.Concat(Chunk("IHDR", ihdr)).Concat(Chunk("IDAT", idat)).Concat(Chunk("IEND", Array.Empty<byte>())).ToArray();
    }
}
