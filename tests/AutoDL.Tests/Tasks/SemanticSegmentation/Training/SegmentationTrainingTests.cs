using AutoDL.Data;
using AutoDL.Data.Augmentation;
using AutoDL.Internal;
using AutoDL.Models;
using AutoDL.Tasks.SemanticSegmentation.Data;
using AutoDL.Tasks.SemanticSegmentation.Models;
using AutoDL.Tasks.SemanticSegmentation.Training;
using AutoDL.Training;
using static TorchSharp.torch;

namespace AutoDL.Tests.Tasks.SemanticSegmentation.Training;

/// <summary>A segmentation network trained through the shared trainer on tiles of images of several sizes, and its loss on hand-made cases.</summary>
[Collection(TorchCollection.Name)]
public sealed class SegmentationTrainingTests
{
    private static readonly SegmenterConfig Segmenter = new(new ResNetConfig(Stages: 3, BlocksPerStage: 1, BaseWidth: 8), new SegmentationHead(Depth: 3, Width: 16));

    [Fact]
    public void Trained_through_the_shared_trainer_it_labels_the_pixels_of_squares_and_discs_on_validation_images_of_other_sizes()
    {
        var train = Shapes(96, seed: 1);
        var validation = Shapes(16, seed: 2);
        var task = new SegmentationTraining(train, validation, ["background", "disc", "square"], new ImageShape(3, 64, 64),
            NormalizationStats.Compute(3, train.Select(i => i.Pixels)), new SegmentationAugmentation());
        var recipe = new TrainingConfig(OptimizerKind.AdamW, LearningRate: 0.01, WeightDecay: 1e-4, BatchSize: 8, Epochs: 12, Augmentation: AugmentationConfig.None, EarlyStoppingPatience: 12);

        var result = new Trainer().Train(new TrainingRequest(Segmenter, recipe, task, Seed: 1));

        Assert.Equal(12, result.History.Count);
        Assert.All(result.History, epoch => Assert.True(double.IsFinite(epoch.TrainLoss)));
        // Labelling everything background scores about a third (one class of three found, the others at 0).
        Assert.True(result.BestValidationScore > 0.8, $"validation mIoU {result.BestValidationScore:0.###} (per epoch: {string.Join(", ", result.History.Select(e => e.ValidationScore.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)))})");
    }

    [Fact]
    public void The_Dice_term_is_zero_for_a_perfect_prediction_one_for_a_wrong_one_and_ignored_pixels_do_not_count()
    {
        using var scope = NewDisposeScope();
        using var scalars = new HeldScalars();
        // Two pixels of class 0 and one of class 1; the third pixel is not scored.
        var target = tensor(new long[] { 0, 0, 1, 255 }, [1, 2, 2]);
        var right = tensor(new float[] { 50, 50, -50, 50, -50, -50, 50, -50 }, [1, 2, 2, 2]);
        var wrong = right.neg();

        double perfect = SegmentationLoss.Dice(right, target, scalars).item<float>();
        double inverted = SegmentationLoss.Dice(wrong, target, scalars).item<float>();

        // Smoothed by one pixel. Right: class 0 (2·2 + 1)/(2 + 2 + 1) = 1, class 1 (2·1 + 1)/(1 + 1 + 1) = 1. Wrong: class 0
        // has no overlap, 1 predicted and 2 true pixels, 1/(3 + 1); class 1 none, 2 predicted and 1 true, 1/(3 + 1).
        Assert.Equal(0, perfect, 5);
        Assert.Equal(1 - 0.25, inverted, 5);
    }

    [Fact]
    public void A_tile_of_a_smaller_image_is_padded_and_its_padding_is_not_scored()
    {
        var image = new SegmentedImage([.. Enumerable.Repeat((byte)200, 3 * 2 * 3)], [1, 1, 1, 0, 0, 0], 3, 2, "small");
        var sampler = new TileSampler(4, new NormalizationStats([0, 0, 0], [1, 1, 1]), SegmentationAugmentation.None, new Random(1));
        var pixels = new float[3 * 16];
        var mask = new long[16];

        sampler.Write(image, pixels, mask);

        Assert.Equal([1L, 1, 1, 255, 0, 0, 0, 255, 255, 255, 255, 255, 255, 255, 255, 255], mask);
        Assert.Equal(200 / 255f, pixels[0], 5);
        Assert.Equal(Letterbox.Padding / 255f, pixels[3], 5);
    }

    /// <summary>Dark images of 64 × 64, 80 × 48 or 48 × 96 pixels holding bright squares (class 2) and discs (class 1).</summary>
    private static List<SegmentedImage> Shapes(int count, int seed)
    {
        var random = new Random(seed);
        (int Width, int Height)[] sizes = [(64, 64), (80, 48), (48, 96)];
        var images = new List<SegmentedImage>(count);
        for (int n = 0; n < count; n++)
        {
            var (width, height) = sizes[n % sizes.Length];
            var pixels = new byte[3 * width * height];
            var mask = new byte[width * height];
            for (int i = 0; i < pixels.Length; i++)
            {
                pixels[i] = (byte)random.Next(0, 50);
            }
            for (int k = random.Next(1, 4); k > 0; k--)
            {
                int size = random.Next(10, 22);
                int left = random.Next(0, width - size), top = random.Next(0, height - size);
                byte label = (byte)random.Next(1, 3);
                double radius = size / 2.0, cx = left + radius, cy = top + radius;
                for (int y = top; y < top + size; y++)
                {
                    for (int x = left; x < left + size; x++)
                    {
                        if (label == 2 || Math.Pow(x + 0.5 - cx, 2) + Math.Pow(y + 0.5 - cy, 2) <= radius * radius)
                        {
                            mask[(y * width) + x] = label;
                            for (int c = 0; c < 3; c++)
                            {
                                pixels[(c * width * height) + (y * width) + x] = (byte)random.Next(190, 256);
                            }
                        }
                    }
                }
            }
            images.Add(new SegmentedImage(pixels, mask, width, height, $"shape-{seed}-{n}"));
        }
        return images;
    }
}
