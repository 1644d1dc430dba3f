namespace AutoDL.Search.Storage;

/// <summary>
/// The only shared state of a study: its trials. Samplers and schedulers read it; the study writes it.
/// Keeping everything here is what lets a study resume, and later lets several workers share one.
/// </summary>
public interface IStudyStore
{
    /// <summary>All trials, ordered by number.</summary>
    IReadOnlyList<TrialRecord> Trials();

    /// <summary>Adds a new trial and returns it with its number.</summary>
    TrialRecord Add(IReadOnlyDictionary<string, double> parameters, DateTimeOffset startedUtc);

    /// <summary>Replaces a trial's record (by number).</summary>
    void Update(TrialRecord trial);
}
