using AutoDL.Evaluation;
using Spectre.Console;

namespace AutoDL.Cli.Rendering;

/// <summary>The leaderboard as a terminal table.</summary>
internal static class LeaderboardTable
{
    public static Table Build(Leaderboard leaderboard, int maxRows = 20)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]Leaderboard[/]");
        table.AddColumns("rank", "trial", "state", "family", $"val {leaderboard.Metric}", "epochs", "seconds", "params");
        foreach (var r in leaderboard.Rows.Take(maxRows))
        {
            table.AddRow(
                r.Rank.ToString(System.Globalization.CultureInfo.InvariantCulture),
                r.Trial.ToString(System.Globalization.CultureInfo.InvariantCulture),
                r.State.ToLowerInvariant(),
                r.Family,
                Format.Metric(r.ValidationMetric),
                r.Epochs.ToString(System.Globalization.CultureInfo.InvariantCulture),
                r.TrainSeconds.ToString("0", System.Globalization.CultureInfo.InvariantCulture),
                Format.Count(r.Parameters));
        }
        if (leaderboard.Rows.Count > maxRows)
        {
            table.Caption($"{leaderboard.Rows.Count - maxRows} more in leaderboard.csv");
        }
        return table;
    }
}
