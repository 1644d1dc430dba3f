using System.CommandLine;
using AutoDL.Cli.Rendering;
using AutoDL.Server.Dashboard;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace AutoDL.Cli.Commands;

/// <summary><c>autodl dashboard DIR</c>: a local web page that follows a fit live.</summary>
internal static class DashboardCommand
{
    public static Command Create(Consoles consoles)
    {
        var defaults = new DashboardOptions();
        var directory = new Argument<string>("DIR") { Description = "The output folder of `autodl fit` (running, finished, or about to start), or its study.db." };
        var host = new Option<string>("--host") { Description = "Address to listen on; 127.0.0.1 keeps the page to this machine.", DefaultValueFactory = _ => defaults.Host };
        var port = new Option<int>("--port") { Description = "TCP port; 0 picks a free one.", DefaultValueFactory = _ => defaults.Port };
        var command = new Command("dashboard", "Follow a fit live in the browser: leaderboard, search over time, learning curves, test figures. Ctrl+C stops it.") { directory, host, port };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(consoles, () =>
        {
            var options = defaults with
            {
                Host = parse.GetValue(host)!,
                Port = parse.GetValue(port) is int p and >= 0 and <= 65535 ? p : throw new UsageException("--port must be between 0 and 65535."),
            };
            var folder = parse.GetValue(directory)!;
            // A study file stands for the fit folder it is in.
            if (File.Exists(folder) && folder.EndsWith(".db", StringComparison.OrdinalIgnoreCase))
            {
                folder = Path.GetDirectoryName(Path.GetFullPath(folder))!;
            }
            using var log = new ConsoleLog(consoles.Error, LogLevel.Warning);
            using var loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(log).SetMinimumLevel(LogLevel.Warning));
            using var stop = new StopSignals(cancellationToken);
            var dashboard = FitDashboard.StartAsync(folder, options, loggerFactory, stop.Token).GetAwaiter().GetResult();
            try
            {
                consoles.Out.MarkupLine($"Dashboard of [bold]{Markup.Escape(folder)}[/] on [bold]{Markup.Escape(dashboard.Address.ToString())}[/]");
                if (options.Host != defaults.Host)
                {
                    consoles.Error.MarkupLine($"[yellow]warning:[/] listening on {Markup.Escape(options.Host)}: anyone who can reach this machine can read the fit's folder names, classes and figures.");
                }
                consoles.Out.MarkupLine("Press Ctrl+C to stop.");
                stop.Token.WaitHandle.WaitOne();
            }
            finally
            {
                dashboard.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
            consoles.Out.MarkupLine("Stopped.");
            return ExitCodes.Success;
        }));
        return command;
    }
}
