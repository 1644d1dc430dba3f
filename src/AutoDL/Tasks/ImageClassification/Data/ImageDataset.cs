using AutoDL.Data;

namespace AutoDL.Tasks.ImageClassification.Data;

/// <summary>Labelled images for a classifier: an <see cref="ImageSet"/> with one class label per image.</summary>
public sealed class ImageDataset : ImageSet
{
    /// <summary>Creates a dataset over an existing buffer of <paramref name="labels"/>.Length images.</summary>
    /// <param name="pixels">All images back to back, each <see cref="ImageShape.PixelCount"/> bytes in CHW order.</param>
    /// <param name="labels">Class index of each image, into <paramref name="classNames"/>.</param>
    /// <param name="classNames">Class names; the index of a name is its label.</param>
    /// <param name="shape">Shape of every image.</param>
    /// <param name="sources">Where each image came from (file path or "file#index"), for reports; optional.</param>
    public ImageDataset(byte[] pixels, int[] labels, IReadOnlyList<string> classNames, ImageShape shape, IReadOnlyList<string>? sources = null)
        : base(pixels, labels?.Length ?? throw new ArgumentNullException(nameof(labels)), shape, sources)
    {
        ArgumentNullException.ThrowIfNull(classNames);
        foreach (var label in labels)
        {
            if ((uint)label >= (uint)classNames.Count)
            {
                throw new ArgumentException($"Label {label} is outside the {classNames.Count} classes.", nameof(labels));
            }
        }
        Labels = labels;
        ClassNames = classNames;
    }

    /// <summary>Class index of each image.</summary>
    public IReadOnlyList<int> Labels { get; }

    /// <summary>Class names; the index of a name is its label.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Images per class, indexed by label.</summary>
    public int[] ClassCounts()
    {
        var counts = new int[ClassNames.Count];
        foreach (var label in Labels)
        {
            counts[label]++;
        }
        return counts;
    }

    /// <summary>A new dataset holding copies of the given images, in the given order.</summary>
    public ImageDataset Subset(IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        int size = Shape.PixelCount;
        var pixels = new byte[(long)indices.Count * size];
        var labels = new int[indices.Count];
        var sources = Sources is null ? null : new string[indices.Count];
        for (int i = 0; i < indices.Count; i++)
        {
            int from = indices[i];
            Image(from).CopyTo(pixels.AsSpan(i * size, size));
            labels[i] = Labels[from];
            if (sources is not null)
            {
                sources[i] = Sources![from];
            }
        }
        return new ImageDataset(pixels, labels, ClassNames, Shape, sources);
    }
}
