using AutoDL.Pipeline;
using AutoDL.Search;
using AutoDL.Search.Samplers;
using AutoDL.Search.Samplers.Tpe;

namespace AutoDL.Tasks.ImageClassification;

/// <summary>The image classifier's search (<see cref="ImageClassificationSearchSpace"/>) for data with <paramref name="traits"/>.</summary>
internal sealed class ImageClassificationSearch(DataTraits traits) : ITaskSearch
{
    public IReadOnlyList<int> BatchSizeChoices => ImageClassificationSearchSpace.BatchSizeChoices;

    public int DefaultBatchSize => ImageClassificationSearchSpace.DefaultBatchSize;

    public SearchSpace Space(RecipeCalibration calibration)
    {
        ArgumentNullException.ThrowIfNull(calibration);
        return ImageClassificationSearchSpace.For(traits, calibration.SuggestedLearningRate, calibration.BatchSize);
    }

    public IReadOnlyList<IReadOnlyDictionary<string, double>> DefaultLadder(int batchSize) => ImageClassificationSearchSpace.DefaultLadder(traits, batchSize);

    public IReadOnlyDictionary<string, double> WithEpochs(IReadOnlyDictionary<string, double> parameters, int epochs) => ImageClassificationSearchSpace.WithEpochs(parameters, epochs);

    /// <summary>
    /// Evolution over architectures (mutating one choice of a good network finds good neighbours where a density
    /// model over a conditional space is thin), TPE over the training recipe (continuous, mostly independent
    /// parameters, where TPE is strongest); both start random and learn from failed and pruned trials too.
    /// </summary>
    public ISampler NewSampler() =>
        new PartitionedSampler([new SamplerPartition(ImageClassificationSearchSpace.IsArchitecture, new RegularizedEvolutionSampler())], new TpeSampler());
}
