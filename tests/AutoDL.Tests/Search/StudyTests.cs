using System.Runtime.InteropServices;
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

    private static Dictionary<string, double> X(double x) => new() { ["x"] = x };

    /// <summary>
    /// Reports x as the value for three epochs; below a threshold it throws what <paramref name="failure"/> makes,
    /// after reporting x − 0.01 · epoch for <paramref name="epochsBeforeFailure"/> epochs.
    /// </summary>
    private sealed class FakeRunner(double failBelow = -1, Func<Exception>? failure = null, int epochsBeforeFailure = 0) : ITrialRunner
    {
        public List<double> Ran { get; } = [];

        public TrialOutcome Run(TrialRecord trial, Func<double, bool> reportEpoch, CancellationToken cancellationToken)
        {
            double x = trial.Params["x"];
            Ran.Add(x);
            if (x < failBelow)
            {
                for (int epoch = 1; epoch <= epochsBeforeFailure; epoch++)
                {
                    reportEpoch(x - 0.01 * epoch);
                }
                throw (failure ?? (() => new InvalidOperationException("boom")))();
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

    private static Study NewStudy(IStudyStore store) => new(Space, new RandomSampler(), new SuccessiveHalvingScheduler(), store, MetricDirection.Maximize, seed: 1);

    [Fact]
    public void A_portfolio_is_proposed_after_the_enqueued_configurations_and_raced_as_proposals_are()
    {
        using var store = new InMemoryStudyStore();
        var study = new Study(Space, new PortfolioSampler([X(0.1), X(0.8)], new RandomSampler()), new SuccessiveHalvingScheduler(), store, MetricDirection.Maximize, seed: 1);

        study.Optimize(new FakeRunner(), [X(0.9)], maxTrials: 4, CancellationToken.None);

        var trials = study.Trials;
        Assert.Equal([0.9, 0.1, 0.8], trials.Take(3).Select(t => t.Params["x"]));
        Assert.Equal(TrialState.Complete, trials[0].State);
        // Beneath the enqueued trial at the first rung, the weak member stops after one epoch; an enqueued one never would.
        Assert.Equal(TrialState.Pruned, trials[1].State);
        Assert.Single(trials[1].Intermediate);
        Assert.DoesNotContain(trials[3].Params["x"], new[] { 0.1, 0.8, 0.9 });
    }

    [Fact]
    public void Enqueued_configurations_run_first_then_the_sampler_fills_the_budget()
    {
        using var store = new InMemoryStudyStore();
        var study = NewStudy(store);

        study.Optimize(new FakeRunner(), [X(0.42)], maxTrials: 6, CancellationToken.None);

        var trials = study.Trials;
        Assert.Equal(6, trials.Count);
        Assert.Equal(0.42, trials[0].Params["x"]);
        Assert.All(trials, t => Assert.NotEqual(TrialState.Running, t.State));
        Assert.Contains(trials, t => t.State == TrialState.Pruned);
    }

    [Fact]
    public void A_caller_whose_last_configuration_ends_the_time_stops_the_study_before_the_sampler_proposes()
    {
        using var store = new InMemoryStudyStore();
        var study = NewStudy(store);
        using var time = new CancellationTokenSource();

        IEnumerable<IReadOnlyDictionary<string, double>> DefaultsThenEnd()
        {
            yield return X(0.42);
            // As fit's budget policy does when the time left cannot train a search trial far enough to matter.
            time.Cancel();
        }
        var end = study.Optimize(new FakeRunner(), DefaultsThenEnd(), maxTrials: 6, time.Token);

        Assert.Equal(StudyEnd.Cancelled, end);
        Assert.Equal(0.42, Assert.Single(study.Trials).Params["x"]);
    }

    [Fact]
    public void A_trial_that_throws_is_recorded_as_failed_and_the_study_goes_on()
    {
        using var store = new InMemoryStudyStore();
        var study = NewStudy(store);

        study.Optimize(new FakeRunner(failBelow: 0.5), [X(0.1), X(0.9)], maxTrials: 2, CancellationToken.None);

        Assert.Equal(TrialState.Fail, study.Trials[0].State);
        Assert.Equal("InvalidOperationException: boom", study.Trials[0].Note);
        Assert.Equal(TrialState.Complete, study.Trials[1].State);
    }

    [Fact]
    public void A_trial_that_throws_after_some_epochs_keeps_its_best_score_so_the_leaderboard_matches_the_kept_model()
    {
        using var store = new InMemoryStudyStore();
        var study = NewStudy(store);

        study.Optimize(new FakeRunner(failBelow: 0.5, epochsBeforeFailure: 2), [X(0.3)], maxTrials: 1, CancellationToken.None);

        var failed = Assert.Single(study.Trials);
        Assert.Equal(TrialState.Fail, failed.State);
        Assert.Equal(0.29, failed.Value!.Value, precision: 10);
        Assert.Equal(1, failed.BestEpoch);
        Assert.Equal([0.29, 0.28], failed.Intermediate.Select(v => Math.Round(v, 10)));
    }

    [Fact]
    public void An_error_no_later_trial_can_avoid_stops_the_study_after_recording_the_trial()
    {
        using var store = new InMemoryStudyStore();
        var study = NewStudy(store);
        var runner = new FakeRunner(failBelow: 0.5, () => new StudyCannotContinueException("disk full", new IOException("No space left on device")), epochsBeforeFailure: 1);

        var error = Assert.Throws<StudyCannotContinueException>(() => study.Optimize(runner, [X(0.9), X(0.2), X(0.8)], maxTrials: 3, CancellationToken.None));

        Assert.Equal("disk full", error.Message);
        Assert.Equal([0.9, 0.2], runner.Ran);
        Assert.Equal(2, study.Trials.Count);
        Assert.Equal(TrialState.Complete, study.Trials[0].State);
        Assert.Equal(TrialState.Fail, study.Trials[1].State);
        Assert.Equal(0.19, study.Trials[1].Value!.Value, precision: 10);
        Assert.Equal("StudyCannotContinueException: disk full", study.Trials[1].Note);
    }

    [Fact]
    public void Out_of_memory_managed_or_native_is_recorded_as_such_and_the_study_goes_on()
    {
        using var store = new InMemoryStudyStore();
        var managed = NewStudy(store);
        managed.Optimize(new FakeRunner(0.5, () => new OutOfMemoryException("Insufficient memory")), [X(0.1)], 1, CancellationToken.None);
        var native = NewStudy(store);
        native.Optimize(new FakeRunner(0.5, () => new ExternalException("[enforce fail at alloc_cpu.cpp:121] DefaultCPUAllocator: not enough memory: you tried to allocate 8 GB.\nframes…")), [X(0.2), X(0.8)], 2, CancellationToken.None);

        var trials = store.Trials();
        Assert.True(TrialFailure.IsOutOfMemory(trials[0]), trials[0].Note);
        Assert.True(TrialFailure.IsOutOfMemory(trials[1]), trials[1].Note);
        Assert.DoesNotContain("frames", trials[1].Note, StringComparison.Ordinal);
        Assert.Equal(TrialState.Complete, trials[2].State);
    }

    [Fact]
    public void A_rejected_proposal_is_recorded_as_failed_without_training()
    {
        using var store = new InMemoryStudyStore();
        var runner = new FakeRunner();
        var study = new Study(Space, new RandomSampler(), new SuccessiveHalvingScheduler(), store, MetricDirection.Maximize, seed: 1)
        {
            Constraint = (p, _) => p["x"] > 0.5 ? "x above 0.5" : null,
        };

        study.Optimize(runner, [X(0.9), X(0.3)], maxTrials: 4, CancellationToken.None);

        var rejected = study.Trials.Where(t => t.Note?.StartsWith(TrialFailure.Rejected, StringComparison.Ordinal) == true).ToList();
        Assert.Contains(rejected, t => t.Params["x"] == 0.9);
        Assert.All(rejected, t => Assert.Equal(TrialState.Fail, t.State));
        Assert.Equal(4, runner.Ran.Count);
        Assert.All(runner.Ran, x => Assert.True(x <= 0.5));
    }

    [Fact]
    public void A_constraint_that_rejects_everything_ends_the_study_instead_of_looping()
    {
        using var store = new InMemoryStudyStore();
        var study = new Study(Space, new RandomSampler(), new SuccessiveHalvingScheduler(), store, MetricDirection.Maximize, seed: 1) { Constraint = (_, _) => "never" };

        var end = study.Optimize(new FakeRunner(), [], maxTrials: 5, CancellationToken.None);

        Assert.Equal(StudyEnd.EverythingRejected, end);
        Assert.All(study.Trials, t => Assert.Equal(TrialState.Fail, t.State));
        Assert.InRange(study.Trials.Count, 1, 1000);
    }

    [Fact]
    public void A_proposal_that_cannot_start_is_dropped_unrecorded_and_the_next_one_tried()
    {
        using var store = new InMemoryStudyStore();
        var runner = new FakeRunner();
        var study = new Study(Space, new RandomSampler(), new SuccessiveHalvingScheduler(), store, MetricDirection.Maximize, seed: 1) { CanStart = p => p["x"] < 0.5 };

        study.Optimize(runner, [X(0.1), X(0.9), X(0.2)], maxTrials: 4, CancellationToken.None);

        Assert.Equal([0.1, 0.2], runner.Ran.Take(2));
        Assert.Equal(4, runner.Ran.Count);
        Assert.All(store.Trials(), t => Assert.True(t.Params["x"] < 0.5));
    }

    [Fact]
    public void When_nothing_can_start_the_study_ends_after_a_streak_without_recording_anything()
    {
        using var store = new InMemoryStudyStore();
        int asked = 0;
        var study = new Study(Space, new RandomSampler(), new SuccessiveHalvingScheduler(), store, MetricDirection.Maximize, seed: 1) { CanStart = _ => { asked++; return false; } };

        var end = study.Optimize(new FakeRunner(), [], maxTrials: 1000, CancellationToken.None);

        Assert.Equal(StudyEnd.NothingFits, end);
        Assert.Empty(store.Trials());
        Assert.Equal(Study.MaxConsecutiveMisfits, asked);
    }

    [Fact]
    public void A_running_trial_of_a_dead_process_is_marked_failed_and_retried_once()
    {
        using var store = new InMemoryStudyStore();
        store.Add(new TrialRecord(0, X(0.7), TrialState.Running) { Worker = $"{Environment.MachineName}/{int.MaxValue}/1", StartedUtc = DateTimeOffset.UtcNow });
        var runner = new FakeRunner();

        NewStudy(store).Optimize(runner, [X(0.2)], maxTrials: 2, CancellationToken.None);

        var trials = store.Trials();
        Assert.Equal(TrialState.Fail, trials[0].State);
        Assert.StartsWith("stale", trials[0].Note, StringComparison.Ordinal);
        Assert.Equal(0, trials[1].RetryOf);
        Assert.Equal(0.7, trials[1].Params["x"]);
        Assert.Equal([0.7, 0.2], runner.Ran);
    }

    [Fact]
    public void Each_trial_records_its_estimated_memory_before_it_starts_and_a_trial_that_died_with_its_process_keeps_it_in_its_note()
    {
        using var store = new InMemoryStudyStore();
        long? recordedAtStart = null;
        var study = new Study(Space, new RandomSampler(), new SuccessiveHalvingScheduler(), store, MetricDirection.Maximize, seed: 1)
        {
            MemoryEstimate = p => (long)(p["x"] * (1L << 30)),
        };
        study.TrialStarted += trial => recordedAtStart = store.Trials()[trial.Number].MemoryBytes;
        store.Add(new TrialRecord(0, X(0.7), TrialState.Running) { Worker = $"{Environment.MachineName}/{int.MaxValue}/1", StartedUtc = DateTimeOffset.UtcNow, MemoryBytes = 700L << 20 });

        study.Optimize(new FakeRunner(), [], maxTrials: 1, CancellationToken.None);

        var trials = store.Trials();
        Assert.True(TrialFailure.DiedWithItsProcess(trials[0]), trials[0].Note);
        Assert.Contains("out of memory", trials[0].Note, StringComparison.Ordinal);
        Assert.Contains("an estimated 700 MiB", trials[0].Note, StringComparison.Ordinal);
        Assert.Equal(0, trials[1].RetryOf);
        Assert.Equal((long)(0.7 * (1L << 30)), recordedAtStart);
        Assert.Equal(recordedAtStart, trials[1].MemoryBytes);
    }

    [Fact]
    public void A_running_trial_of_a_live_worker_elsewhere_is_left_alone_until_its_heartbeat_is_old()
    {
        using var store = new InMemoryStudyStore();
        var now = DateTimeOffset.UtcNow;
        store.Add(new TrialRecord(0, X(0.7), TrialState.Running) { Worker = "other-host/12/34", StartedUtc = now, HeartbeatUtc = now });
        store.Add(new TrialRecord(0, X(0.6), TrialState.Running) { Worker = "other-host/12/34", StartedUtc = now, HeartbeatUtc = now - TimeSpan.FromMinutes(10) });
        var study = NewStudy(store);

        var recovered = study.RecoverStaleTrials();

        Assert.Equal([1], recovered.Select(t => t.Number));
        Assert.Equal(TrialState.Running, store.Trials()[0].State);
    }

    [Fact]
    public void A_running_trial_of_this_process_is_alive()
    {
        Assert.True(WorkerIdentity.IsAlive(WorkerIdentity.Current));
        Assert.False(WorkerIdentity.IsAlive($"{Environment.MachineName}/{Environment.ProcessId}/1"));
        Assert.Null(WorkerIdentity.IsAlive("not a worker"));
    }

    [Fact]
    public void A_study_reopened_on_its_store_continues_its_numbering_and_history()
    {
        var path = Path.Combine(_folder, SqliteStudyStore.FileName);
        using (var store = new SqliteStudyStore(path))
        {
            NewStudy(store).Optimize(new FakeRunner(), [], maxTrials: 3, CancellationToken.None);
        }
        using (var store = new SqliteStudyStore(path))
        {
            NewStudy(store).Optimize(new FakeRunner(), [], maxTrials: 2, CancellationToken.None);

            var trials = store.Trials();
            Assert.Equal([0, 1, 2, 3, 4], trials.Select(t => t.Number));
            Assert.Equal(5, trials.Select(t => t.Params["x"]).Distinct().Count());
            Assert.Empty(store.CheckIntegrity());
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_proposals()
    {
        using var first = new InMemoryStudyStore();
        using var second = new InMemoryStudyStore();

        NewStudy(first).Optimize(new FakeRunner(), [], maxTrials: 3, CancellationToken.None);
        NewStudy(second).Optimize(new FakeRunner(), [], maxTrials: 3, CancellationToken.None);

        Assert.Equal(first.Trials().Select(t => t.Params["x"]), second.Trials().Select(t => t.Params["x"]));
    }

    [Fact]
    public void A_cancelled_token_starts_no_trial()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        using var store = new InMemoryStudyStore();
        var study = NewStudy(store);

        study.Optimize(new FakeRunner(), [], maxTrials: 3, cancelled.Token);

        Assert.Empty(study.Trials);
    }

    private sealed class PruneEverything : IScheduler
    {
        public bool ShouldPrune(TrialRecord trial, int step, IReadOnlyList<TrialRecord> history) => true;
    }

    [Fact]
    public void Given_a_metric_to_minimise_then_sampler_and_scheduler_see_scores_and_the_store_keeps_values()
    {
        using var store = new InMemoryStudyStore();
        var sampler = new RecordingSampler();
        var scheduler = new RecordingScheduler();
        var study = new Study(Space, sampler, scheduler, store, MetricDirection.Minimize, seed: 1);

        study.Optimize(new FakeRunner(), [X(0.25)], maxTrials: 2, CancellationToken.None);

        Assert.Equal(0.25, study.Trials[0].Value);
        Assert.Equal([0.25, 0.25, 0.25], study.Trials[0].Intermediate);
        // The proposal after the enqueued trial saw its value as a score, and so did the scheduler for the proposed trial.
        Assert.Equal(-0.25, Assert.Single(sampler.SeenValues));
        Assert.All(scheduler.SeenIntermediate, v => Assert.Equal(-study.Trials[1].Params["x"], v));
    }

    [Fact]
    public void Given_a_metric_to_minimise_then_a_failed_trial_keeps_its_lowest_epoch()
    {
        using var store = new InMemoryStudyStore();
        var study = new Study(Space, new RandomSampler(), new SuccessiveHalvingScheduler(), store, MetricDirection.Minimize, seed: 1);

        // Reports 0.09, 0.08, 0.07, then throws.
        study.Optimize(new FakeRunner(failBelow: 0.5, epochsBeforeFailure: 3), [X(0.1)], maxTrials: 1, CancellationToken.None);

        var failed = Assert.Single(study.Trials);
        Assert.Equal(TrialState.Fail, failed.State);
        Assert.Equal(0.07, failed.Value!.Value, 12);
        Assert.Equal(3, failed.BestEpoch);
    }

    private sealed class RecordingSampler : ISampler
    {
        public List<double> SeenValues { get; } = [];

        public IReadOnlyDictionary<string, double> Propose(SearchSpace space, IReadOnlyList<TrialRecord> history, Random random)
        {
            SeenValues.AddRange(history.Where(t => t.Value is not null).Select(t => t.Value!.Value));
            return X(0.75);
        }
    }

    private sealed class RecordingScheduler : IScheduler
    {
        public List<double> SeenIntermediate { get; } = [];

        public bool ShouldPrune(TrialRecord trial, int step, IReadOnlyList<TrialRecord> history)
        {
            SeenIntermediate.Add(trial.Intermediate[step - 1]);
            return false;
        }
    }

    [Fact]
    public void Enqueued_configurations_are_never_pruned_while_proposals_are()
    {
        using var store = new InMemoryStudyStore();
        var study = new Study(Space, new RandomSampler(), new PruneEverything(), store, MetricDirection.Maximize, seed: 1);

        study.Optimize(new FakeRunner(), [X(0.1), X(0.2)], maxTrials: 4, CancellationToken.None);

        var states = study.Trials.Select(t => t.State).ToList();
        Assert.Equal([TrialState.Complete, TrialState.Complete, TrialState.Pruned, TrialState.Pruned], states);
        Assert.Equal(3, study.Trials[0].Intermediate.Count);
    }

    [Fact]
    public void Each_enqueued_configuration_is_read_only_when_its_trial_is_about_to_start()
    {
        using var store = new InMemoryStudyStore();
        var runner = new FakeRunner();
        var ranBeforeEachRead = new List<int>();

        IEnumerable<IReadOnlyDictionary<string, double>> Enqueued()
        {
            ranBeforeEachRead.Add(runner.Ran.Count);
            yield return X(0.3);
            ranBeforeEachRead.Add(runner.Ran.Count);
            yield return X(0.6);
        }

        NewStudy(store).Optimize(runner, Enqueued(), maxTrials: 2, CancellationToken.None);

        Assert.Equal([0, 1], ranBeforeEachRead);
        Assert.Equal([0.3, 0.6], runner.Ran);
    }
}
