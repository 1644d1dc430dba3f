using System.CommandLine;
using AutoDL.Cli.Rendering;
using AutoDL.Tasks;
using Spectre.Console;

namespace AutoDL.Cli.Commands;

/// <summary><c>autodl fit DATA</c>: search, train, evaluate and package a model.</summary>
internal static class FitCommand
{
    public static Command Create(Consoles consoles)
    {
        var data = new Argument<string>("DATA") { Description = "Image folder (DATA/<class>/*.png, optionally DATA/train and DATA/test), CSV manifest (path,label) or IDX folder (MNIST format)." };
        var task = new Option<string>("--task") { Description = "The task: auto infers it from the data.", DefaultValueFactory = _ => "auto" };
        task.AcceptOnlyFromAmong([.. TaskDetector.Names]);
        var timeLimit = new Option<string>("--time-limit") { Description = "Hard wall-clock limit for the whole fit, e.g. 90s, 10m, 1h30m.", DefaultValueFactory = _ => "10m" };
        var output = new Option<string>("--output", "-o") { Description = "Folder for model.adlpk, leaderboard.csv/json and the study.", DefaultValueFactory = _ => "autodl-output" };
        var seed = new Option<int>("--seed") { Description = "Seed for splits, initialisation and the search.", DefaultValueFactory = _ => 42 };
        var maxTrials = new Option<int?>("--max-trials") { Description = "Stop after this many trials even if time is left." };
        var maxParameters = new Option<long?>("--max-parameters") { Description = "Only networks with at most this many parameters (a size budget for deployment)." };
        var resume = new Option<bool>("--resume") { Description = "Continue the study in the output folder (fails if there is none). Re-running on the same folder continues it too; --resume makes sure." };
        var newStudy = new Option<bool>("--new-study") { Description = "Start a new study in the output folder; the old study is kept as study-<date>.db." };
        var excludeSuspects = new Option<bool>("--exclude-suspects") { Description = "Leave out training images whose label a quick cross-validated model finds likely wrong (takes up to a quarter of the time limit). Your files are never changed; OUTPUT/excluded.csv lists what was left out." };

        var command = new Command("fit", "Search and train a model for DATA within a time limit; write the model package and a leaderboard.")
        {
            data, task, timeLimit, output, seed, maxTrials, maxParameters, resume, newStudy, excludeSuspects,
        };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(consoles, () =>
        {
            var options = new FitOptions(parse.GetValue(data)!, parse.GetValue(output)!)
            {
                Task = parse.GetValue(task)!,
                TimeLimit = DurationParser.Parse(parse.GetValue(timeLimit)!, "--time-limit"),
                Seed = parse.GetValue(seed),
                MaxTrials = parse.GetValue(maxTrials) is int m ? (m > 0 ? m : throw new UsageException("--max-trials must be at least 1.")) : int.MaxValue,
                MaxParameters = parse.GetValue(maxParameters) is long p ? (p > 0 ? p : throw new UsageException("--max-parameters must be at least 1.")) : null,
                Study = (parse.GetValue(resume), parse.GetValue(newStudy)) switch
                {
                    (true, true) => throw new UsageException("--resume and --new-study contradict each other; give one."),
                    (true, false) => StudyMode.Resume,
                    (false, true) => StudyMode.New,
                    _ => StudyMode.Continue,
                },
                ExcludeSuspects = parse.GetValue(excludeSuspects),
            };
            var result = Run(consoles.Out, options, cancellationToken);
            Summarize(consoles.Out, result);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static FitResult Run(IAnsiConsole console, FitOptions options, CancellationToken cancellationToken)
    {
        console.MarkupLine($"Fitting [bold]{Markup.Escape(options.DataPath)}[/] within {Format.Duration(options.TimeLimit)} → [bold]{Markup.Escape(options.OutputDirectory)}[/]");
        if (!console.Profile.Capabilities.Interactive)
        {
            return AutoFit.Run(options, new PlainFitReporter(console), cancellationToken);
        }
        FitResult? result = null;
        console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn())
            .Start(context =>
            {
                var task = context.AddTask("starting", maxValue: 1);
                result = AutoFit.Run(options, new LiveFitReporter(console, task), cancellationToken);
                task.StopTask();
            });
        return result!;
    }

    private static void Summarize(IAnsiConsole console, FitResult result)
    {
        if (result.Skipped.Count > 0)
        {
            console.MarkupLine($"[yellow]{result.Skipped.Count} file(s) skipped[/] (unreadable or not images):");
            foreach (var s in result.Skipped.Take(20))
            {
                console.MarkupLine($"  {Markup.Escape(s.Path)}: {Markup.Escape(s.Reason)}");
            }
            if (result.Skipped.Count > 20)
            {
                console.MarkupLine($"  … and {result.Skipped.Count - 20} more (see data.skipped in the package manifest)");
            }
        }
        console.Write(LeaderboardTable.Build(result.Leaderboard));
        var best = result.Leaderboard.Rows[0];
        console.MarkupLine($"Best: trial {best.Trial}, {Markup.Escape(best.Family)} {Markup.Escape(best.Hyperparameters)}");
        if (result.EnsembleTrials.Count > 0 || result.TestTimeFlip)
        {
            var additions = result.EnsembleTrials.Select(t => $"trial {t}").Concat(result.TestTimeFlip ? ["each image's mirror"] : []);
            console.MarkupLine($"The model averages it with {Markup.Escape(string.Join(" and ", additions))}: that scored higher on validation.");
        }
        console.MarkupLine(TestSummary.Line(result.Test, result.Leaderboard.Metric));
        console.MarkupLine($"Model: [bold]{Markup.Escape(result.PackagePath)}[/] (fit took {Format.Duration(result.Elapsed)})");
        if (result.ReportPath is not null)
        {
            console.MarkupLine($"Report: {Markup.Escape(result.ReportPath)}");
        }
    }
}
