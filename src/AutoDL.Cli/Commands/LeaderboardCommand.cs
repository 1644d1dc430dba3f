using System.CommandLine;
using AutoDL.Cli.Rendering;
using AutoDL.Evaluation;
using Spectre.Console;

namespace AutoDL.Cli.Commands;

/// <summary><c>autodl leaderboard DIR</c>: the ranked trials of a fit.</summary>
internal static class LeaderboardCommand
{
    public static Command Create(Consoles consoles)
    {
        var directory = new Argument<string>("DIR") { Description = "The output folder of `autodl fit`." };
        var command = new Command("leaderboard", "Show the ranked trials of a fit.") { directory };
        command.SetAction((parse, _) => CommandRunner.RunAsync(consoles, () =>
        {
            var leaderboard = Leaderboard.Read(parse.GetValue(directory)!);
            consoles.Out.Write(LeaderboardTable.Build(leaderboard, maxRows: int.MaxValue));
            foreach (var row in leaderboard.Rows)
            {
                consoles.Out.MarkupLine($"trial {row.Trial}: {Markup.Escape(row.Hyperparameters)}{(row.Note is null ? "" : $" [grey]({Markup.Escape(row.Note)})[/]")}");
            }
            return ExitCodes.Success;
        }));
        return command;
    }
}
