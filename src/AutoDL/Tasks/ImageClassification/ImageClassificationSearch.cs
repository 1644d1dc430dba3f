using AutoDL.Data;
using AutoDL.Models;
using AutoDL.Pipeline;
using AutoDL.Search;
using AutoDL.Search.Samplers;
using AutoDL.Search.Samplers.Tpe;
using AutoDL.Training;

namespace AutoDL.Tasks.ImageClassification;

/// <summary>The image classifier's search (<see cref="ImageClassificationSearchSpace"/>) for <paramref name="input"/>-shaped images with <paramref name="traits"/>.</summary>
internal sealed class ImageClassificationSearch(DataTraits traits, ImageShape input) : ITaskSearch
{
    public IReadOnlyList<int> BatchSizeChoices => ImageClassificationSearchSpace.BatchSizeChoices;

    public int DefaultBatchSize => ImageClassificationSearchSpace.DefaultBatchSize;

    /// <summary>
    /// On small images a small ResNet is within about a point of its final accuracy after ten to fifteen one-cycle
    /// epochs, so beyond that, time buys more as width than as epochs.
    /// </summary>
    public int TargetEpochs => 12;

    public SearchSpace Space(RecipeCalibration calibration)
    {
        ArgumentNullException.ThrowIfNull(calibration);
        return ImageClassificationSearchSpace.For(traits, calibration.SuggestedLearningRate, calibration.BatchSize);
    }

    public IReadOnlyList<IReadOnlyDictionary<string, double>> DefaultLadder(int batchSize) => ImageClassificationSearchSpace.DefaultLadder(traits, batchSize);

    public IReadOnlyDictionary<string, double> FirstLook(int batchSize) => ImageClassificationSearchSpace.FirstLook(traits, batchSize);

    public IReadOnlyList<IReadOnlyDictionary<string, double>> Portfolio(RecipeCalibration calibration)
    {
        ArgumentNullException.ThrowIfNull(calibration);
        return ImageClassificationPortfolio.For(traits, calibration.BatchSize, TargetEpochs);
    }

    public ModelConfig Model(IReadOnlyDictionary<string, double> parameters) => ImageClassificationSearchSpace.ToModel(parameters, input);

    public TrainingConfig Recipe(IReadOnlyDictionary<string, double> parameters) => ImageClassificationSearchSpace.ToTraining(parameters);

    public IReadOnlyDictionary<string, double> WithEpochs(IReadOnlyDictionary<string, double> parameters, int epochs) => ImageClassificationSearchSpace.WithEpochs(parameters, epochs);

    /// <summary>
    /// Evolution over architectures (mutating one choice of a good network finds good neighbours where a density
    /// model over a conditional space is thin), TPE over the training recipe (continuous, mostly independent
    /// parameters, where TPE is strongest); both start random and learn from failed and pruned trials too.
    /// </summary>
    public ISampler NewSampler() =>
        new PartitionedSampler([new SamplerPartition(ImageClassificationSearchSpace.IsArchitecture, new RegularizedEvolutionSampler())], new TpeSampler());
}
