using AutoDL.Data;
using AutoDL.Tasks.ObjectDetection.Data;

namespace AutoDL.Tests.Tasks.ObjectDetection.Data;

public sealed class ObjectCropsTests
{
    private static readonly ImageShape Input = new(1, 64, 64);

    [Fact]
    public void Objects_that_are_each_others_mirror_images_are_judged_unsafe_to_flip_and_symmetric_ones_safe()
    {
        // Class 0 lights the left half of its box, class 1 the right half: each mirrored looks like the other.
        var facing = Scenes((label, x, size) => label == 0 ? x < size / 2 : x >= size / 2);
        // Class 0 a filled square, class 1 a hollow one: mirroring changes neither.
        var symmetric = Scenes((label, x, size) => label == 0 || x < 3 || x >= size - 3);

        var (facingCrops, facingLabels) = ObjectCrops.From(facing, classes: 2);
        var (symmetricCrops, symmetricLabels) = ObjectCrops.From(symmetric, classes: 2);

        Assert.Equal(ObjectCrops.Side, facingCrops.Shape.Width);
        Assert.Equal(facingLabels.Count, facingCrops.Count);
        Assert.False(MirrorSymmetry.LooksSafe(facingCrops, facingLabels, 2), $"score {MirrorSymmetry.Score(facingCrops, facingLabels, 2):0.00}");
        Assert.True(MirrorSymmetry.LooksSafe(symmetricCrops, symmetricLabels, 2), $"score {MirrorSymmetry.Score(symmetricCrops, symmetricLabels, 2):0.00}");
    }

    [Fact]
    public void Objects_too_small_to_show_their_facing_and_ignored_ones_are_left_out()
    {
        var pixels = new byte[Input.PixelCount];
        var objects = new List<ObjectAnnotation>
        {
            new(new BoundingBox(0, 0, 4, 20), 0),
            new(new BoundingBox(10, 10, 20, 20), 1) { Ignored = true },
            new(new BoundingBox(30, 30, 20, 20), 1),
        };
        var set = new DetectionSet(pixels, Input, [objects], [Letterbox.For(64, 64, Input)], ["a"]);

        var (crops, labels) = ObjectCrops.From(set, classes: 2);

        Assert.Equal(1, crops.Count);
        Assert.Equal([1], labels);
    }

    /// <summary>Forty images, each with one 16- to 31-pixel box of a class drawn by <paramref name="lit"/> (label, x within the box, box size).</summary>
    private static DetectionSet Scenes(Func<int, int, int, bool> lit)
    {
        var random = new Random(3);
        const int count = 40;
        var pixels = new byte[count * Input.PixelCount];
        var objects = new List<IReadOnlyList<ObjectAnnotation>>();
        for (int n = 0; n < count; n++)
        {
            int label = n % 2, size = random.Next(16, 32), left = random.Next(0, 64 - size), top = random.Next(0, 64 - size);
            for (int y = top; y < top + size; y++)
            {
                for (int x = left; x < left + size; x++)
                {
                    pixels[(n * Input.PixelCount) + (y * 64) + x] = (byte)(lit(label, x - left, size) ? 220 : 20);
                }
            }
            objects.Add([new ObjectAnnotation(new BoundingBox(left, top, size, size), label)]);
        }
        return new DetectionSet(pixels, Input, objects, [.. Enumerable.Repeat(Letterbox.For(64, 64, Input), count)], [.. Enumerable.Range(0, count).Select(i => $"s{i}")]);
    }
}
