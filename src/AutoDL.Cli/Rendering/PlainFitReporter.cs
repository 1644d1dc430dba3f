using Spectre.Console;

namespace AutoDL.Cli.Rendering;

/// <summary>Fit progress as plain log lines, for logs and pipes (no cursor movement, no colour codes needed).</summary>
internal sealed class PlainFitReporter : IProgress<FitProgress>
{
    private readonly IAnsiConsole _console;
    private int _lastImportDecile = -1;

    public PlainFitReporter(IAnsiConsole console) => _console = console;

    public void Report(FitProgress value)
    {
        switch (value.Stage)
        {
            case FitStage.Batch:
                return;
            case FitStage.Importing when value.Steps is var (done, total) && total > 0:
                int decile = done * 10 / total;
                if (decile == _lastImportDecile)
                {
                    return;
                }
                _lastImportDecile = decile;
                break;
        }
        string best = value.BestSoFar is { } b ? $" best={Format.Metric(b)}" : "";
        _console.WriteLine($"[{Format.Duration(value.Elapsed)} left {Format.Duration(value.Remaining)}{best}] {value.Message}");
    }
}
