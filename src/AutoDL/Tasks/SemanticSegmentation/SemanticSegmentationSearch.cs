using AutoDL.Data;
using AutoDL.Models;
using AutoDL.Pipeline;
using AutoDL.Search;
using AutoDL.Search.Samplers;
using AutoDL.Search.Samplers.Tpe;
using AutoDL.Training;

namespace AutoDL.Tasks.SemanticSegmentation;

/// <summary>The segmentation search (<see cref="SegmentationSearchSpace"/>) for training tiles of <paramref name="tile"/>'s shape.</summary>
internal sealed class SemanticSegmentationSearch(ImageShape tile) : ITaskSearch
{
    public IReadOnlyList<int> BatchSizeChoices => SegmentationSearchSpace.BatchSizeChoices;

    public int DefaultBatchSize => SegmentationSearchSpace.DefaultBatchSize;

    /// <summary>A network trained from scratch, as the detector: 40 epochs before a wider one is preferred (not yet measured for segmentation).</summary>
    public int TargetEpochs => 40;

    public SearchSpace Space(RecipeCalibration calibration)
    {
        ArgumentNullException.ThrowIfNull(calibration);
        return SegmentationSearchSpace.For(calibration.SuggestedLearningRate, calibration.BatchSize);
    }

    public IReadOnlyList<IReadOnlyDictionary<string, double>> DefaultLadder(int batchSize) => SegmentationSearchSpace.DefaultLadder(batchSize);

    public ModelConfig Model(IReadOnlyDictionary<string, double> parameters) => SegmentationSearchSpace.ToModel(parameters, tile);

    public TrainingConfig Recipe(IReadOnlyDictionary<string, double> parameters) => SegmentationSearchSpace.ToTraining(parameters);

    public IReadOnlyDictionary<string, double> WithEpochs(IReadOnlyDictionary<string, double> parameters, int epochs) => SegmentationSearchSpace.WithEpochs(parameters, epochs);

    /// <summary>As for the other tasks: evolution over the network (backbone and decoder), TPE over the recipe.</summary>
    public ISampler NewSampler() =>
        new PartitionedSampler([new SamplerPartition(SegmentationSearchSpace.IsArchitecture, new RegularizedEvolutionSampler())], new TpeSampler());
}
