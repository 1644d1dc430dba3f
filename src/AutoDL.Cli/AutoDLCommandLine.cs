using System.CommandLine;
using AutoDL.Cli.Commands;
using Spectre.Console;

namespace AutoDL.Cli;

/// <summary>The <c>autodl</c> command tree and its exit-code conventions.</summary>
internal static class AutoDLCommandLine
{
    public static RootCommand Build(Consoles consoles) => new("AutoDL.NET: automated deep learning. Give it labelled images and a time limit; get a searched, trained and evaluated model.")
    {
        InspectCommand.Create(consoles),
        FitCommand.Create(consoles),
        PredictCommand.Create(consoles),
        EvaluateCommand.Create(consoles),
        LeaderboardCommand.Create(consoles),
        ReportCommand.Create(consoles),
        DashboardCommand.Create(consoles),
        MonitorCommand.Create(consoles),
        ExportCommand.Create(consoles),
        OptimizeCommand.Create(consoles),
        ServeCommand.Create(consoles),
    };

    /// <summary>Parses and runs; a malformed command line exits with 2 after saying what is wrong.</summary>
    public static int Run(string[] args, Consoles consoles)
    {
        var root = Build(consoles);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                consoles.Error.MarkupLine($"[red]error:[/] {Markup.Escape(error.Message)}");
            }
            consoles.Error.MarkupLine($"Run '{Markup.Escape(parse.CommandResult.Command.Name == root.Name ? "autodl" : "autodl " + parse.CommandResult.Command.Name)} --help' for usage.");
            return ExitCodes.Usage;
        }
        // Ctrl+C cancels the action's token; give a fit time to evaluate and write its best model before the process is ended.
        return parse.Invoke(new InvocationConfiguration
        {
            ProcessTerminationTimeout = TimeSpan.FromSeconds(60),
            Output = consoles.Out.Profile.Out.Writer,
            Error = consoles.Error.Profile.Out.Writer,
        });
    }
}
