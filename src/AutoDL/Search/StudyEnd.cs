namespace AutoDL.Search;

/// <summary>Why <see cref="Study.Optimize"/> returned.</summary>
public enum StudyEnd
{
    /// <summary>The cancellation token fired: the time is up.</summary>
    Cancelled,

    /// <summary>The requested number of trials has trained.</summary>
    MaxTrials,

    /// <summary><see cref="Study.MaxConsecutiveMisfits"/> proposals in a row did not fit in the time left.</summary>
    NothingFits,

    /// <summary>The constraint rejected every recent proposal: the space is nearly all forbidden.</summary>
    EverythingRejected,
}
