using Spectre.Console;

namespace AutoDL.Cli.Rendering;

/// <summary>
/// Fit progress on a terminal: a live bar for the current epoch (trial, epoch, best so far, time left), with
/// finished epochs and trials printed above it as they happen.
/// </summary>
internal sealed class LiveFitReporter : IProgress<FitProgress>
{
    private readonly IAnsiConsole _console;
    private readonly ProgressTask _task;
    private string _context = "importing";

    public LiveFitReporter(IAnsiConsole console, ProgressTask task)
    {
        _console = console;
        _task = task;
    }

    public void Report(FitProgress value)
    {
        switch (value.Stage)
        {
            case FitStage.Importing:
                _context = Markup.Escape(value.Message);
                SetFraction(value.Steps);
                break;
            case FitStage.TrialStarted:
                _context = $"trial {value.Trial}";
                _console.MarkupLine($"[grey]{Format.Duration(value.Elapsed)}[/] [bold]{Markup.Escape(value.Message)}[/]");
                SetFraction((0, 1));
                break;
            case FitStage.Batch:
                SetFraction(value.Steps);
                break;
            case FitStage.Epoch:
                _context = value.Epoch is var (current, planned) ? $"trial {value.Trial} epoch {Math.Min(current + 1, planned)}/{planned}" : _context;
                _console.MarkupLine($"[grey]{Format.Duration(value.Elapsed)}[/]   {Markup.Escape(value.Message)}");
                break;
            case FitStage.TrialEnded or FitStage.Resuming or FitStage.Inspecting or FitStage.Calibrating or FitStage.Planning:
                _console.MarkupLine($"[grey]{Format.Duration(value.Elapsed)}[/] {Markup.Escape(value.Message)}");
                break;
            case FitStage.Finishing:
                _context = Markup.Escape(value.Message);
                SetFraction((1, 1));
                break;
        }
        string best = value.BestSoFar is { } b ? $" · best [green]{Format.Metric(b)}[/]" : "";
        _task.Description = $"{_context}{best} · [yellow]{Format.Duration(value.Remaining)} left[/]";
    }

    private void SetFraction((int Done, int Total)? steps)
    {
        if (steps is var (done, total) && total > 0)
        {
            _task.MaxValue = total;
            _task.Value = done;
        }
    }
}
