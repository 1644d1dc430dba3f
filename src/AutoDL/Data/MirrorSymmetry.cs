namespace AutoDL.Data;

/// <summary>
/// Whether mirroring an image left to right keeps its label, for any task whose examples carry one class each (a
/// classifier's images, a detector's object crops). Clothing, animals and vehicles mostly do; letters and
/// digits do not (a mirrored "b" is a "d", a mirrored "3" is no digit at all). The test asks a nearest-class-mean
/// classifier, built from the unmirrored images: the share of its accuracy it keeps on mirrored images. Where mirroring
/// keeps labels, mirrored images still sit nearest their own class; where it does not, they fall to other classes.
/// Class means of symmetric-looking blurs alone do not decide it: printed letters in many fonts average to means
/// almost as symmetric as garments (bench/results/augmentation-rules.md).
/// </summary>
public static class MirrorSymmetry
{
    /// <summary>
    /// The share of accuracy kept at and above which flipping is on by default. Measured on our sets
    /// (bench/results/augmentation-rules.md): Fashion-MNIST keeps 0.84 of it, printed letters 0.59; 0.7 sits between.
    /// </summary>
    public const double SafeThreshold = 0.7;

    /// <summary>Images per class used; enough for stable means and accuracies, cheap on large sets.</summary>
    private const int ImagesPerClass = 300;

    /// <summary>
    /// The accuracy of a nearest-class-mean classifier on mirrored images over its accuracy on the images themselves
    /// (1 = mirroring changes nothing it can see). Data where even unmirrored images are classified no better than
    /// chance gives 1: it says nothing either way.
    /// </summary>
    /// <param name="train">The images.</param>
    /// <param name="labels">Each image's class, from 0 to <paramref name="classes"/> − 1.</param>
    /// <param name="classes">How many classes there are.</param>
    public static double Score(ImageSet train, IReadOnlyList<int> labels, int classes)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(labels);
        var shape = train.Shape;
        int pixels = shape.PixelCount;
        var sample = new List<int>();
        var taken = new int[classes];
        for (int i = 0; i < train.Count; i++)
        {
            if (taken[labels[i]]++ < ImagesPerClass)
            {
                sample.Add(i);
            }
        }
        var means = new double[classes][];
        var counts = new int[classes];
        foreach (int i in sample)
        {
            int k = labels[i];
            var mean = means[k] ??= new double[pixels];
            var image = train.Image(i);
            for (int p = 0; p < pixels; p++)
            {
                mean[p] += image[p];
            }
            counts[k]++;
        }
        for (int k = 0; k < classes; k++)
        {
            if (means[k] is { } mean)
            {
                for (int p = 0; p < pixels; p++)
                {
                    mean[p] /= counts[k];
                }
            }
        }
        int right = 0, rightMirrored = 0;
        var mirrored = new byte[pixels];
        foreach (int i in sample)
        {
            var image = train.Image(i);
            Mirror(image, mirrored, shape);
            right += Nearest(image, means) == labels[i] ? 1 : 0;
            rightMirrored += Nearest(mirrored, means) == labels[i] ? 1 : 0;
        }
        int present = counts.Count(c => c > 0);
        double chance = sample.Count / (double)Math.Max(1, present);
        return right <= chance ? 1 : Math.Min(1, (double)rightMirrored / right);
    }

    /// <summary>Whether flipping is on by default for this data (the search may still try it either way).</summary>
    public static bool LooksSafe(ImageSet train, IReadOnlyList<int> labels, int classes) => Score(train, labels, classes) >= SafeThreshold;

    private static int Nearest(ReadOnlySpan<byte> image, double[]?[] means)
    {
        int best = -1;
        double bestDistance = double.PositiveInfinity;
        for (int k = 0; k < means.Length; k++)
        {
            if (means[k] is not { } mean)
            {
                continue;
            }
            double distance = 0;
            for (int p = 0; p < mean.Length; p++)
            {
                double d = image[p] - mean[p];
                distance += d * d;
            }
            if (distance < bestDistance)
            {
                (best, bestDistance) = (k, distance);
            }
        }
        return best;
    }

    private static void Mirror(ReadOnlySpan<byte> image, Span<byte> destination, ImageShape shape)
    {
        int w = shape.Width;
        for (int row = 0; row < shape.Channels * shape.Height; row++)
        {
            for (int x = 0; x < w; x++)
            {
                destination[row * w + x] = image[row * w + (w - 1 - x)];
            }
        }
    }
}
