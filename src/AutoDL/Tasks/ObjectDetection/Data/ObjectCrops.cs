using AutoDL.Data;

namespace AutoDL.Tasks.ObjectDetection.Data;

/// <summary>
/// A detection set's objects cut out and scaled to one small square each, with their classes: a labelled image set on
/// which the checks made for one-class-per-image data run, such as whether mirroring keeps classes (<see cref="MirrorSymmetry"/>).
/// </summary>
internal static class ObjectCrops
{
    /// <summary>The crops' side: enough to tell shapes and their facing apart, cheap for a few thousand objects.</summary>
    public const int Side = 24;

    /// <summary>Objects narrower or shorter than this in the input are left out: too few pixels to show which way they face.</summary>
    public const double MinObjectSide = 6;

    /// <summary>At most this many objects per class are cut out, the first ones in the set's order.</summary>
    public const int MaxPerClass = 300;

    /// <summary>The objects of <paramref name="set"/> (ignored ones left out) as <see cref="Side"/>-pixel squares, nearest-neighbour sampled, and their classes.</summary>
    public static (ImageSet Crops, IReadOnlyList<int> Labels) From(DetectionSet set, int classes)
    {
        ArgumentNullException.ThrowIfNull(set);
        var shape = set.Shape with { Height = Side, Width = Side };
        var taken = new int[classes];
        var pixels = new List<byte>();
        var labels = new List<int>();
        for (int i = 0; i < set.Count; i++)
        {
            var image = set.Image(i);
            foreach (var annotation in set.Objects[i])
            {
                var box = annotation.Box;
                if (annotation.Ignored || box.Width < MinObjectSide || box.Height < MinObjectSide || taken[annotation.Label]++ >= MaxPerClass)
                {
                    continue;
                }
                pixels.AddRange(Crop(image, set.Shape, box));
                labels.Add(annotation.Label);
            }
        }
        return (new ImageSet([.. pixels], labels.Count, shape), labels);
    }

    private static byte[] Crop(ReadOnlySpan<byte> image, ImageShape input, BoundingBox box)
    {
        var crop = new byte[input.Channels * Side * Side];
        for (int c = 0; c < input.Channels; c++)
        {
            for (int y = 0; y < Side; y++)
            {
                int sourceY = Math.Clamp((int)(box.Y + ((y + 0.5) * box.Height / Side)), 0, input.Height - 1);
                for (int x = 0; x < Side; x++)
                {
                    int sourceX = Math.Clamp((int)(box.X + ((x + 0.5) * box.Width / Side)), 0, input.Width - 1);
                    crop[(c * Side * Side) + (y * Side) + x] = image[(c * input.Height * input.Width) + (sourceY * input.Width) + sourceX];
                }
            }
        }
        return crop;
    }
}
