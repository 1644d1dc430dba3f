using System.CommandLine;
using AutoDL.Cli.Rendering;
using AutoDL.Evaluation;

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
            consoles.Out.Write(LeaderboardTable.Build(Leaderboard.Read(parse.GetValue(directory)!), maxRows: int.MaxValue));
            return ExitCodes.Success;
        }));
        return command;
    }
}
