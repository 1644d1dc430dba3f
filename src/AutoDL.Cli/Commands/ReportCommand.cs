using System.CommandLine;
using AutoDL.Evaluation.Report;
using Spectre.Console;

namespace AutoDL.Cli.Commands;

/// <summary><c>autodl report DIR</c>: the HTML run report of a fit, at any moment, from its events.</summary>
internal static class ReportCommand
{
    public static Command Create(Consoles consoles)
    {
        var directory = new Argument<string>("DIR") { Description = "The output folder of `autodl fit` (finished, running or stopped)." };
        var output = new Option<string?>("--output", "-o") { Description = "Where to write the page (default: DIR/report.html)." };
        var command = new Command("report", "Write the HTML report of a fit: data, leaderboard, search over time, what mattered, test figures, cost.") { directory, output };
        command.SetAction((parse, _) => CommandRunner.RunAsync(consoles, () =>
        {
            var path = FitReport.Write(parse.GetValue(directory)!, parse.GetValue(output));
            consoles.Out.MarkupLine($"Report: [bold]{Markup.Escape(path)}[/]");
            return ExitCodes.Success;
        }));
        return command;
    }
}
