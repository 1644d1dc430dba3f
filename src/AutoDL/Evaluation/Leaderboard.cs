using System.Globalization;
using System.Text;
using System.Text.Json;
using AutoDL.Internal;
using AutoDL.Search;
using AutoDL.Search.Storage;

namespace AutoDL.Evaluation;

/// <summary>The trials of a study ranked by validation metric, written as CSV and JSON.</summary>
public sealed class Leaderboard
{
    /// <summary>File name of the CSV form.</summary>
    public const string CsvFileName = "leaderboard.csv";

    /// <summary>File name of the JSON form.</summary>
    public const string JsonFileName = "leaderboard.json";

    private const string SpaceAttribute = "leaderboard.search_space";
    private const string MetricAttribute = "leaderboard.metric";
    private const string DirectionAttribute = "leaderboard.direction";

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Creates a leaderboard from rows already ranked.</summary>
    public Leaderboard(string metric, MetricDirection direction, IReadOnlyList<LeaderboardRow> rows)
    {
        Metric = metric ?? throw new ArgumentNullException(nameof(metric));
        Direction = direction;
        Rows = rows ?? throw new ArgumentNullException(nameof(rows));
    }

    /// <summary>The validation metric the rows are ranked by.</summary>
    public string Metric { get; }

    /// <summary>Whether the metric is better high or low.</summary>
    public MetricDirection Direction { get; }

    /// <summary>Rows, best first; trials without a value last.</summary>
    public IReadOnlyList<LeaderboardRow> Rows { get; }

    /// <summary>Ranks a study's trials, best value first in <paramref name="direction"/>.</summary>
    public static Leaderboard FromTrials(IEnumerable<TrialRecord> trials, SearchSpace space, string metric, MetricDirection direction)
    {
        ArgumentNullException.ThrowIfNull(trials);
        ArgumentNullException.ThrowIfNull(space);
        var ordered = trials
            .OrderByDescending(t => t.Value.HasValue)
            .ThenByDescending(t => direction.Score(t.Value ?? 0))
            .ThenBy(t => t.Seconds)
            .ToList();
        var rows = ordered.Select((t, i) =>
        {
            var hyper = t.Params.Where(p => p.Key != "family").ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
            string family = t.Params.TryGetValue("family", out var f) ? space["family"].Distribution.Format(f) : "";
            return new LeaderboardRow(i + 1, t.Number, t.State.ToString(), family, space.Describe(hyper), t.Value, t.Intermediate.Count, Math.Round(t.Seconds, 1), t.ParameterCount, t.Note);
        }).ToList();
        return new Leaderboard(metric, direction, rows);
    }

    /// <summary>Writes leaderboard.csv and leaderboard.json into a folder.</summary>
    public void Write(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        // Each file whole or not at all: a full disk must not leave truncated JSON where the last good leaderboard was.
        var json = JsonSerializer.SerializeToUtf8Bytes(new LeaderboardFile(Metric, Rows) { Direction = Direction }, JsonOptions);
        AtomicFile.Write(Path.Combine(directory, JsonFileName), stream => stream.Write(json), RebuildAdvice);
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
        var text = Encoding.UTF8.GetBytes(csv.ToString());
        AtomicFile.Write(Path.Combine(directory, CsvFileName), stream => stream.Write(text), RebuildAdvice);
    }

    private const string RebuildAdvice = "Free some disk space; meanwhile `autodl leaderboard DIR` shows it from the study, which keeps every trial.";

    /// <summary>
    /// Stores in the study what <see cref="FromStudy"/> needs besides its trials: the space that describes their
    /// hyperparameters and the metric they are ranked by.
    /// </summary>
    public static void DescribeIn(IStudyStore store, SearchSpace space, string metric, MetricDirection direction)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(space);
        store.SetAttribute(SpaceAttribute, space.ToJson());
        store.SetAttribute(MetricAttribute, metric);
        store.SetAttribute(DirectionAttribute, direction.ToString());
    }

    /// <summary>
    /// Ranks a study's trials as they stand, from the study alone; null when the study was not described with
    /// <see cref="DescribeIn"/> (studies of earlier versions) or has no space stored yet.
    /// </summary>
    public static Leaderboard? FromStudy(IStudyStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (store.GetAttribute(SpaceAttribute) is not { } json || store.GetAttribute(MetricAttribute) is not { } metric)
        {
            return null;
        }
        // Before directions were stored every study maximised.
        var direction = Enum.TryParse<MetricDirection>(store.GetAttribute(DirectionAttribute), out var stored) ? stored : MetricDirection.Maximize;
        return FromTrials(store.Trials(), SearchSpace.FromJson(json), metric, direction);
    }

    /// <summary>
    /// The leaderboard of a fit's output folder: rebuilt from its study when there is one, so that it is current while
    /// the fit runs and after the fit was killed, else the leaderboard the fit wrote at its end.
    /// </summary>
    public static Leaderboard Read(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var study = Path.Combine(directory, SqliteStudyStore.FileName);
        var path = Path.Combine(directory, JsonFileName);
        if (File.Exists(study))
        {
            try
            {
                using var store = new SqliteStudyStore(study);
                if (FromStudy(store) is { } live)
                {
                    return live;
                }
            }
            catch (JsonException e)
            {
                throw new AutoDLException($"The search space stored in the study '{study}' is damaged ({e.Message}).", e);
            }
            catch (AutoDLException) when (File.Exists(path))
            {
                // A study that cannot be opened (a read-only folder, say) still has the leaderboard its fit wrote.
            }
        }
        if (!File.Exists(path))
        {
            throw new AutoDLException($"No leaderboard in '{directory}': {JsonFileName} is missing. Pass the output folder of `autodl fit`.");
        }
        try
        {
            var file = JsonSerializer.Deserialize<LeaderboardFile>(File.ReadAllText(path), JsonOptions)
                ?? throw new AutoDLException($"The leaderboard '{path}' is empty.");
            return new Leaderboard(file.Metric, file.Direction ?? MetricDirection.Maximize, file.Rows);
        }
        catch (JsonException e)
        {
            throw new AutoDLException($"The leaderboard '{path}' is damaged ({e.Message}).", e);
        }
    }

    /// <summary>leaderboard.json; files written before directions existed have none, and maximised.</summary>
    private sealed record LeaderboardFile(string Metric, IReadOnlyList<LeaderboardRow> Rows)
    {
        public MetricDirection? Direction { get; init; }
    }
}
