namespace AutoDL.Tasks.SemanticSegmentation.Evaluation;

/// <summary>
/// The confusion matrix of a whole set's pixels, accumulated mask by mask: row = true class, column = predicted class.
/// Pixels whose truth is <see cref="IgnoreLabel"/> (Pascal VOC's object borders and unlabelled areas) are left out.
/// One matrix over every pixel of the set, not a mean of per-image figures: that is how Pascal VOC, Cityscapes and
/// torchmetrics' <c>MulticlassJaccardIndex</c> compute mIoU, and a small image's few pixels weigh no more than they are.
/// </summary>
internal sealed class PixelConfusion
{
    /// <summary>The truth label of a pixel that is not scored.</summary>
    public const byte IgnoreLabel = 255;

    private readonly long[,] _counts;

    public PixelConfusion(int classes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(classes, IgnoreLabel);
        Classes = classes;
        _counts = new long[classes, classes];
    }

    public int Classes { get; }

    /// <summary>Pixels of true class <paramref name="truth"/> predicted as <paramref name="predicted"/>.</summary>
    public long this[int truth, int predicted] => _counts[truth, predicted];

    /// <summary>Adds one mask's pixels: <paramref name="truth"/> and <paramref name="predicted"/> hold a class index per pixel, in the same order.</summary>
    /// <exception cref="ArgumentException">The masks differ in size, or a label is neither a class nor (in the truth) <see cref="IgnoreLabel"/>.</exception>
    public void Add(ReadOnlySpan<byte> truth, ReadOnlySpan<byte> predicted)
    {
        if (truth.Length != predicted.Length)
        {
            throw new ArgumentException($"The true mask has {truth.Length} pixels and the predicted one {predicted.Length}.", nameof(predicted));
        }
        for (int i = 0; i < truth.Length; i++)
        {
            int t = truth[i];
            if (t == IgnoreLabel)
            {
                continue;
            }
            int p = predicted[i];
            if (t >= Classes || p >= Classes)
            {
                throw new ArgumentException($"Pixel {i} is labelled {t} and predicted {p}; the classes are 0 to {Classes - 1} (and {IgnoreLabel} for an ignored true pixel).", nameof(truth));
            }
            _counts[t, p]++;
        }
    }

    /// <summary>The matrix as rows (true classes) of columns (predicted classes).</summary>
    public long[][] ToRows() => [.. Enumerable.Range(0, Classes).Select(t => Enumerable.Range(0, Classes).Select(p => _counts[t, p]).ToArray())];
}
