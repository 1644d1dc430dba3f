using System.Text.Json;

namespace AutoDL.Search.Storage;

/// <summary>
/// A study kept in one JSON file, rewritten atomically (temporary file, then rename) after every change,
/// so a crash leaves the last consistent state. Fine for one process; a SQLite store takes over when
/// studies need concurrent writers.
/// </summary>
public sealed class JsonFileStudyStore : IStudyStore
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };
    private readonly string _path;
    private readonly List<TrialRecord> _trials;
    private readonly Lock _gate = new();

    /// <summary>Opens the study at <paramref name="path"/>, creating it when absent.</summary>
    public JsonFileStudyStore(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _path = path;
        _trials = [];
        if (File.Exists(path))
        {
            try
            {
                _trials.AddRange(JsonSerializer.Deserialize<List<TrialRecord>>(File.ReadAllText(path), Options) ?? []);
            }
            catch (JsonException e)
            {
                throw new AutoDLException($"The study file '{path}' is damaged ({e.Message}). Move it away to start a new study.", e);
            }
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<TrialRecord> Trials()
    {
        lock (_gate)
        {
            return _trials.ToList();
        }
    }

    /// <inheritdoc />
    public TrialRecord Add(IReadOnlyDictionary<string, double> parameters, DateTimeOffset startedUtc)
    {
        lock (_gate)
        {
            var trial = new TrialRecord(_trials.Count, new Dictionary<string, double>(parameters, StringComparer.Ordinal), TrialState.Running) { StartedUtc = startedUtc };
            _trials.Add(trial);
            Save();
            return trial;
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
            Save();
        }
    }

    private void Save()
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(_path))!;
        Directory.CreateDirectory(directory);
        var temporary = _path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(_trials, Options));
        File.Move(temporary, _path, overwrite: true);
    }
}
