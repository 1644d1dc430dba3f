using AutoDL.Data;
using AutoDL.Data.Augmentation;
using AutoDL.Models;
using AutoDL.Tasks.ObjectDetection.Data;
using AutoDL.Tasks.ObjectDetection.Models;
using AutoDL.Tasks.ObjectDetection.Training;
using AutoDL.Training;

namespace AutoDL.Tests.Tasks.ObjectDetection.Training;

/// <summary>A detector trained through the shared trainer, on shapes it can learn in seconds.</summary>
[Collection(TorchCollection.Name)]
public sealed class DetectionTrainingTests
{
    private static readonly ImageShape Input = new(1, 64, 64);
    private static readonly DetectorConfig Detector = new(new ResNetConfig(Stages: 4, BlocksPerStage: 1, BaseWidth: 8, Stem: StemKind.Conv7Pool), new DetectorHead(Width: 16, TowerDepth: 1));

    [Fact]
    public void Trained_through_the_shared_trainer_a_detector_finds_bright_squares_and_discs_on_validation_images()
    {
        var train = Shapes(96, seed: 1);
        var validation = Shapes(24, seed: 2);
        var task = new DetectionTraining(train, validation, ["disc", "square"], NormalizationStats.Compute(train),
            new DetectionAugmentation(MaxZoom: 0.2, MaxShift: 0.1, HorizontalFlip: true, ColourJitter: 0.1));
        var recipe = new TrainingConfig(OptimizerKind.AdamW, LearningRate: 0.005, WeightDecay: 1e-4, BatchSize: 16, Epochs: 15, Augmentation: AugmentationConfig.None, EarlyStoppingPatience: 15);

        var result = new Trainer().Train(new TrainingRequest(Detector, recipe, task, Seed: 1));

        Assert.Equal(15, result.History.Count);
        Assert.All(result.History, epoch => Assert.True(double.IsFinite(epoch.TrainLoss)));
        Assert.True(result.History[^1].TrainLoss < 0.6 * result.History[0].TrainLoss, $"training loss {result.History[0].TrainLoss:0.###} → {result.History[^1].TrainLoss:0.###}");
        // COCO mAP@[.5:.95] on held-out images: an untrained detector scores about 0.
        Assert.True(result.BestValidationScore > 0.3, $"validation mAP {result.BestValidationScore:0.###} (per epoch: {string.Join(", ", result.History.Select(e => e.ValidationScore.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)))})");
        Assert.NotNull(result.BestWeights);
    }

    /// <summary>Dark images holding one to three bright squares (class 1) or discs (class 0), 10 to 24 pixels across.</summary>
    private static DetectionSet Shapes(int count, int seed)
    {
        var random = new Random(seed);
        var pixels = new byte[count * Input.PixelCount];
        var objects = new List<IReadOnlyList<ObjectAnnotation>>(count);
        for (int n = 0; n < count; n++)
        {
            var image = pixels.AsSpan(n * Input.PixelCount, Input.PixelCount);
            for (int i = 0; i < image.Length; i++)
            {
                image[i] = (byte)random.Next(0, 40);
            }
            var placed = new List<ObjectAnnotation>();
            for (int k = random.Next(1, 4); k > 0; k--)
            {
                int size = random.Next(10, 25);
                int left = random.Next(0, 64 - size), top = random.Next(0, 64 - size);
                var box = BoundingBox.FromCorners(left, top, left + size, top + size);
                if (placed.Any(p => Overlaps(p.Box, box)))
                {
                    continue;
                }
                int label = random.Next(2);
                double radius = size / 2.0, cx = left + radius, cy = top + radius;
                for (int y = top; y < top + size; y++)
                {
                    for (int x = left; x < left + size; x++)
                    {
                        bool inside = label == 1 || Math.Pow(x + 0.5 - cx, 2) + Math.Pow(y + 0.5 - cy, 2) <= radius * radius;
                        if (inside)
                        {
                            image[(y * 64) + x] = (byte)random.Next(200, 256);
                        }
                    }
                }
                placed.Add(new ObjectAnnotation(box, label));
            }
            objects.Add(placed);
        }
        var letterboxes = Enumerable.Repeat(Letterbox.For(64, 64, Input), count).ToList();
        return new DetectionSet(pixels, Input, objects, letterboxes, [.. Enumerable.Range(0, count).Select(i => $"shape-{seed}-{i}")]);
    }

    private static bool Overlaps(BoundingBox a, BoundingBox b) => a.X < b.Right + 2 && b.X < a.Right + 2 && a.Y < b.Bottom + 2 && b.Y < a.Bottom + 2;
}
