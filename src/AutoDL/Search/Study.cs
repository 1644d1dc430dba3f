using System.Diagnostics;
using System.Globalization;
using AutoDL.Search.Samplers;
using AutoDL.Search.Schedulers;
using AutoDL.Search.Storage;

namespace AutoDL.Search;

/// <summary>
/// Runs trials until the time is up: trials a dead process left unfinished first (once), then enqueued
/// configurations (good defaults, so that a usable model exists early), then the sampler's proposals, each
/// checked against the constraint, pruned by the scheduler and recorded in the store as it goes. A trial that
/// throws is recorded as failed with its reason, and the study goes on. All state lives in the store, so a
/// study opened again on the same store continues where it stopped.
/// </summary>
public sealed class Study
{
    /// <summary>Rejected proposals in a row after which the study stops: the space is nearly all forbidden.</summary>
    private const int MaxConsecutiveRejections = 100;

    /// <summary>Proposals in a row that do not fit in the time left after which the study ends: the time is, in effect, up.</summary>
    public const int MaxConsecutiveMisfits = 10;

    private readonly SearchSpace _space;
    private readonly ISampler _sampler;
    private readonly IScheduler _scheduler;
    private readonly IStudyStore _store;
    private readonly Random _random;

    /// <summary>
    /// Creates a study over a space with its sampler, scheduler and store, optimising its trials' values in
    /// <paramref name="direction"/>. The sampler and the scheduler see every value as a score, higher better
    /// (<see cref="MetricDirectionExtensions.AsScores"/>); the store keeps the values as measured.
    /// </summary>
    public Study(SearchSpace space, ISampler sampler, IScheduler scheduler, IStudyStore store, MetricDirection direction, int seed)
    {
        Direction = direction;
        _space = space ?? throw new ArgumentNullException(nameof(space));
        _sampler = sampler ?? throw new ArgumentNullException(nameof(sampler));
        _scheduler = scheduler ?? throw new ArgumentNullException(nameof(scheduler));
        _store = store ?? throw new ArgumentNullException(nameof(store));
        // A resumed study draws a fresh stream: repeating the first run's draws would propose the same points again.
        // (Not HashCode.Combine: it is seeded per process, and the same seed must give the same search.)
        _random = new Random(unchecked(seed * 1_000_003 + store.Trials().Count));
    }

    /// <summary>Whether the trials' values are better high or low.</summary>
    public MetricDirection Direction { get; }

    /// <summary>
    /// Checks a proposal before it trains; returns why it is rejected (e.g. too many parameters, or more
    /// memory than the machine has), or null to accept. Rejected proposals are recorded as failed trials, so
    /// samplers learn to avoid them, and cost no training time.
    /// </summary>
    public Func<IReadOnlyDictionary<string, double>, IReadOnlyList<TrialRecord>, string?>? Constraint { get; init; }

    /// <summary>
    /// Whether there is still time to train an accepted proposal. A proposal that cannot start is dropped
    /// without recording a trial (a configuration that never trained says nothing about its quality) and the
    /// sampler is asked again, since a cheaper one may fit; after <see cref="MaxConsecutiveMisfits"/> in a row
    /// the study ends.
    /// </summary>
    public Func<IReadOnlyDictionary<string, double>, bool>? CanStart { get; init; }

    /// <summary>
    /// The memory a configuration is estimated to need to train, recorded with each trial as it starts
    /// (<see cref="TrialRecord.MemoryBytes"/>), so that a trial killed with its process for lack of memory can be told later.
    /// </summary>
    public Func<IReadOnlyDictionary<string, double>, long>? MemoryEstimate { get; init; }

    /// <summary>How often a running trial's worker writes its heartbeat.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How old a heartbeat must be before a RUNNING trial of a worker on another host counts as dead. A
    /// worker on this host is checked directly (see <see cref="WorkerIdentity"/>).
    /// </summary>
    public TimeSpan HeartbeatTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>All trials so far.</summary>
    public IReadOnlyList<TrialRecord> Trials => _store.Trials();

    /// <summary>Raised when a trial ends, with its final record.</summary>
    public event Action<TrialRecord>? TrialEnded;

    /// <summary>Raised when a trial starts.</summary>
    public event Action<TrialRecord>? TrialStarted;

    /// <summary>
    /// Marks as failed the RUNNING trials whose worker is dead (a process on this host that no longer runs,
    /// or a heartbeat older than <see cref="HeartbeatTimeout"/>), and returns them as they are now stored.
    /// </summary>
    public IReadOnlyList<TrialRecord> RecoverStaleTrials()
    {
        var now = DateTimeOffset.UtcNow;
        var recovered = new List<TrialRecord>();
        foreach (var trial in _store.Trials().Where(t => t.State == TrialState.Running && IsStale(t, now)))
        {
            var failed = trial with
            {
                State = TrialState.Fail,
                Note = trial.MemoryBytes is { } memory
                    ? string.Create(CultureInfo.InvariantCulture, $"{TrialFailure.DiedWithProcess}: its process stopped before the trial ended (killed, crashed, out of memory or the machine went down) while it trained with an estimated {memory / (double)(1L << 20):0} MiB")
                    : $"{TrialFailure.DiedWithProcess}: its process stopped before the trial ended (killed, crashed, out of memory or the machine went down)",
                EndedUtc = now,
            };
            _store.Update(failed);
            recovered.Add(failed);
        }
        return recovered;
    }

    /// <summary>
    /// Runs trials until <paramref name="cancellationToken"/> fires or <paramref name="maxTrials"/> trials
    /// have trained. Trials found stale are retried first, once each; then <paramref name="enqueued"/>
    /// configurations run in order; then the sampler proposes. Returns why it stopped.
    /// Enqueued configurations are the caller's chosen runs (fit's defaults) and are never pruned: judged on the rungs
    /// of their bracket, a trusted run with a longer schedule would be stopped for lagging while its learning rate is
    /// still high. <paramref name="enqueued"/> is read one item at a time, as each trial is about to start, so a later
    /// item may depend on how the earlier trials went and on the time left.
    /// </summary>
    public StudyEnd Optimize(ITrialRunner runner, IEnumerable<IReadOnlyDictionary<string, double>> enqueued, int maxTrials, CancellationToken cancellationToken) =>
        Run(runner, enqueued, maxTrials, propose: true, cancellationToken).End;

    /// <summary>
    /// Runs stale retries and the <paramref name="enqueued"/> configurations as <see cref="Optimize"/> does, but never
    /// proposes: fit's first look and defaults, which train before the space the search samples is centred. Returns how
    /// many trials ran.
    /// </summary>
    public int RunEnqueued(ITrialRunner runner, IEnumerable<IReadOnlyDictionary<string, double>> enqueued, int maxTrials, CancellationToken cancellationToken) =>
        Run(runner, enqueued, maxTrials, propose: false, cancellationToken).Trials;

    private (StudyEnd End, int Trials) Run(ITrialRunner runner, IEnumerable<IReadOnlyDictionary<string, double>> enqueued, int maxTrials, bool propose, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(enqueued);
        var retries = new Queue<TrialRecord>(RecoverStaleTrials().Where(t => t.RetryOf is null));
        using var queue = enqueued.GetEnumerator();
        int rejectedInARow = 0, misfitsInARow = 0, run = 0;
        while (run < maxTrials && !cancellationToken.IsCancellationRequested)
        {
            int? retryOf = null;
            bool chosenByCaller = false;
            IReadOnlyDictionary<string, double> parameters;
            if (retries.TryDequeue(out var stale))
            {
                (parameters, retryOf) = (stale.Params, stale.Number);
            }
            else if (queue.MoveNext())
            {
                (parameters, chosenByCaller) = (queue.Current, true);
            }
            else if (!propose || cancellationToken.IsCancellationRequested)
            {
                // The caller's last item may have ended the study (fit's budget policy does, when a search cannot matter).
                break;
            }
            else
            {
                parameters = _sampler.Propose(_space, Scores(_store.Trials()), _random);
            }
            _space.Validate(parameters);
            if (Constraint?.Invoke(parameters, _store.Trials()) is { } reason)
            {
                Reject(parameters, reason);
                if (++rejectedInARow >= MaxConsecutiveRejections)
                {
                    return (StudyEnd.EverythingRejected, run);
                }
                continue;
            }
            rejectedInARow = 0;
            if (CanStart?.Invoke(parameters) == false)
            {
                if (++misfitsInARow >= MaxConsecutiveMisfits)
                {
                    return (StudyEnd.NothingFits, run);
                }
                continue;
            }
            misfitsInARow = 0;
            RunTrial(runner, parameters, retryOf, prunable: !chosenByCaller, cancellationToken);
            run++;
        }
        return (cancellationToken.IsCancellationRequested ? StudyEnd.Cancelled : StudyEnd.MaxTrials, run);
    }

    private List<TrialRecord> Scores(IReadOnlyList<TrialRecord> trials) => [.. trials.Select(t => Direction.AsScores(t))];

    private void Reject(IReadOnlyDictionary<string, double> parameters, string reason)
    {
        var now = DateTimeOffset.UtcNow;
        var trial = _store.Add(new TrialRecord(0, parameters, TrialState.Running) { StartedUtc = now, Worker = WorkerIdentity.Current, HeartbeatUtc = now });
        trial = trial with { State = TrialState.Fail, Note = $"{TrialFailure.Rejected}: {reason}", EndedUtc = now };
        _store.Update(trial);
        TrialEnded?.Invoke(trial);
    }

    private void RunTrial(ITrialRunner runner, IReadOnlyDictionary<string, double> parameters, int? retryOf, bool prunable, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        var trial = _store.Add(new TrialRecord(0, parameters, TrialState.Running)
        {
            StartedUtc = started,
            Worker = WorkerIdentity.Current,
            HeartbeatUtc = started,
            RetryOf = retryOf,
            MemoryBytes = MemoryEstimate?.Invoke(parameters),
        });
        TrialStarted?.Invoke(trial);
        int number = trial.Number;
        var clock = Stopwatch.StartNew();
        var intermediate = new List<double>();
        TrialOutcome outcome;
        using (new Timer(_ => Beat(number), null, HeartbeatInterval, HeartbeatInterval))
        {
            try
            {
                outcome = runner.Run(trial, value =>
                {
                    intermediate.Add(value);
                    trial = trial with { Intermediate = intermediate.ToList(), HeartbeatUtc = DateTimeOffset.UtcNow };
                    _store.Update(trial);
                    return !prunable || !_scheduler.ShouldPrune(Direction.AsScores(trial), intermediate.Count, Scores(_store.Trials()));
                }, cancellationToken);
            }
            catch (StudyCannotContinueException e)
            {
                RecordFailure(trial, Failed(intermediate, e, Direction), clock.Elapsed);
                throw;
            }
#pragma warning disable CA1031 // A failing trial is data for the study, whatever it threw (native libtorch errors included); the study must go on.
            catch (Exception e)
#pragma warning restore CA1031
            {
                outcome = Failed(intermediate, e, Direction);
            }
        }
        trial = trial with
        {
            State = outcome.State,
            Intermediate = intermediate.ToList(),
            Value = outcome.Value,
            BestEpoch = outcome.BestEpoch,
            ParameterCount = outcome.ParameterCount,
            Note = outcome.Note,
            Seconds = clock.Elapsed.TotalSeconds,
            EndedUtc = DateTimeOffset.UtcNow,
            HeartbeatUtc = DateTimeOffset.UtcNow,
        };
        _store.Update(trial);
        TrialEnded?.Invoke(trial);
    }

    /// <summary>
    /// A trial that threw after some epochs still scored them, and its best epoch may already be the kept model:
    /// the study records that score, so the leaderboard and the package agree.
    /// </summary>
    private static TrialOutcome Failed(List<double> intermediate, Exception e, MetricDirection direction)
    {
        if (intermediate.Count == 0)
        {
            return new TrialOutcome(TrialState.Fail, null, 0, 0, TrialFailure.Describe(e));
        }
        double best = direction.Best(intermediate);
        return new TrialOutcome(TrialState.Fail, best, intermediate.IndexOf(best) + 1, 0, TrialFailure.Describe(e));
    }

    /// <summary>Records a trial the study stops on; a store that cannot be written either leaves it running, and a resume finds it stale.</summary>
    private void RecordFailure(TrialRecord trial, TrialOutcome outcome, TimeSpan elapsed)
    {
        var failed = trial with
        {
            State = TrialState.Fail,
            Value = outcome.Value,
            BestEpoch = outcome.BestEpoch,
            Note = outcome.Note,
            Seconds = elapsed.TotalSeconds,
            EndedUtc = DateTimeOffset.UtcNow,
        };
        try
        {
            _store.Update(failed);
            TrialEnded?.Invoke(failed);
        }
#pragma warning disable CA1031 // The error being raised is the one the user must see; this one is its consequence.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private void Beat(int number)
    {
        try
        {
            _store.Heartbeat(number, DateTimeOffset.UtcNow);
        }
#pragma warning disable CA1031 // A missed heartbeat only delays recovery by others; it must never kill the trial from a timer thread.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private bool IsStale(TrialRecord trial, DateTimeOffset now)
    {
        bool? alive = trial.Worker is { } worker ? WorkerIdentity.IsAlive(worker) : null;
        return alive switch
        {
            true => false,
            false => true,
            null => now - (trial.HeartbeatUtc ?? trial.StartedUtc) > HeartbeatTimeout,
        };
    }
}
