namespace AutoDL.Data.Quality;

/// <summary>How much a finding of the data-quality check matters, mildest first.</summary>
public enum FindingSeverity
{
    /// <summary>Checked; nothing found.</summary>
    Ok,

    /// <summary>Worth knowing, nothing to fix (e.g. a check that did not run, and why).</summary>
    Info,

    /// <summary>Likely to cost accuracy or mislead metrics: imbalance, small classes, label suspects, outliers, odd sizes, duplicates within a split.</summary>
    Warning,

    /// <summary>Makes results wrong or data silently missing: unreadable files, the same image in two splits (leakage).</summary>
    Error,
}
