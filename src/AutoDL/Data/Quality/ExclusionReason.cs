namespace AutoDL.Data.Quality;

/// <summary>Why a task's data cleaning left an image out.</summary>
public enum ExclusionReason
{
    /// <summary>It copies (or nearly copies) an image of a later split (validation or test): training on it would leak the answer.</summary>
    Leakage,

    /// <summary>It repeats another image of its split with the same label; a random split could put the copies on both sides.</summary>
    RepeatedCopy,

    /// <summary>The same image appears under two labels, so one of them is wrong.</summary>
    ConflictingLabels,

    /// <summary>A cross-validated model is confident its label is wrong (only when asked).</summary>
    LabelSuspect,
}
