using AutoDL.Evaluation.Report;
using Microsoft.Extensions.Logging;

namespace AutoDL.Server.Dashboard;

/// <summary>
/// The report of a fit's folder as it stands, drawn again only when the files a fit writes have changed (their sizes
/// and times), and once for every client: clients poll <see cref="Current"/> each second.
/// </summary>
internal sealed class RunSnapshots(string directory, ILogger logger)
{
    // What a fit writes as it goes: the events (in both places), the package of its best model, the leaderboard at the end.
    private static readonly string[] Watched = ["events.jsonl", "study.db", "study.db-wal", "model.adlpk", "leaderboard.json"];

    private readonly Lock _gate = new();
    private Snapshot? _last;

    /// <summary>One drawing of the report: a number that changes with the folder, the report's body, and whether the fit ended.</summary>
    public sealed record Snapshot(long Version, string Html, int Events, bool Finished);

    /// <summary>The report as the folder stands now.</summary>
    public Snapshot Current()
    {
        lock (_gate)
        {
            long version = Version();
            if (_last is { } last && last.Version == version)
            {
                return last;
            }
            _last = Draw(version);
            return _last;
        }
    }

    private Snapshot Draw(long version)
    {
        try
        {
            var report = RunReport.Read(directory);
            return new Snapshot(version, RunReportHtml.Body(report), report.Events.Count, report.Finished);
        }
        catch (AutoDLException e) when (_last is null)
        {
            // No fit has written here yet: say so, and look again at the next poll.
            return new Snapshot(version, $"<h1>AutoDL.NET fit dashboard</h1><p class=\"note\">Waiting for a fit: {System.Net.WebUtility.HtmlEncode(e.Message)}</p>", 0, false);
        }
#pragma warning disable CA1031 // A fit writing mid-read (a locked study, a half-written package) must not break the page: the last drawing stays.
        catch (Exception e) when (_last is not null && e is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            logger.LogDebug(e, "Could not draw the report of {Directory}; keeping the last one", directory);
            return _last;
        }
    }

    private long Version()
    {
        var hash = new HashCode();
        foreach (var name in Watched)
        {
            var file = new FileInfo(Path.Combine(directory, name));
            hash.Add(file.Exists ? file.Length : -1);
            hash.Add(file.Exists ? file.LastWriteTimeUtc.Ticks : 0);
        }
        return hash.ToHashCode();
    }
}
