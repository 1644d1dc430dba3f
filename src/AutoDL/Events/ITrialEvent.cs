namespace AutoDL.Events;

/// <summary>An event about one trial of the search.</summary>
public interface ITrialEvent
{
    /// <summary>The trial's number, as in the study and the leaderboard.</summary>
    int Trial { get; }
}
