using AutoDL.Search;
using AutoDL.Training;

namespace AutoDL.Pipeline;

/// <summary>Trains a task's configurations and measures what they cost on this machine.</summary>
internal interface ITaskTrialRunner : ITrialRunner
{
    /// <summary>Whether at least the shortest useful trial of <paramref name="parameters"/> fits in the time left.</summary>
    bool CanStart(IReadOnlyDictionary<string, double> parameters);

    /// <summary>What the network and batch size of <paramref name="parameters"/> cost on this machine (measured once per configuration).</summary>
    TrainingCost MeasureCost(IReadOnlyDictionary<string, double> parameters);

    /// <summary>Measures what <paramref name="parameters"/> cost once more; the configuration then plans with the fastest of its measurements.</summary>
    TrainingCost MeasureCostAgain(IReadOnlyDictionary<string, double> parameters);

    /// <summary>A learning-rate range test of <paramref name="parameters"/>' network and recipe, <paramref name="steps"/> batches long.</summary>
    LearningRateSweep SweepLearningRate(IReadOnlyDictionary<string, double> parameters, int steps, CancellationToken cancellationToken);
}
