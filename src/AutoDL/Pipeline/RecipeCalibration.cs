using System.Globalization;
using AutoDL.Events;
using AutoDL.Search.Storage;
using AutoDL.Training;

namespace AutoDL.Pipeline;

/// <summary>
/// What a new study measures on this machine and data: before its defaults, the batch size they train with
/// (<see cref="BatchSizeSelection"/> over the space's batch sizes that fit in memory); before its search, a learning-rate
/// range test's suggested peak rate, which centres the search's learning-rate range (<see cref="ITaskSearch.Space"/>).
/// Both are stored with the study, so a resumed run searches the same space.
/// </summary>
/// <param name="BatchSize">The defaults' batch size.</param>
/// <param name="SuggestedLearningRate">The range test's suggestion, or null when it has not run or was skipped (the fixed range is searched).</param>
/// <param name="RangeTested">Whether the range test was tried (it runs once per study, when the search first starts).</param>
internal sealed record RecipeCalibration(int BatchSize, double? SuggestedLearningRate, bool RangeTested = false)
{
    /// <summary>What the study stores for a range test that was tried and gave no suggestion.</summary>
    private const string NoSuggestion = "none";

    private const string BatchSizeKey = "calibration.batch_size";
    private const string LearningRateKey = "calibration.suggested_lr";

    /// <summary>
    /// The range test may take this share of the training time left: 100 steps take ~7 s on Fashion-MNIST on two cores
    /// (bench/results/lr-range-test-fashion-mnist.md).
    /// </summary>
    private const double SweepShare = 0.03;

    /// <summary>Steps of a full sweep from 1e-5 to 1, as in fastai's lr_find.</summary>
    private const int SweepSteps = 100;

    /// <summary>Fewer steps than this multiply the rate by more than 1.8 per step, too coarse to suggest one.</summary>
    private const int MinSweepSteps = 20;

    /// <summary>Each batch size is measured this many times and its fastest kept: single measurements differ by a third (<see cref="BatchSizeSelection"/>).</summary>
    private const int MeasurementRounds = 3;

    /// <summary>A batch size must leave an epoch at least this many steps (as the label check's does), or small data learns too little per epoch.</summary>
    public const int MinStepsPerEpoch = 8;

    /// <summary>
    /// Measures the defaults' training throughput at each batch size that <paramref name="rejects"/> lets through (memory)
    /// and that leaves an epoch <see cref="MinStepsPerEpoch"/> steps, and chooses one. The learning rate is measured later
    /// (<see cref="WithLearningRate"/>), only when the search starts: the defaults do not use it.
    /// </summary>
    public static RecipeCalibration MeasureBatchSize(ITaskTrialRunner runner, ITaskSearch search, Func<IReadOnlyDictionary<string, double>, string?> rejects, int trainExamples, Action<FitEvent> report)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(search);
        var choices = search.BatchSizeChoices;
        var candidates = choices.Where(b => b * MinStepsPerEpoch <= trainExamples).DefaultIfEmpty(choices.Min()).ToList();
        var fitting = new List<(int Batch, IReadOnlyDictionary<string, double> Recipe)>();
        foreach (int batch in candidates)
        {
            var quick = search.DefaultLadder(batch)[0];
            if (rejects(quick) is { } reason)
            {
                report(new BatchSizeLeftOut(batch, reason));
                continue;
            }
            fitting.Add((batch, quick));
        }
        // Rounds interleave the batch sizes, so a burst of load elsewhere slows one round of all rather than one batch size.
        var best = new Dictionary<int, double>();
        var failed = new HashSet<int>();
        // With one candidate there is nothing to choose between: its rate is not worth the seconds of a short fit.
        for (int round = 0; round < MeasurementRounds && fitting.Count > 1; round++)
        {
            foreach (var (batch, quick) in fitting.Where(f => !failed.Contains(f.Batch)))
            {
                try
                {
                    double rate = 1 / runner.MeasureCostAgain(quick).TrainSecondsPerImage;
                    best[batch] = Math.Max(rate, best.GetValueOrDefault(batch));
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Out of memory or a native error at this size: the trials would meet it too, so it is simply not chosen.
                    failed.Add(batch);
                    best.Remove(batch);
                    report(new BatchSizeLeftOut(batch, e.Message));
                }
            }
        }
        var measured = best.Select(b => new BatchThroughput(b.Key, b.Value)).ToList();
        int chosen = measured.Count > 0 ? BatchSizeSelection.Choose(measured, search.DefaultBatchSize) : fitting.Count == 1 ? fitting[0].Batch : candidates.Min();
        report(new BatchSizeChosen(chosen, measured, MeasurementRounds, choices, MinStepsPerEpoch));
        return new RecipeCalibration(chosen, null);
    }

    /// <summary>
    /// This calibration with a learning-rate range test's suggestion at its batch size, the sweep run when it fits in
    /// <see cref="SweepShare"/> of the time left; without one (skipped or failed, and reported) when not. Run when the search
    /// is about to start, so that it never delays the defaults.
    /// </summary>
    public RecipeCalibration WithLearningRate(ITaskTrialRunner runner, ITaskSearch search, FitClock clock, Action<FitEvent> report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(search);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(report);
        int chosen = BatchSize;
        var recipe = search.DefaultLadder(chosen)[0];
        try
        {
            double stepSeconds = chosen * runner.MeasureCost(recipe).TrainSecondsPerImage;
            int steps = (int)Math.Min(SweepSteps, SweepShare * clock.TrainingTimeLeft.TotalSeconds / stepSeconds);
            if (steps < MinSweepSteps)
            {
                report(new LearningRateRangeTestSkipped(string.Create(CultureInfo.InvariantCulture, $"{MinSweepSteps} steps would take more than {SweepShare:P0} of the time; the search uses its fixed learning-rate range")));
                return this with { RangeTested = true };
            }
            var sweep = runner.SweepLearningRate(recipe, steps, cancellationToken);
            report(new LearningRateRangeTested(sweep.MinimumLossRate, sweep.LearningRates.Count, sweep.Suggested));
            return this with { SuggestedLearningRate = sweep.Suggested, RangeTested = true };
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The search's trials will meet the same error and record it; the search still has its fixed range.
            report(new LearningRateRangeTestSkipped(e.Message));
            return this with { RangeTested = true };
        }
    }

    /// <summary>The calibration a study was started with, or null when it has none.</summary>
    public static RecipeCalibration? Load(IStudyStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (store.GetAttribute(BatchSizeKey) is not { } batch || !int.TryParse(batch, NumberStyles.None, CultureInfo.InvariantCulture, out int batchSize))
        {
            return null;
        }
        string text = store.GetAttribute(LearningRateKey) ?? "";
        double? rate = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double r) ? r : null;
        return new RecipeCalibration(batchSize, rate, RangeTested: rate is not null || text == NoSuggestion);
    }

    /// <summary>Stores the calibration with the study.</summary>
    public void Save(IStudyStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        store.SetAttribute(BatchSizeKey, BatchSize.ToString(CultureInfo.InvariantCulture));
        // Empty rather than absent: a study calibrated again (killed before its first trial) must not keep an old rate.
        store.SetAttribute(LearningRateKey, SuggestedLearningRate?.ToString("R", CultureInfo.InvariantCulture) ?? (RangeTested ? NoSuggestion : ""));
    }
}
