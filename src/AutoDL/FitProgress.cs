namespace AutoDL;

/// <summary>A progress event of a fit.</summary>
/// <param name="Stage">What is happening.</param>
/// <param name="Message">One line a person can read.</param>
/// <param name="Elapsed">Time since the fit started.</param>
/// <param name="Remaining">Time left before the limit.</param>
public sealed record FitProgress(FitStage Stage, string Message, TimeSpan Elapsed, TimeSpan Remaining)
{
    /// <summary>The current trial, when training.</summary>
    public int? Trial { get; init; }

    /// <summary>The current epoch (1-based) and the epochs planned for the trial.</summary>
    public (int Current, int Planned)? Epoch { get; init; }

    /// <summary>Batches done and batches per epoch, or files done and total while importing.</summary>
    public (int Done, int Total)? Steps { get; init; }

    /// <summary>The best validation metric so far.</summary>
    public double? BestSoFar { get; init; }
}
