using AutoDL.Search;
using AutoDL.Search.Distributions;
using AutoDL.Search.Samplers;
using AutoDL.Search.Schedulers;
using AutoDL.Search.Storage;

namespace AutoDL.Tests.Search;

public sealed class StudyTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("autodl-study-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static readonly SearchSpace Space = new([new SearchParameter("x", new FloatDistribution(0, 1))]);

    /// <summary>Reports x as the value for a few epochs; throws when x is below a threshold.</summary>
    private sealed class FakeRunner(double throwBelow = -1) : ITrialRunner
    {
        public TrialOutcome Run(TrialRecord trial, Func<double, bool> reportEpoch, CancellationToken cancellationToken)
        {
            double x = trial.Params["x"];
            if (x < throwBelow)
            {
                throw new InvalidOperationException("boom");
            }
            for (int epoch = 1; epoch <= 3; epoch++)
            {
                if (!reportEpoch(x))
                {
                    return new TrialOutcome(TrialState.Pruned, x, 1, 10, "pruned");
                }
            }
            return new TrialOutcome(TrialState.Complete, x, 3, 10, "completed");
        }
    }

    [Fact]
    public void Enqueued_configurations_run_first_then_the_sampler_fills_the_budget()
    {
        var store = new JsonFileStudyStore(Path.Combine(_folder, "study.json"));
        var study = new Study(Space, new RandomSampler(), new SuccessiveHalvingScheduler(), store, seed: 1);

        study.Optimize(new FakeRunner(), [new Dictionary<string, double> { ["x"] = 0.42 }], maxTrials: 6, CancellationToken.None);

        var trials = study.Trials;
        Assert.Equal(6, trials.Count);
        Assert.Equal(0.42, trials[0].Params["x"]);
        Assert.All(trials, t => Assert.NotEqual(TrialState.Running, t.State));
        Assert.Contains(trials, t => t.State == TrialState.Pruned);
    }

    [Fact]
    public void A_trial_that_throws_is_recorded_as_failed_and_the_study_goes_on()
    {
        var store = new JsonFileStudyStore(Path.Combine(_folder, "study.json"));
        var study = new Study(Space, new RandomSampler(), new SuccessiveHalvingScheduler(), store, seed: 1);
        var enqueued = new[] { new Dictionary<string, double> { ["x"] = 0.1 }, new Dictionary<string, double> { ["x"] = 0.9 } };

        study.Optimize(new FakeRunner(throwBelow: 0.5), enqueued, maxTrials: 2, CancellationToken.None);

        Assert.Equal(TrialState.Fail, study.Trials[0].State);
        Assert.Contains("boom", study.Trials[0].Note, StringComparison.Ordinal);
        Assert.Equal(TrialState.Complete, study.Trials[1].State);
    }

    [Fact]
    public void The_store_survives_a_reopen()
    {
        var path = Path.Combine(_folder, "study.json");
        var study = new Study(Space, new RandomSampler(), new SuccessiveHalvingScheduler(), new JsonFileStudyStore(path), seed: 1);
        study.Optimize(new FakeRunner(), [], maxTrials: 3, CancellationToken.None);

        var reopened = new JsonFileStudyStore(path).Trials();

        Assert.Equal(study.Trials.Select(t => (t.Number, t.State, t.Value)), reopened.Select(t => (t.Number, t.State, t.Value)));
        Assert.Equal(study.Trials[0].Params["x"], reopened[0].Params["x"]);
    }

    [Fact]
    public void A_cancelled_token_starts_no_trial()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var study = new Study(Space, new RandomSampler(), new SuccessiveHalvingScheduler(), new JsonFileStudyStore(Path.Combine(_folder, "s.json")), seed: 1);

        study.Optimize(new FakeRunner(), [], maxTrials: 3, cancelled.Token);

        Assert.Empty(study.Trials);
    }
}
