using System.Diagnostics;
using AutoDL.Search.Samplers;
using AutoDL.Search.Schedulers;
using AutoDL.Search.Storage;

namespace AutoDL.Search;

/// <summary>
/// Runs trials until the time is up: enqueued configurations first (good defaults, so that a usable model
/// exists early), then the sampler's proposals, each pruned by the scheduler and recorded in the store.
/// A trial that throws is recorded as failed and the study goes on.
/// </summary>
public sealed class Study
{
    private readonly SearchSpace _space;
    private readonly ISampler _sampler;
    private readonly IScheduler _scheduler;
    private readonly IStudyStore _store;
    private readonly Random _random;

    /// <summary>Creates a study over a space with its sampler, scheduler and store.</summary>
    public Study(SearchSpace space, ISampler sampler, IScheduler scheduler, IStudyStore store, int seed)
    {
        _space = space ?? throw new ArgumentNullException(nameof(space));
        _sampler = sampler ?? throw new ArgumentNullException(nameof(sampler));
        _scheduler = scheduler ?? throw new ArgumentNullException(nameof(scheduler));
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _random = new Random(seed);
    }

    /// <summary>All trials so far.</summary>
    public IReadOnlyList<TrialRecord> Trials => _store.Trials();

    /// <summary>Raised when a trial ends, with its final record.</summary>
    public event Action<TrialRecord>? TrialEnded;

    /// <summary>Raised when a trial starts.</summary>
    public event Action<TrialRecord>? TrialStarted;

    /// <summary>
    /// Runs trials until <paramref name="cancellationToken"/> fires or <paramref name="maxTrials"/> trials
    /// have run. <paramref name="enqueued"/> configurations run first, in order.
    /// </summary>
    public void Optimize(ITrialRunner runner, IEnumerable<IReadOnlyDictionary<string, double>> enqueued, int maxTrials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(enqueued);
        using var queue = enqueued.GetEnumerator();
        for (int run = 0; run < maxTrials && !cancellationToken.IsCancellationRequested; run++)
        {
            var parameters = queue.MoveNext() ? queue.Current : _sampler.Propose(_space, _store.Trials(), _random);
            _space.Validate(parameters);
            RunTrial(runner, parameters, cancellationToken);
        }
    }

    private void RunTrial(ITrialRunner runner, IReadOnlyDictionary<string, double> parameters, CancellationToken cancellationToken)
    {
        var trial = _store.Add(parameters, DateTimeOffset.UtcNow);
        TrialStarted?.Invoke(trial);
        var clock = Stopwatch.StartNew();
        var intermediate = new List<double>();
        TrialOutcome outcome;
        try
        {
            outcome = runner.Run(trial, value =>
            {
                intermediate.Add(value);
                trial = trial with { Intermediate = intermediate.ToList() };
                _store.Update(trial);
                return !_scheduler.ShouldPrune(trial, intermediate.Count, _store.Trials());
            }, cancellationToken);
        }
#pragma warning disable CA1031 // A failing trial is data for the study, whatever it threw; the study must go on.
        catch (Exception e)
#pragma warning restore CA1031
        {
            outcome = new TrialOutcome(TrialState.Fail, null, 0, 0, $"{e.GetType().Name}: {e.Message}");
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
        };
        _store.Update(trial);
        TrialEnded?.Invoke(trial);
    }
}
