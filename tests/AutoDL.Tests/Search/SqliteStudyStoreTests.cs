using AutoDL.Search;
using AutoDL.Search.Storage;
using Microsoft.Data.Sqlite;

namespace AutoDL.Tests.Search;

public sealed class SqliteStudyStoreTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("autodl-sqlite-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string StudyPath => Path.Combine(_folder, SqliteStudyStore.FileName);

    [Fact]
    public void Every_field_of_a_trial_survives_a_reopen()
    {
        var started = new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
        var written = new TrialRecord(0, new Dictionary<string, double> { ["lr"] = 0.02, ["family"] = 1 }, TrialState.Running)
        {
            StartedUtc = started,
            Worker = "host/1/2",
            RetryOf = 3,
            MemoryBytes = 3L << 30,
        };
        using (var store = new SqliteStudyStore(StudyPath))
        {
            written = store.Add(written);
            written = written with
            {
                State = TrialState.Pruned,
                Intermediate = [0.5, 0.625],
                Value = 0.625,
                BestEpoch = 2,
                Seconds = 12.5,
                ParameterCount = 1234,
                Note = "pruned",
                EndedUtc = started.AddMinutes(1),
                HeartbeatUtc = started.AddSeconds(50),
            };
            store.Update(written);
            store.SetAttribute("data", "/tmp/x");
        }

        using var reopened = new SqliteStudyStore(StudyPath);
        var read = Assert.Single(reopened.Trials());
        Assert.Equal(written.Params, read.Params);
        Assert.Equal(written.Intermediate, read.Intermediate);
        Assert.Equal(written with { Params = read.Params, Intermediate = read.Intermediate }, read);
        Assert.Equal("/tmp/x", reopened.GetAttribute("data"));
        Assert.Null(reopened.GetAttribute("absent"));
        Assert.Empty(reopened.CheckIntegrity());
    }

    [Fact]
    public void A_study_written_before_trials_recorded_their_memory_is_upgraded_and_keeps_its_trials()
    {
        // The version 1 schema of the trials table, as AutoDL wrote it before memory estimates were recorded.
        using (var old = new SqliteConnection($"Data Source={StudyPath};Pooling=False"))
        {
            old.Open();
            using var create = old.CreateCommand();
            create.CommandText = """
                CREATE TABLE store_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE trials (trial_id INTEGER PRIMARY KEY, number INTEGER NOT NULL UNIQUE, state TEXT NOT NULL,
                    value REAL, best_epoch INTEGER NOT NULL DEFAULT 0, seconds REAL NOT NULL DEFAULT 0,
                    parameter_count INTEGER NOT NULL DEFAULT 0, note TEXT, started_utc TEXT NOT NULL, ended_utc TEXT,
                    worker TEXT, heartbeat_utc TEXT, retry_of INTEGER);
                INSERT INTO store_meta VALUES ('schema_version', '1');
                INSERT INTO trials (number, state, value, started_utc, ended_utc) VALUES (0, 'Complete', 0.9, '2026-11-25T10:00:00.0000000+00:00', '2026-11-25T10:01:00.0000000+00:00');
                """;
            create.ExecuteNonQuery();
        }

        using (var store = new SqliteStudyStore(StudyPath))
        {
            var old = Assert.Single(store.Trials());
            Assert.Equal(0.9, old.Value);
            Assert.Null(old.MemoryBytes);
            store.Add(new TrialRecord(0, new Dictionary<string, double> { ["x"] = 1 }, TrialState.Running) { StartedUtc = DateTimeOffset.UtcNow, MemoryBytes = 123_456_789 });
        }

        using var reopened = new SqliteStudyStore(StudyPath);
        Assert.Equal([null, 123_456_789L], reopened.Trials().Select(t => t.MemoryBytes));
        Assert.Empty(reopened.CheckIntegrity());
    }

    [Fact]
    public void A_full_disk_stops_the_study_with_one_line_naming_the_file_and_every_trial_written_before_stays_readable()
    {
        int written = 0;
        using (var store = new SqliteStudyStore(StudyPath))
        {
            // SQLite refuses to grow the file past this many pages with the error a full disk gives (SQLITE_FULL).
            store.LimitPages(40);
            var error = Assert.Throws<StudyCannotContinueException>(() =>
            {
                for (; written < 10_000; written++)
                {
                    var trial = store.Add(new TrialRecord(0, new Dictionary<string, double> { ["x"] = written }, TrialState.Running) { StartedUtc = DateTimeOffset.UtcNow, Note = new string('n', 200) });
                    store.Update(trial with { State = TrialState.Complete, Value = written, EndedUtc = DateTimeOffset.UtcNow, Intermediate = [0.1, 0.2, 0.3] });
                }
            });
            Assert.StartsWith($"Cannot write the study '{StudyPath}'", error.Message, StringComparison.Ordinal);
            Assert.Contains("full", error.Message, StringComparison.Ordinal);
            Assert.Contains("--resume", error.Message, StringComparison.Ordinal);
        }

        using var reopened = new SqliteStudyStore(StudyPath);
        var trials = reopened.Trials();
        Assert.InRange(written, 1, 9_999);
        Assert.True(trials.Count(t => t.State == TrialState.Complete) >= written, $"{written} trials completed before the disk filled; {trials.Count} read back");
        Assert.Empty(reopened.CheckIntegrity());
    }

    [Fact]
    public void Two_processes_sharing_the_file_get_distinct_trial_numbers()
    {
        using var first = new SqliteStudyStore(StudyPath);
        using var second = new SqliteStudyStore(StudyPath);
        var numbers = new System.Collections.Concurrent.ConcurrentBag<int>();

        Parallel.For(0, 40, i =>
        {
            var store = i % 2 == 0 ? first : second;
            numbers.Add(store.Add(new TrialRecord(0, new Dictionary<string, double> { ["x"] = i }, TrialState.Running) { StartedUtc = DateTimeOffset.UtcNow }).Number);
        });

        Assert.Equal(Enumerable.Range(0, 40), numbers.Order());
        Assert.Equal(40, first.Trials().Count);
    }

    [Fact]
    public void A_file_that_is_not_a_study_gives_a_clear_error_naming_it()
    {
        File.WriteAllText(StudyPath, "this is not a database, just some text that is long enough to have a header");

        var e = Assert.Throws<AutoDLException>(() => new SqliteStudyStore(StudyPath));

        Assert.Contains(StudyPath, e.Message, StringComparison.Ordinal);
        Assert.Contains("Move it away", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_integrity_check_finds_a_finished_trial_without_an_end_and_a_gap_in_steps()
    {
        using (var store = new SqliteStudyStore(StudyPath))
        {
            var trial = store.Add(new TrialRecord(0, new Dictionary<string, double>(), TrialState.Running) { StartedUtc = DateTimeOffset.UtcNow });
            store.Update(trial with { State = TrialState.Complete, Intermediate = [0.1, 0.2, 0.3] });
        }
        using (var raw = new SqliteConnection($"Data Source={StudyPath};Pooling=False"))
        {
            raw.Open();
            using var command = raw.CreateCommand();
            command.CommandText = "DELETE FROM trial_intermediate WHERE step = 2";
            command.ExecuteNonQuery();
        }

        using var reopened = new SqliteStudyStore(StudyPath);
        var problems = reopened.CheckIntegrity();

        Assert.Contains(problems, p => p.Contains("no end time", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("intermediate values", StringComparison.Ordinal));
    }
}
