namespace AutoDL.Search.Storage;

/// <summary>A study kept in memory: for tests, benchmarks and throw-away searches that need no resume.</summary>
public sealed class InMemoryStudyStore : IStudyStore
{
    private readonly List<TrialRecord> _trials = [];
    private readonly Dictionary<string, string> _attributes = new(StringComparer.Ordinal);
    private readonly List<string> _events = [];
    private readonly Lock _gate = new();

    /// <inheritdoc />
    public IReadOnlyList<TrialRecord> Trials()
    {
        lock (_gate)
        {
            return _trials.ToList();
        }
    }

    /// <inheritdoc />
    public TrialRecord Add(TrialRecord trial)
    {
        ArgumentNullException.ThrowIfNull(trial);
        lock (_gate)
        {
            var numbered = trial with { Number = _trials.Count, Params = new Dictionary<string, double>(trial.Params, StringComparer.Ordinal) };
            _trials.Add(numbered);
            return numbered;
        }
    }

    /// <inheritdoc />
    public void Update(TrialRecord trial)
    {
        ArgumentNullException.ThrowIfNull(trial);
        lock (_gate)
        {
            if ((uint)trial.Number >= (uint)_trials.Count)
            {
                throw new ArgumentException($"The study has no trial {trial.Number}.", nameof(trial));
            }
            _trials[trial.Number] = trial;
        }
    }

    /// <inheritdoc />
    public void Heartbeat(int number, DateTimeOffset nowUtc)
    {
        lock (_gate)
        {
            _trials[number] = _trials[number] with { HeartbeatUtc = nowUtc };
        }
    }

    /// <inheritdoc />
    public void AppendEvent(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        lock (_gate)
        {
            _events.Add(json);
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<string> Events()
    {
        lock (_gate)
        {
            return _events.ToList();
        }
    }

    /// <inheritdoc />
    public string? GetAttribute(string key)
    {
        lock (_gate)
        {
            return _attributes.GetValueOrDefault(key);
        }
    }

    /// <inheritdoc />
    public void SetAttribute(string key, string value)
    {
        lock (_gate)
        {
            _attributes[key] = value;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
