using System.Text.Json;
using AutoDL.Events;
using AutoDL.Packaging;
using AutoDL.Search;
using AutoDL.Search.Storage;

namespace AutoDL.Evaluation.Report;

/// <summary>
/// What a fit's output folder says about its run, read the same way while it runs and after it ended: the events (from
/// the study, else events.jsonl), the trials and leaderboard (from the study, else leaderboard.json) and the package's
/// manifest when one is on disk.
/// </summary>
/// <param name="Directory">The output folder.</param>
/// <param name="Events">Every event line that could be read, in order.</param>
/// <param name="UnreadableEvents">Lines left out: written by a newer AutoDL, or cut off by a crash.</param>
/// <param name="Trials">The study's trials; empty when there is no study.</param>
/// <param name="Leaderboard">The ranked trials, when there are any.</param>
/// <param name="Manifest">The package's manifest, when a model is on disk.</param>
internal sealed record RunReport(string Directory, IReadOnlyList<FitEventLine> Events, int UnreadableEvents, IReadOnlyList<TrialRecord> Trials, Leaderboard? Leaderboard, PackageManifest? Manifest)
{
    /// <summary>Reads the output folder <paramref name="directory"/>; a folder with no events raises an <see cref="AutoDLException"/>.</summary>
    public static RunReport Read(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var studyPath = Path.Combine(directory, SqliteStudyStore.FileName);
        var eventsPath = Path.Combine(directory, FitEventLog.FileName);
        IReadOnlyList<string> lines = [];
        IReadOnlyList<TrialRecord> trials = [];
        Leaderboard? leaderboard = null;
        if (File.Exists(studyPath))
        {
            using var store = new SqliteStudyStore(studyPath);
            lines = store.Events();
            trials = store.Trials();
            leaderboard = Leaderboard.FromStudy(store);
        }
        if (lines.Count == 0 && File.Exists(eventsPath))
        {
            lines = ReadShared(eventsPath);
        }
        if (lines.Count == 0)
        {
            throw new AutoDLException($"'{directory}' holds no events of a fit ({FitEventLog.FileName} or {SqliteStudyStore.FileName}). Pass the output folder of `autodl fit`.");
        }
        var events = new List<FitEventLine>();
        int unreadable = 0;
        foreach (var line in lines)
        {
            try
            {
                if (JsonSerializer.Deserialize<FitEventLine>(line, FitEventLog.JsonOptions) is { } read)
                {
                    events.Add(read);
                }
            }
            catch (JsonException)
            {
                unreadable++;
            }
        }
        if (leaderboard is null && File.Exists(Path.Combine(directory, Leaderboard.JsonFileName)))
        {
            leaderboard = Leaderboard.Read(directory);
        }
        return new RunReport(directory, events, unreadable, trials, leaderboard, ReadManifest(Path.Combine(directory, ModelPackage.FileName)));
    }

    /// <summary>The events of type <typeparamref name="T"/>, each with its line.</summary>
    public IEnumerable<(FitEventLine Line, T Event)> Of<T>()
        where T : FitEvent => Events.Where(e => e.Event is T).Select(e => (e, (T)e.Event));

    /// <summary>The last event of type <typeparamref name="T"/>, if any.</summary>
    public T? Last<T>()
        where T : FitEvent => Events.Select(e => e.Event).OfType<T>().LastOrDefault();

    /// <summary>Whether the fit has ended (it reported its cost).</summary>
    public bool Finished => Last<FitFinished>() is not null;

    /// <summary>Wall time the events span.</summary>
    public double ElapsedSeconds => Events.Count == 0 ? 0 : Events.Max(e => e.ElapsedSeconds);

    /// <summary>The fit appends while this reads: open without locking it out, and ignore a last line cut mid-write.</summary>
    private static List<string> ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                lines.Add(line);
            }
        }
        return lines;
    }

    private static PackageManifest? ReadManifest(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }
        try
        {
            return ModelPackage.ReadContents(path).Manifest;
        }
        catch (AutoDLException)
        {
            // A package being replaced by the fit, or damaged: the report shows the run without it.
            return null;
        }
    }
}
