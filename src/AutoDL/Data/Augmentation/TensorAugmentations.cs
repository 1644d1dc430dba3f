using AutoDL.Internal;
using static TorchSharp.torch;

namespace AutoDL.Data.Augmentation;

/// <summary>
/// Augmentations of a whole batch at once, as tensor operations on normalised N×C×H×W images. Each takes per-image
/// parameters drawn by the caller, so the operations stay deterministic and testable and one kernel call serves the
/// whole batch. Geometry goes through one affine resampling (rotate, shear, translate and flip compose into one
/// matrix); photometric changes are one multiply-add.
/// </summary>
public static class TensorAugmentations
{
    /// <summary>
    /// Resamples each image through its affine matrix (row-major 2×3 per image, in the normalised [-1, 1] coordinates
    /// of <c>affine_grid</c>: output position → input position). Pixels from outside the image are
    /// <paramref name="fill"/> (per channel, normalised), so a shift shows background rather than the mean.
    /// </summary>
    public static Tensor Affine(Tensor images, float[] matrices, float[] fill)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(matrices);
        ArgumentNullException.ThrowIfNull(fill);
        long n = images.shape[0], c = images.shape[1];
        if (matrices.Length != n * 6 || fill.Length != c)
        {
            throw new ArgumentException($"Expected {n * 6} matrix entries and {c} fill values, got {matrices.Length} and {fill.Length}.");
        }
        using var theta = tensor(matrices, [n, 2, 3]);
        using var grid = nn.functional.affine_grid(theta, images.shape, align_corners: false);
        using var background = tensor(fill, [1, c, 1, 1]);
        using var shifted = images - background;
        using var sampled = nn.functional.grid_sample(shifted, grid, align_corners: false);
        return sampled.add(background, HeldScalars.One);
    }

    /// <summary>Per image: x → (x − m)·contrast + m + brightness, where m is the image's own mean (so contrast keeps the average grey).</summary>
    public static Tensor BrightnessContrast(Tensor images, float[] brightness, float[] contrast)
    {
        ArgumentNullException.ThrowIfNull(images);
        long n = images.shape[0];
        if (brightness.Length != n || contrast.Length != n)
        {
            throw new ArgumentException($"Expected {n} brightness and contrast values, got {brightness.Length} and {contrast.Length}.");
        }
        using var b = tensor(brightness, [n, 1, 1, 1]);
        using var k = tensor(contrast, [n, 1, 1, 1]);
        using var mean = images.mean([1, 2, 3], keepdim: true);
        using var centred = images - mean;
        using var scaled = centred * k;
        using var shifted = scaled.add(mean, HeldScalars.One);
        return shifted.add(b, HeldScalars.One);
    }

    /// <summary>
    /// Replaces a rectangle of each image by Gaussian noise (random erasing). <paramref name="boxes"/> holds
    /// (top, left, height, width) per image; a height or width of 0 leaves the image as it is. The noise comes from
    /// <paramref name="generator"/> when given, so a seeded caller gets the same batch every time.
    /// </summary>
    public static Tensor Erase(Tensor images, int[] boxes, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        using var mask = BoxMask(images, boxes);
        using var noise = randn(images.shape, dtype: images.dtype, generator: generator);
        return where(mask, noise, images);
    }

    /// <summary>Blends each image with image <paramref name="partners"/>[i] of the same batch: λ·x + (1 − λ)·x[partner].</summary>
    public static Tensor Mixup(Tensor images, long[] partners, float lambda)
    {
        ArgumentNullException.ThrowIfNull(images);
        using var index = tensor(partners);
        using var others = images.index_select(0, index);
        using var weights = new HeldScalars();
        using var own = images.mul(weights.Of(lambda));
        using var theirs = others.mul(weights.Of(1 - lambda));
        return own.add(theirs, HeldScalars.One);
    }

    /// <summary>Pastes the same rectangle (top, left, height, width) of image <paramref name="partners"/>[i] into each image.</summary>
    public static Tensor CutMix(Tensor images, long[] partners, int top, int left, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(images);
        long n = images.shape[0];
        var boxes = new int[n * 4];
        for (int i = 0; i < n; i++)
        {
            (boxes[4 * i], boxes[4 * i + 1], boxes[4 * i + 2], boxes[4 * i + 3]) = (top, left, height, width);
        }
        using var mask = BoxMask(images, boxes);
        using var index = tensor(partners);
        using var others = images.index_select(0, index);
        return where(mask, others, images);
    }

    /// <summary>An N×1×H×W mask, true inside each image's box.</summary>
    private static Tensor BoxMask(Tensor images, int[] boxes)
    {
        ArgumentNullException.ThrowIfNull(boxes);
        long n = images.shape[0], h = images.shape[2], w = images.shape[3];
        if (boxes.Length != n * 4)
        {
            throw new ArgumentException($"Expected {n * 4} box values (top, left, height, width per image), got {boxes.Length}.", nameof(boxes));
        }
        var top = new long[n];
        var bottom = new long[n];
        var left = new long[n];
        var right = new long[n];
        for (int i = 0; i < n; i++)
        {
            top[i] = boxes[4 * i];
            left[i] = boxes[4 * i + 1];
            bottom[i] = boxes[4 * i] + boxes[4 * i + 2];
            right[i] = boxes[4 * i + 1] + boxes[4 * i + 3];
        }
        using var sizes = new HeldScalars();
        using var rows = arange(HeldScalars.Zero, sizes.Of(h), HeldScalars.One).view(1, 1, h, 1);
        using var cols = arange(HeldScalars.Zero, sizes.Of(w), HeldScalars.One).view(1, 1, 1, w);
        using var t = tensor(top).view(n, 1, 1, 1);
        using var b = tensor(bottom).view(n, 1, 1, 1);
        using var l = tensor(left).view(n, 1, 1, 1);
        using var r = tensor(right).view(n, 1, 1, 1);
        using var inRows = rows.ge(t).logical_and_(rows.lt(b));
        using var inCols = cols.ge(l).logical_and_(cols.lt(r));
        return inRows.logical_and(inCols);
    }
}
