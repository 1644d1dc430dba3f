using System.Diagnostics;
using AutoDL.Data;
using AutoDL.Models;
using AutoDL.Tasks.ImageClassification.Data;
using AutoDL.Tasks.ImageClassification.Training;
using AutoDL.Training;

namespace AutoDL.Bench;

/// <summary>
/// Training images per second of AutoDL's trainer, measured between its first and last batch callbacks, so that
/// network construction and the validation pass stay outside the figure.
/// </summary>
internal static class TrainerRate
{
    public static double Measure(ModelConfig model, TrainingConfig recipe, ImageDataset train, ImageDataset validation, NormalizationStats stats, int steps)
    {
        var clock = new Stopwatch();
        double first = 0, last = 0;
        int firstStep = 0, lastStep = 0;
        var request = new TrainingRequest(model, recipe, new ClassificationTraining(train, validation, stats), Seed: 1)
        {
            ExamplesPerEpoch = (steps + 1) * recipe.BatchSize,
            OnBatch = (done, _) =>
            {
                if (firstStep == 0)
                {
                    (firstStep, first) = (done, clock.Elapsed.TotalSeconds);
                }
                (lastStep, last) = (done, clock.Elapsed.TotalSeconds);
            },
        };
        clock.Start();
        new Trainer().Train(request);
        return (lastStep - firstStep) * recipe.BatchSize / (last - first);
    }
}
