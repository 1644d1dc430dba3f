using AutoDL.Data;
using AutoDL.Tasks.ImageClassification.Data;
using AutoDL.Tasks.ImageClassification.Training;

namespace AutoDL.Tests.TestData;

/// <summary>Small learnable image sets made in memory, so training tests need no files.</summary>
internal static class SyntheticImages
{
    /// <summary>A training request on band images: 40 per class to train on, 10 to validate, normalised on the training set.</summary>
    public static AutoDL.Training.TrainingRequest BandsRequest(AutoDL.Models.ModelConfig model, AutoDL.Training.TrainingConfig training, int seed = 7)
    {
        var train = Bands(40, seed: 1);
        return new AutoDL.Training.TrainingRequest(model, training, new ClassificationTraining(train, Bands(10, seed: 2), NormalizationStats.Compute(train)), seed);
    }

    /// <summary>
    /// Each class lights a different horizontal band of the image, plus noise: easy for a CNN,
    /// impossible for a model that ignores the pixels.
    /// </summary>
    public static ImageDataset Bands(int perClass, int classes = 3, int size = 12, int channels = 1, int seed = 1)
    {
        var random = new Random(seed);
        var shape = new ImageShape(channels, size, size);
        int count = perClass * classes;
        var pixels = new byte[count * shape.PixelCount];
        var labels = new int[count];
        int band = size / classes;
        for (int i = 0; i < count; i++)
        {
            int label = i % classes;
            labels[i] = label;
            var image = pixels.AsSpan(i * shape.PixelCount, shape.PixelCount);
            for (int c = 0; c < channels; c++)
            {
                for (int y = 0; y < size; y++)
                {
                    for (int x = 0; x < size; x++)
                    {
                        bool lit = y >= label * band && y < (label + 1) * band;
                        image[(c * size + y) * size + x] = (byte)Math.Clamp((lit ? 180 : 40) + random.Next(-40, 41), 0, 255);
                    }
                }
            }
        }
        var names = Enumerable.Range(0, classes).Select(k => $"class{k}").ToArray();
        return new ImageDataset(pixels, labels, names, shape);
    }
}
