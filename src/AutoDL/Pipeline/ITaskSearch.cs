using AutoDL.Models;
using AutoDL.Search;
using AutoDL.Search.Samplers;
using AutoDL.Training;

namespace AutoDL.Pipeline;

/// <summary>A task's search: the space, the configurations worth training before searching it, and how to sample it.</summary>
internal interface ITaskSearch
{
    /// <summary>The batch sizes calibration may choose from (those of the space).</summary>
    IReadOnlyList<int> BatchSizeChoices { get; }

    /// <summary>The batch size when none was calibrated (a study started by an earlier version).</summary>
    int DefaultBatchSize { get; }

    /// <summary>
    /// Epochs a default network should get before a wider one is preferred: where the task's small networks come close to
    /// their final score. Fit trains the default ladder's widest rung that still gets this many in its share of the time.
    /// </summary>
    int TargetEpochs { get; }

    /// <summary>The space to search, centred on what calibration measured.</summary>
    SearchSpace Space(RecipeCalibration calibration);

    /// <summary>The default configurations at <paramref name="batchSize"/>, cheapest first, each for one epoch; the pipeline picks a rung and its epochs from the time left.</summary>
    IReadOnlyList<IReadOnlyDictionary<string, double>> DefaultLadder(int batchSize);

    /// <summary>
    /// The first look's configuration at <paramref name="batchSize"/>, for one epoch (<see cref="FirstLook"/>): the
    /// cheapest network that learns something useful in a few seconds.
    /// </summary>
    IReadOnlyDictionary<string, double> FirstLook(int batchSize);

    /// <summary>
    /// The configurations the search races before its sampler proposes (<see cref="PortfolioSampler"/>), in
    /// <see cref="Space"/> of <paramref name="calibration"/>, each for <see cref="TargetEpochs"/> epochs; empty where the task has
    /// no measured portfolio.
    /// </summary>
    IReadOnlyList<IReadOnlyDictionary<string, double>> Portfolio(RecipeCalibration calibration);

    /// <summary>The network <paramref name="parameters"/> describe.</summary>
    ModelConfig Model(IReadOnlyDictionary<string, double> parameters);

    /// <summary>The training recipe <paramref name="parameters"/> describe (optimiser, schedule, batch size, epochs, augmentation).</summary>
    TrainingConfig Recipe(IReadOnlyDictionary<string, double> parameters);

    /// <summary><paramref name="parameters"/> set to train <paramref name="epochs"/> epochs.</summary>
    IReadOnlyDictionary<string, double> WithEpochs(IReadOnlyDictionary<string, double> parameters, int epochs);

    /// <summary>A new sampler for the space.</summary>
    ISampler NewSampler();
}
