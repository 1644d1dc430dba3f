using System.Globalization;

namespace AutoDL.Search.Storage;

/// <summary>
/// Opens the study of a run's output folder as <see cref="StudyMode"/> asks, and makes sure a continued study
/// was made for the same data and settings: trials of other data would mislead the sampler and the leaderboard.
/// </summary>
internal static class StudyOpening
{
    private static readonly string[] SqliteSideFiles = ["", "-wal", "-shm"];

    /// <summary>
    /// Opens (or starts) the study in <paramref name="folder"/>. <paramref name="identity"/> are the
    /// attributes that must match for a study to be continued (data, task, seed, classes, split sizes).
    /// </summary>
    public static SqliteStudyStore Open(string folder, StudyMode mode, IReadOnlyDictionary<string, string> identity)
    {
        var path = Path.Combine(folder, SqliteStudyStore.FileName);
        bool exists = File.Exists(path);
        if (mode == StudyMode.Resume && !exists)
        {
            throw new AutoDLException($"There is no study to resume in '{folder}'. Run fit without --resume to start one.");
        }
        if (mode == StudyMode.New && exists)
        {
            Archive(path);
        }
        var store = new SqliteStudyStore(path);
        try
        {
            bool started = store.Trials().Count > 0;
            foreach (var (key, value) in identity)
            {
                var stored = store.GetAttribute(key);
                if (started && stored is not null && stored != value)
                {
                    throw new AutoDLException(
                        $"The output folder '{folder}' holds a study of other data or settings ({key}: '{stored}' there, '{value}' now). " +
                        "Use another --output, or add --new-study to start over there (the old study is kept).");
                }
                store.SetAttribute(key, value);
            }
            return store;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>Moves the study and its write-ahead log aside under a dated name: nothing a user ran is deleted.</summary>
    private static void Archive(string path)
    {
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var archived = Path.Combine(Path.GetDirectoryName(path)!, $"{Path.GetFileNameWithoutExtension(path)}-{stamp}{Path.GetExtension(path)}");
        foreach (var suffix in SqliteSideFiles)
        {
            if (File.Exists(path + suffix))
            {
                File.Move(path + suffix, archived + suffix);
            }
        }
    }
}
