using AutoDL.Data;
using AutoDL.Internal;
using AutoDL.Tasks.ObjectDetection.Data;
using static TorchSharp.torch;

namespace AutoDL.Tasks.ObjectDetection.Training;

/// <summary>
/// Applies a <see cref="DetectionAugmentation"/> to a batch of normalised images and moves each image's boxes with it.
/// One affine warp per image (TorchSharp's <c>affine_grid</c> and <c>grid_sample</c>, bilinear, the uncovered border
/// filled with zero, the training images' mean colour once normalised), a mirror, then a brightness and contrast jitter.
/// </summary>
internal sealed class BoxAwareAugmenter(DetectionAugmentation augmentation, ImageShape shape, Random random)
{
    /// <summary>The augmented batch (N × C × H × W) and each image's boxes after it.</summary>
    public (Tensor Images, List<IReadOnlyList<ObjectAnnotation>> Objects) Apply(Tensor images, IReadOnlyList<IReadOnlyList<ObjectAnnotation>> objects)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(objects);
        int n = objects.Count;
        var theta = new float[n * 6];
        var moved = new List<IReadOnlyList<ObjectAnnotation>>(n);
        var gains = new float[n];
        var offsets = new float[n];
        double width = shape.Width, height = shape.Height;
        for (int i = 0; i < n; i++)
        {
            double zoom = Math.Exp((random.NextDouble() * 2 - 1) * Math.Log(1 + augmentation.MaxZoom));
            double shiftX = (random.NextDouble() * 2 - 1) * augmentation.MaxShift * width;
            double shiftY = (random.NextDouble() * 2 - 1) * augmentation.MaxShift * height;
            bool flip = augmentation.HorizontalFlip && random.Next(2) == 0;
            // Output point = zoom · (input point − centre) + centre + shift, mirrored across when flipped. The grid
            // holds the inverse, in coordinates from −1 to 1 across the image.
            double sign = flip ? -1 : 1;
            theta[(6 * i) + 0] = (float)(sign / zoom);
            theta[(6 * i) + 2] = (float)(-2 * shiftX / width / zoom);
            theta[(6 * i) + 4] = (float)(1 / zoom);
            theta[(6 * i) + 5] = (float)(-2 * shiftY / height / zoom);
            moved.Add(Move(objects[i], zoom, shiftX, shiftY, flip));
            gains[i] = (float)(1 + ((random.NextDouble() * 2 - 1) * augmentation.ColourJitter));
            offsets[i] = (float)((random.NextDouble() * 2 - 1) * augmentation.ColourJitter);
        }
        using var grid = nn.functional.affine_grid(tensor(theta, [n, 2, 3]), [n, shape.Channels, shape.Height, shape.Width], align_corners: false);
        var warped = nn.functional.grid_sample(images, grid, mode: GridSampleMode.Bilinear, padding_mode: GridSamplePaddingMode.Zeros, align_corners: false);
        // In normalised units, a gain scales contrast around the mean and an offset shifts brightness.
        var jittered = warped.mul(tensor(gains).view(n, 1, 1, 1)).add(tensor(offsets).view(n, 1, 1, 1), HeldScalars.One);
        return (jittered, moved);
    }

    /// <summary>The boxes after the warp: moved, cut at the frame, and dropped when too little of them stays inside.</summary>
    private List<ObjectAnnotation> Move(IReadOnlyList<ObjectAnnotation> objects, double zoom, double shiftX, double shiftY, bool flip)
    {
        double width = shape.Width, height = shape.Height;
        var kept = new List<ObjectAnnotation>(objects.Count);
        foreach (var annotation in objects)
        {
            var box = annotation.Box;
            double left = (zoom * (box.X - (width / 2))) + (width / 2) + shiftX;
            double right = (zoom * (box.Right - (width / 2))) + (width / 2) + shiftX;
            double top = (zoom * (box.Y - (height / 2))) + (height / 2) + shiftY;
            double bottom = (zoom * (box.Bottom - (height / 2))) + (height / 2) + shiftY;
            if (flip)
            {
                (left, right) = (width - right, width - left);
            }
            var whole = BoundingBox.FromCorners(left, top, right, bottom);
            var inside = BoundingBox.FromCorners(Math.Max(0, left), Math.Max(0, top), Math.Min(width, right), Math.Min(height, bottom));
            if (inside.Width <= 1 || inside.Height <= 1 || inside.Area < DetectionAugmentation.MinVisibleShare * whole.Area)
            {
                continue;
            }
            kept.Add(annotation with { Box = inside, Area = annotation.Area * zoom * zoom });
        }
        return kept;
    }
}
