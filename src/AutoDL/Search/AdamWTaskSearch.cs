using AutoDL.Models;
using AutoDL.Pipeline;
using AutoDL.Search.Samplers;
using AutoDL.Search.Samplers.Tpe;
using AutoDL.Training;

namespace AutoDL.Search;

/// <summary>
/// The search of a dense-prediction task (detection, segmentation): its own network parameters over the shared AdamW
/// recipe (<see cref="AdamWRecipeSpace"/>), sampled as every task samples, evolution over the network and TPE over the
/// recipe. A task says its space, batch sizes, defaults and how a point becomes its network.
/// </summary>
internal abstract class AdamWTaskSearch : ITaskSearch
{
    /// <summary>The whole space, before calibration centres its learning rate.</summary>
    protected abstract SearchSpace FullSpace { get; }

    public abstract IReadOnlyList<int> BatchSizeChoices { get; }

    public abstract int DefaultBatchSize { get; }

    public abstract int TargetEpochs { get; }

    public SearchSpace Space(RecipeCalibration calibration)
    {
        ArgumentNullException.ThrowIfNull(calibration);
        return LearningRateRange.CentreOn(FullSpace, AdamWRecipeSpace.LearningRate, calibration.SuggestedLearningRate, [DefaultLearningRateAt(calibration.BatchSize), .. BatchSizeChoices.Select(DefaultLearningRateAt)]);
    }

    public abstract IReadOnlyList<IReadOnlyDictionary<string, double>> DefaultLadder(int batchSize);

    /// <summary>The ladder's cheapest rung: a dense-prediction task has no cheaper network worth a first look.</summary>
    public IReadOnlyDictionary<string, double> FirstLook(int batchSize) => WithEpochs(DefaultLadder(batchSize)[0], 1);

    /// <summary>None: no portfolio has been measured for dense prediction yet, so its search starts from random proposals.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, double>> Portfolio(RecipeCalibration calibration) => [];

    public abstract ModelConfig Model(IReadOnlyDictionary<string, double> parameters);

    public TrainingConfig Recipe(IReadOnlyDictionary<string, double> parameters) => AdamWRecipeSpace.ToTraining(FullSpace, parameters);

    public IReadOnlyDictionary<string, double> WithEpochs(IReadOnlyDictionary<string, double> parameters, int epochs) => AdamWRecipeSpace.WithEpochs(FullSpace, parameters, epochs);

    public ISampler NewSampler() => new PartitionedSampler([new SamplerPartition(IsArchitecture, new RegularizedEvolutionSampler())], new TpeSampler());

    /// <summary>The default peak rate at <paramref name="batchSize"/>, which calibration's range test replaces when it ran.</summary>
    protected abstract double DefaultLearningRateAt(int batchSize);

    /// <summary>Whether a parameter shapes the network (backbone or head) rather than how it is trained.</summary>
    protected abstract bool IsArchitecture(SearchParameter parameter);
}
