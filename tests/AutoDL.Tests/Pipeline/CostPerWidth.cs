using AutoDL.Pipeline;
using AutoDL.Search;
using AutoDL.Training;

namespace AutoDL.Tests.Pipeline;

/// <summary>A trial runner that only measures: each width of a <see cref="LadderSearch"/> costs <paramref name="epochSeconds"/> seconds an epoch of one training example.</summary>
internal sealed class CostPerWidth(IReadOnlyDictionary<int, double> epochSeconds) : ITaskTrialRunner
{
    /// <summary>What evaluating an image costs with every width; nothing unless a test sets it.</summary>
    public double EvalSecondsPerImage { get; set; }

    public TrainingCost MeasureCost(IReadOnlyDictionary<string, double> parameters) => new(epochSeconds[(int)parameters["width"]], EvalSecondsPerImage);

    public TrainingCost MeasureCostAgain(IReadOnlyDictionary<string, double> parameters) => MeasureCost(parameters);

    public bool CanStart(IReadOnlyDictionary<string, double> parameters) => true;

    public LearningRateSweep SweepLearningRate(IReadOnlyDictionary<string, double> parameters, int steps, CancellationToken cancellationToken) => throw new NotSupportedException();

    public TrialOutcome Run(TrialRecord trial, Func<double, bool> reportEpoch, CancellationToken cancellationToken) => throw new NotSupportedException();
}
