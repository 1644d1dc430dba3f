using AutoDL.Evaluation;
using AutoDL.Events;
using AutoDL.Search;
using AutoDL.Search.Samplers;
using AutoDL.Search.Schedulers;
using AutoDL.Search.Storage;

namespace AutoDL.Pipeline;

/// <summary>
/// A fit's training, in the order its budget policy spends the time: the first look (<see cref="FirstLook"/>), the
/// batch-size calibration, the defaults (<see cref="DefaultTrials"/>), then, only when the time left can train a search
/// trial far enough to matter, the learning-rate range test and the search, which races the task's portfolio before its
/// sampler proposes. Every phase adds its trials to one study; each runs in the space calibrated so far, so nothing waits
/// for a measurement it does not use.
/// </summary>
internal sealed class TrainingPhases(IPreparedTask prepared, TrialRunner runner, BestModelKeeper keeper, IStudyStore store, FitContext context)
{
    private readonly TrialConstraints _constraints = new(prepared.Costs)
    {
        MaxParameters = context.Options.MaxParameters,
        MaxMultiplyAdds = context.Options.MaxMultiplyAdds,
    };

    private ITaskSearch Search => prepared.Search;

    private FitClock Clock => context.Clock;

    private int MaxTrials => context.Options.MaxTrials;

    /// <summary>
    /// Trains until the time is up or the trials allowed have run, and returns the space the study ended in.
    /// <paramref name="started"/>: the study has trials from an earlier run; <paramref name="stored"/>: the calibration it
    /// stored. A study with both has had its defaults (or retries them if they were cut off) and goes on searching; one
    /// killed after its first look, before calibration was stored, goes on from calibration.
    /// </summary>
    public SearchSpace Run(bool started, RecipeCalibration? stored)
    {
        var token = Clock.TrainingToken;
        int ran = 0;
        // The first look counts as a trial; a fit allowed only one trains the default instead.
        if (!started && MaxTrials > 1 && FirstLook.Plan(runner, Search, Clock, Rejects, Report) is var (look, seconds))
        {
            // Before calibration, in the space of the uncalibrated defaults, so that it waits for nothing.
            ran += NewStudy(Search.Space(new RecipeCalibration(Search.DefaultBatchSize, null))).RunEnqueued(new PlannedTrialRunner(runner, seconds), [look], 1, token);
        }
        var calibration = stored ?? RecipeCalibration.MeasureBatchSize(runner, Search, Rejects, prepared.Sizes.Train, Report);
        calibration.Save(store);
        var space = Describe(Search.Space(calibration));
        var ladder = Search.DefaultLadder(calibration.BatchSize);
        var defaults = new DefaultTrials(runner, Search, Clock, prepared.Sizes, prepared.Evaluator.MirrorKeepsTargets, Report) { HaveModel = () => keeper.Best is not null };
        if (started && stored is not null)
        {
            defaults.ReserveFinishTime(ladder[0], members: 2);
        }
        else
        {
            ran += NewStudy(space).RunEnqueued(new PlannedTrialRunner(runner, fillsTimeLeft: () => defaults.FillsTimeLeft, afterEpoch: defaults.ReviseFinishTime), defaults.Plan(ladder), MaxTrials - ran, token);
        }
        if (token.IsCancellationRequested || ran >= MaxTrials)
        {
            return space;
        }
        if (!calibration.RangeTested)
        {
            calibration = calibration.WithLearningRate(runner, Search, Clock, Report, token);
            calibration.Save(store);
            space = Describe(Search.Space(calibration));
        }
        var sampler = new PortfolioSampler(Search.Portfolio(calibration), Search.NewSampler());
        Report(new SearchStarted(sampler.Untried(space, store.Trials()), Clock.TrainingTimeLeft.TotalSeconds));
        if (NewStudy(space, sampler).Optimize(runner, [], MaxTrials - ran, token) == StudyEnd.NothingFits)
        {
            Report(new SearchEndedEarly(Study.MaxConsecutiveMisfits, Clock.TrainingTimeLeft.TotalSeconds));
        }
        return space;
    }

    private Study NewStudy(SearchSpace space, ISampler? sampler = null)
    {
        var objective = prepared.Objective;
        var study = new Study(space, sampler ?? Search.NewSampler(), NewScheduler(), store, objective.Direction, context.Options.Seed)
        {
            Constraint = _constraints.Check,
            CanStart = runner.CanStart,
            MemoryEstimate = prepared.Costs.TrainingMemoryBytes,
        };
        study.TrialStarted += t => context.Report(new TrialStarted(t.Number, space.Describe(t.Params)), keeper.Best?.ValidationScore);
        study.TrialEnded += t => context.Report(new TrialEnded(t.Number, t.State, objective.MetricName, t.Value, t.Intermediate.Count, t.Seconds, t.Note), keeper.Best?.ValidationScore);
        return study;
    }

    /// <summary>Stores the space with the study, so that `autodl leaderboard` can read its trials during the fit or after a crash.</summary>
    private SearchSpace Describe(SearchSpace space)
    {
        Leaderboard.DescribeIn(store, space, prepared.Objective.MetricName, prepared.Objective.Direction);
        return space;
    }

    private string? Rejects(IReadOnlyDictionary<string, double> parameters) => _constraints.Check(parameters, []);

    private void Report(FitEvent fitEvent) => context.Report(fitEvent);

    /// <summary>
    /// Hyperband's brackets of asynchronous successive halving rather than one: with one-cycle schedules a
    /// trial's early epochs run at peak learning rate and rank trials poorly. Measured on Fashion-MNIST
    /// (bench/results/asha.md, 10 random configurations × 9 epochs): ASHA from one epoch saved 56% of the
    /// epochs but pruned the eventual best at epoch 3 and lost 1.8 points of test accuracy; Hyperband saved 27%
    /// of the epochs (≈39% of the time) and kept the best.
    /// </summary>
    private static HyperbandScheduler NewScheduler() => new();
}
