using AutoDL.Data;
using AutoDL.Evaluation;

namespace AutoDL;

/// <summary>What a fit produced.</summary>
/// <param name="PackagePath">The best model's package.</param>
/// <param name="Leaderboard">All trials, ranked.</param>
/// <param name="Test">The final model on the held-out test split: the task's own report, which <see cref="EvaluationReport.Scores"/> reads the same way for every task.</param>
/// <param name="Skipped">Files that could not be used, with the reason.</param>
/// <param name="Elapsed">Wall time of the fit.</param>
public sealed record FitResult(string PackagePath, Leaderboard Leaderboard, EvaluationReport Test, IReadOnlyList<SkippedFile> Skipped, TimeSpan Elapsed)
{
    /// <summary>Trials whose networks the package averages with the best one (an ensemble); empty when it predicts with the best alone.</summary>
    public IReadOnlyList<int> EnsembleTrials { get; init; } = [];

    /// <summary>Whether the package averages each image with its mirror (test-time flip).</summary>
    public bool TestTimeFlip { get; init; }

    /// <summary>The run's HTML report (<see cref="Evaluation.Report.FitReport"/>); null when it could not be written (an event says why).</summary>
    public string? ReportPath { get; init; }
}
