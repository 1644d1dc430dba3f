using System.Globalization;
using System.Text;
using System.Text.Json;
using AutoDL.Internal;
using AutoDL.Search;

namespace AutoDL.Evaluation;

/// <summary>The trials of a study ranked by validation metric, written as CSV and JSON.</summary>
public sealed class Leaderboard
{
    /// <summary>File name of the CSV form.</summary>
    public const string CsvFileName = "leaderboard.csv";

    /// <summary>File name of the JSON form.</summary>
    public const string JsonFileName = "leaderboard.json";

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Creates a leaderboard from rows already ranked.</summary>
    public Leaderboard(string metric, IReadOnlyList<LeaderboardRow> rows)
    {
        Metric = metric ?? throw new ArgumentNullException(nameof(metric));
        Rows = rows ?? throw new ArgumentNullException(nameof(rows));
    }

    /// <summary>The validation metric the rows are ranked by.</summary>
    public string Metric { get; }

    /// <summary>Rows, best first; trials without a value last.</summary>
    public IReadOnlyList<LeaderboardRow> Rows { get; }

    /// <summary>Ranks a study's trials.</summary>
    public static Leaderboard FromTrials(IEnumerable<TrialRecord> trials, SearchSpace space, string metric)
    {
        ArgumentNullException.ThrowIfNull(trials);
        ArgumentNullException.ThrowIfNull(space);
        var ordered = trials
            .OrderByDescending(t => t.Value.HasValue)
            .ThenByDescending(t => t.Value ?? 0)
            .ThenBy(t => t.Seconds)
            .ToList();
        var rows = ordered.Select((t, i) =>
        {
            var hyper = t.Params.Where(p => p.Key != "family").ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
            string family = t.Params.TryGetValue("family", out var f) ? space["family"].Distribution.Format(f) : "";
            return new LeaderboardRow(i + 1, t.Number, t.State.ToString(), family, space.Describe(hyper), t.Value, t.Intermediate.Count, Math.Round(t.Seconds, 1), t.ParameterCount, t.Note);
        }).ToList();
        return new Leaderboard(metric, rows);
    }

    /// <summary>Writes leaderboard.csv and leaderboard.json into a folder.</summary>
    public void Write(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, JsonFileName), JsonSerializer.Serialize(new LeaderboardFile(Metric, Rows), JsonOptions));
        var csv = new StringBuilder();
        csv.AppendLine($"rank,trial,state,family,hyperparameters,validation_{Metric},epochs,train_seconds,parameters,note");
        foreach (var r in Rows)
        {
            csv.AppendLine(string.Join(',',
                r.Rank.ToString(CultureInfo.InvariantCulture),
                r.Trial.ToString(CultureInfo.InvariantCulture),
                r.State,
                Csv.Field(r.Family),
                Csv.Field(r.Hyperparameters),
                r.ValidationMetric?.ToString("0.#####", CultureInfo.InvariantCulture) ?? "",
                r.Epochs.ToString(CultureInfo.InvariantCulture),
                r.TrainSeconds.ToString("0.#", CultureInfo.InvariantCulture),
                r.Parameters.ToString(CultureInfo.InvariantCulture),
                Csv.Field(r.Note ?? "")));
        }
        File.WriteAllText(Path.Combine(directory, CsvFileName), csv.ToString());
    }

    /// <summary>Reads the leaderboard a fit wrote into <paramref name="directory"/>.</summary>
    public static Leaderboard Read(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var path = Path.Combine(directory, JsonFileName);
        if (!File.Exists(path))
        {
            throw new AutoDLException($"No leaderboard in '{directory}': {JsonFileName} is missing. Pass the output folder of `autodl fit`.");
        }
        try
        {
            var file = JsonSerializer.Deserialize<LeaderboardFile>(File.ReadAllText(path), JsonOptions)
                ?? throw new AutoDLException($"The leaderboard '{path}' is empty.");
            return new Leaderboard(file.Metric, file.Rows);
        }
        catch (JsonException e)
        {
            throw new AutoDLException($"The leaderboard '{path}' is damaged ({e.Message}).", e);
        }
    }

    private sealed record LeaderboardFile(string Metric, IReadOnlyList<LeaderboardRow> Rows);
}
