using System;

namespace ImageSdk.Imaging;

/// <summary>8-bit RGB or RGBA pixels held in libvips' memory, row by row; freed on dispose.</summary>
public sealed unsafe class PixelBuffer : IDisposable
{
    private IntPtr _memory;
    private readonly int _length;

    internal PixelBuffer(IntPtr memory, int length, int width, int height, int channels)
    {
        _memory = memory;
        _length = length;
        Width = width;
        Height = height;
        Channels = channels;
    }

    /// <summary>Frees the pixels if <see cref="Dispose"/> was not called.</summary>
    ~PixelBuffer() => Free();

    /// <summary>The width in pixels.</summary>
    public int Width { get; }

    /// <summary>The height in pixels.</summary>
    public int Height { get; }

    /// <summary>3 (RGB) or 4 (RGBA).</summary>
    public int Channels { get; }

    /// <summary>The pixels; valid until the buffer is disposed.</summary>
    public ReadOnlySpan<byte> Span
    {
        get
        {
            ObjectDisposedException.ThrowIf(_memory == IntPtr.Zero, this);
            return new ReadOnlySpan<byte>((void*)_memory, _length);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    private void Free()
    {
        var memory = System.Threading.Interlocked.Exchange(ref _memory, IntPtr.Zero);
        if (memory != IntPtr.Zero)
        {
            NetVips.NetVips.Free(memory);
        }
    }
}
