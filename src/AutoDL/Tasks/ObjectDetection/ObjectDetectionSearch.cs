using AutoDL.Data;
using AutoDL.Models;
using AutoDL.Pipeline;
using AutoDL.Search;
using AutoDL.Search.Samplers;
using AutoDL.Search.Samplers.Tpe;
using AutoDL.Training;

namespace AutoDL.Tasks.ObjectDetection;

/// <summary>The detector's search (<see cref="DetectionSearchSpace"/>) for <paramref name="input"/>-shaped images.</summary>
internal sealed class ObjectDetectionSearch(ImageShape input) : ITaskSearch
{
    public IReadOnlyList<int> BatchSizeChoices => DetectionSearchSpace.BatchSizeChoices;

    public int DefaultBatchSize => DetectionSearchSpace.DefaultBatchSize;

    /// <summary>
    /// A detector trained from scratch needs a long schedule (He et al., "Rethinking ImageNet Pre-training", 2019: about
    /// three times a pre-trained one's). Measured on the benchmark's set (bench/results/detection-fit-10m.md): the
    /// PyTorch peer's validation mAP went on rising from 0.50 at epoch 14 to 0.62 at epoch 29 of 35, and a 10-minute fit
    /// that gave 12 epochs to the narrowest default and 17 to a twice-wider one ended below it. So the default gets up to
    /// 40 epochs before a wider one is preferred.
    /// </summary>
    public int TargetEpochs => 40;

    public SearchSpace Space(RecipeCalibration calibration)
    {
        ArgumentNullException.ThrowIfNull(calibration);
        return DetectionSearchSpace.For(calibration.SuggestedLearningRate, calibration.BatchSize);
    }

    public IReadOnlyList<IReadOnlyDictionary<string, double>> DefaultLadder(int batchSize) => DetectionSearchSpace.DefaultLadder(batchSize);

    public ModelConfig Model(IReadOnlyDictionary<string, double> parameters) => DetectionSearchSpace.ToModel(parameters, input);

    public TrainingConfig Recipe(IReadOnlyDictionary<string, double> parameters) => DetectionSearchSpace.ToTraining(parameters);

    public IReadOnlyDictionary<string, double> WithEpochs(IReadOnlyDictionary<string, double> parameters, int epochs) => DetectionSearchSpace.WithEpochs(parameters, epochs);

    /// <summary>As for the classifier: evolution over the network (backbone and head), TPE over the recipe.</summary>
    public ISampler NewSampler() =>
        new PartitionedSampler([new SamplerPartition(DetectionSearchSpace.IsArchitecture, new RegularizedEvolutionSampler())], new TpeSampler());
}
