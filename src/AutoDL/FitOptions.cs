namespace AutoDL;

/// <summary>What to learn from, where to write, and how long to take.</summary>
/// <param name="DataPath">An image folder (class subfolders, optionally train/ and test/), a CSV manifest (path,label) or an IDX folder.</param>
/// <param name="OutputDirectory">Receives model.adlpk, leaderboard.csv/json and the study; created when absent.</param>
public sealed record FitOptions(string DataPath, string OutputDirectory)
{
    /// <summary>"auto" (infer from the data) or "image-classification".</summary>
    public string Task { get; init; } = "auto";

    /// <summary>Hard wall-clock limit for the whole fit, data import included. 10 minutes gives a good small-image model on a laptop CPU.</summary>
    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Seeds splits, initialisation, augmentation and the sampler.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Stop after this many trials even if time is left (mainly for tests and quick looks).</summary>
    public int MaxTrials { get; init; } = int.MaxValue;

    /// <summary>Share of the training data held out for validation when the data has no validation split. 10% keeps enough for training while giving a validation metric stable to about ±0.5% on 30,000 images.</summary>
    public double ValidationFraction { get; init; } = 0.1;

    /// <summary>Share of the data held out for the final test when the data has no test split.</summary>
    public double TestFraction { get; init; } = 0.1;

    /// <summary>The most trainable parameters a network may have (a size budget for deployment), or null for no limit. Larger proposals are rejected before training.</summary>
    public long? MaxParameters { get; init; }

    /// <summary>The most forward multiply-adds per image a network may need (an inference-cost budget), or null for no limit.</summary>
    public long? MaxMultiplyAdds { get; init; }

    /// <summary>What to do with a study an earlier run left in the output folder: continue it (the default), insist on continuing it, or start anew.</summary>
    public StudyMode Study { get; init; } = StudyMode.Continue;

    /// <summary>
    /// Leave out training images whose label a quick cross-validated model finds likely wrong (confident
    /// learning). Costs up to a quarter of <see cref="TimeLimit"/>, which is why it is off unless asked for.
    /// Exact copies across splits are always left out; the files themselves are never touched.
    /// </summary>
    public bool ExcludeSuspects { get; init; }

    /// <summary>Largest image side the networks see; larger images are resized. 64 px keeps CPU training affordable.</summary>
    public int MaxImageSide { get; init; } = 64;
}
