namespace AutoDL.Search.Storage;

/// <summary>
/// The only shared state of a study: its trials and a few attributes. Samplers and schedulers read it; the
/// study writes it. Keeping everything here is what lets a study resume after a crash, and what lets several
/// workers share one study through a database later (the seam for a PostgreSQL store).
/// </summary>
public interface IStudyStore : IDisposable
{
    /// <summary>All trials, ordered by number.</summary>
    IReadOnlyList<TrialRecord> Trials();

    /// <summary>Stores a new trial, giving it the next free number, and returns it with that number.</summary>
    TrialRecord Add(TrialRecord trial);

    /// <summary>Replaces a trial's record (by number): state, values, intermediate values, timings.</summary>
    void Update(TrialRecord trial);

    /// <summary>Records that the worker running trial <paramref name="number"/> is alive.</summary>
    void Heartbeat(int number, DateTimeOffset nowUtc);

    /// <summary>A study attribute (e.g. what data the study was made for), or null when unset.</summary>
    string? GetAttribute(string key);

    /// <summary>Sets a study attribute.</summary>
    void SetAttribute(string key, string value);

    /// <summary>Appends one event of a fit (a JSON object) to the study's log, which every run of the study adds to.</summary>
    void AppendEvent(string json);

    /// <summary>The study's events, in the order they were appended.</summary>
    IReadOnlyList<string> Events();
}
