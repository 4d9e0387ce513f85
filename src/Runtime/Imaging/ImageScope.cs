using System;
using System.Collections.Generic;
using NetVips;

namespace ImageSdk.Imaging;

/// <summary>
/// Disposes every image of a pipeline when the scope ends. A libvips image holds native buffers from the moment it is
/// evaluated until it is released, and the GC does not see that memory: intermediates left to finalizers let a run of many
/// outputs grow with the number of outputs. Wrap each step of a chain in <see cref="Keep"/>.
/// </summary>
internal sealed class ImageScope : IDisposable
{
    private readonly List<Image> _images = new();

    /// <summary>Keeps <paramref name="image"/> until the scope ends, and returns it.</summary>
    public Image Keep(Image image)
    {
        _images.Add(image);
        return image;
    }

    public void Dispose()
    {
        for (var i = _images.Count - 1; i >= 0; i--)
        {
            _images[i].Dispose();
        }

        _images.Clear();
    }
}
