using System.Globalization;
using Microsoft.Data.Sqlite;

namespace AutoDL.Search.Storage;

/// <summary>
/// A study in one SQLite file next to the run. Every change is one transaction in write-ahead-log mode, so a
/// process killed at any moment leaves the last committed state: at most the trial in flight is lost, and
/// that trial is left RUNNING for <see cref="Study"/> to find by its worker and heartbeat. Several processes
/// may open the same file: numbering takes SQLite's write lock (BEGIN IMMEDIATE), and readers never block.
/// </summary>
public sealed class SqliteStudyStore : IStudyStore
{
    /// <summary>The file name a run keeps its study under.</summary>
    public const string FileName = "study.db";

    private const int SchemaVersion = 2;

    private readonly SqliteConnection _connection;
    private readonly string _path;
    private readonly Lock _gate = new();

    /// <summary>Opens the study at <paramref name="path"/>, creating the file and its tables when absent.</summary>
    /// <exception cref="AutoDLException">The file is not a study (damaged, or another kind of file), or a newer AutoDL made it.</exception>
    public SqliteStudyStore(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _path = path;
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            // Pooled connections keep the file open after Dispose; a run's folder must be free to move or delete.
            Pooling = false,
            DefaultTimeout = 30,
        };
        _connection = new SqliteConnection(builder.ConnectionString);
        try
        {
            _connection.Open();
            // WAL: readers do not block the writer, and a commit is one append, safe against a killed process.
            // synchronous=NORMAL keeps that safety for process crashes (not for power loss) at a fraction of FULL's fsyncs.
            Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;");
            CreateSchema();
        }
        catch (SqliteException e)
        {
            _connection.Dispose();
            throw new AutoDLException($"The study file '{path}' cannot be used ({e.Message}). Move it away to start a new study.", e);
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<TrialRecord> Trials()
    {
        lock (_gate)
        {
            var parameters = new Dictionary<long, Dictionary<string, double>>();
            using (var command = Command("SELECT trial_id, name, value FROM trial_params"))
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    Bucket(parameters, reader.GetInt64(0))[reader.GetString(1)] = reader.GetDouble(2);
                }
            }
            var intermediate = new Dictionary<long, List<double>>();
            using (var command = Command("SELECT trial_id, value FROM trial_intermediate ORDER BY trial_id, step"))
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    long id = reader.GetInt64(0);
                    if (!intermediate.TryGetValue(id, out var list))
                    {
                        intermediate[id] = list = [];
                    }
                    list.Add(reader.GetDouble(1));
                }
            }
            var trials = new List<TrialRecord>();
            using (var command = Command("""
                SELECT trial_id, number, state, value, best_epoch, seconds, parameter_count, note,
                       started_utc, ended_utc, worker, heartbeat_utc, retry_of, memory_bytes
                FROM trials ORDER BY number
                """))
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    long id = reader.GetInt64(0);
                    trials.Add(new TrialRecord(reader.GetInt32(1), Bucket(parameters, id), Enum.Parse<TrialState>(reader.GetString(2)))
                    {
                        Value = reader.IsDBNull(3) ? null : reader.GetDouble(3),
                        BestEpoch = reader.GetInt32(4),
                        Seconds = reader.GetDouble(5),
                        ParameterCount = reader.GetInt64(6),
                        Note = reader.IsDBNull(7) ? null : reader.GetString(7),
                        StartedUtc = ParseTime(reader.GetString(8)),
                        EndedUtc = reader.IsDBNull(9) ? null : ParseTime(reader.GetString(9)),
                        Worker = reader.IsDBNull(10) ? null : reader.GetString(10),
                        HeartbeatUtc = reader.IsDBNull(11) ? null : ParseTime(reader.GetString(11)),
                        RetryOf = reader.IsDBNull(12) ? null : reader.GetInt32(12),
                        MemoryBytes = reader.IsDBNull(13) ? null : reader.GetInt64(13),
                        Intermediate = intermediate.TryGetValue(id, out var values) ? values : [],
                    });
                }
            }
            return trials;
        }
    }

    /// <inheritdoc />
    public TrialRecord Add(TrialRecord trial) => Writing(() => AddCore(trial));

    private TrialRecord AddCore(TrialRecord trial)
    {
        ArgumentNullException.ThrowIfNull(trial);
        lock (_gate)
        {
            using var transaction = BeginImmediate();
            int number;
            using (var next = Command("SELECT COALESCE(MAX(number) + 1, 0) FROM trials", transaction))
            {
                number = Convert.ToInt32(next.ExecuteScalar(), CultureInfo.InvariantCulture);
            }
            var numbered = trial with { Number = number, Params = new Dictionary<string, double>(trial.Params, StringComparer.Ordinal) };
            using (var insert = Command("INSERT INTO trials (number, state, started_utc) VALUES ($number, $state, $started)", transaction))
            {
                insert.Parameters.AddWithValue("$number", number);
                insert.Parameters.AddWithValue("$state", numbered.State.ToString());
                insert.Parameters.AddWithValue("$started", FormatTime(numbered.StartedUtc));
                insert.ExecuteNonQuery();
            }
            long id = TrialId(number, transaction);
            foreach (var (name, value) in numbered.Params)
            {
                using var param = Command("INSERT INTO trial_params (trial_id, name, value) VALUES ($id, $name, $value)", transaction);
                param.Parameters.AddWithValue("$id", id);
                param.Parameters.AddWithValue("$name", name);
                param.Parameters.AddWithValue("$value", value);
                param.ExecuteNonQuery();
            }
            WriteTrial(id, numbered, transaction);
            transaction.Commit();
            return numbered;
        }
    }

    /// <inheritdoc />
    public void Update(TrialRecord trial) => Writing(() => UpdateCore(trial));

    private void UpdateCore(TrialRecord trial)
    {
        ArgumentNullException.ThrowIfNull(trial);
        lock (_gate)
        {
            using var transaction = BeginImmediate();
            WriteTrial(TrialId(trial.Number, transaction), trial, transaction);
            transaction.Commit();
        }
    }

    /// <inheritdoc />
    public void Heartbeat(int number, DateTimeOffset nowUtc)
    {
        lock (_gate)
        {
            using var command = Command("UPDATE trials SET heartbeat_utc = $now WHERE number = $number");
            command.Parameters.AddWithValue("$now", FormatTime(nowUtc));
            command.Parameters.AddWithValue("$number", number);
            command.ExecuteNonQuery();
        }
    }

    /// <inheritdoc />
    public void AppendEvent(string json) => Writing(() => AppendEventCore(json));

    private void AppendEventCore(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        lock (_gate)
        {
            using var command = Command("INSERT INTO study_events (json) VALUES ($json)");
            command.Parameters.AddWithValue("$json", json);
            command.ExecuteNonQuery();
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<string> Events()
    {
        lock (_gate)
        {
            using var command = Command("SELECT json FROM study_events ORDER BY event_id");
            using var reader = command.ExecuteReader();
            var events = new List<string>();
            while (reader.Read())
            {
                events.Add(reader.GetString(0));
            }
            return events;
        }
    }

    /// <inheritdoc />
    public string? GetAttribute(string key)
    {
        lock (_gate)
        {
            using var command = Command("SELECT value FROM study_attributes WHERE key = $key");
            command.Parameters.AddWithValue("$key", key);
            return command.ExecuteScalar() as string;
        }
    }

    /// <inheritdoc />
    public void SetAttribute(string key, string value) => Writing(() => SetAttributeCore(key, value));

    private void SetAttributeCore(string key, string value)
    {
        lock (_gate)
        {
            using var command = Command("INSERT INTO study_attributes (key, value) VALUES ($key, $value) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
            command.Parameters.AddWithValue("$key", key);
            command.Parameters.AddWithValue("$value", value);
            command.ExecuteNonQuery();
        }
    }

    /// <summary>
    /// Checks the file and the study's own rules: SQLite's integrity check, trial numbers 0…n−1 without gaps,
    /// every finished trial with an end time, intermediate values numbered from step 1 without gaps.
    /// Returns the problems found; empty when the study is sound.
    /// </summary>
    public IReadOnlyList<string> CheckIntegrity()
    {
        lock (_gate)
        {
            var problems = new List<string>();
            using (var command = Command("PRAGMA integrity_check"))
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    if (reader.GetString(0) != "ok")
                    {
                        problems.Add($"sqlite: {reader.GetString(0)}");
                    }
                }
            }
            AddRows(problems, "PRAGMA foreign_key_check", r => $"a row of {r.GetString(0)} points at a missing {r.GetString(2)}");
            AddRows(problems, "SELECT COUNT(*), COALESCE(MAX(number), -1) FROM trials HAVING COUNT(*) <> COALESCE(MAX(number), -1) + 1",
                r => $"trial numbers have gaps: {r.GetInt64(0)} trials, highest number {r.GetInt64(1)}");
            AddRows(problems, "SELECT number, state FROM trials WHERE state <> 'Running' AND ended_utc IS NULL",
                r => $"trial {r.GetInt32(0)} is {r.GetString(1)} but has no end time");
            AddRows(problems, "SELECT t.number, COUNT(i.step), COALESCE(MAX(i.step), 0) FROM trials t LEFT JOIN trial_intermediate i ON i.trial_id = t.trial_id GROUP BY t.trial_id HAVING COUNT(i.step) <> COALESCE(MAX(i.step), 0)",
                r => $"trial {r.GetInt32(0)} has {r.GetInt64(1)} intermediate values but steps up to {r.GetInt64(2)}");
            return problems;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _connection.Dispose();

    private void CreateSchema()
    {
        Execute("""
            CREATE TABLE IF NOT EXISTS store_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS study_attributes (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS trials (
                trial_id INTEGER PRIMARY KEY,
                number INTEGER NOT NULL UNIQUE,
                state TEXT NOT NULL CHECK (state IN ('Running', 'Complete', 'Pruned', 'Fail')),
                value REAL,
                best_epoch INTEGER NOT NULL DEFAULT 0,
                seconds REAL NOT NULL DEFAULT 0,
                parameter_count INTEGER NOT NULL DEFAULT 0,
                note TEXT,
                started_utc TEXT NOT NULL,
                ended_utc TEXT,
                worker TEXT,
                heartbeat_utc TEXT,
                retry_of INTEGER,
                memory_bytes INTEGER);
            CREATE TABLE IF NOT EXISTS trial_params (
                trial_id INTEGER NOT NULL REFERENCES trials(trial_id),
                name TEXT NOT NULL,
                value REAL NOT NULL,
                PRIMARY KEY (trial_id, name));
            CREATE TABLE IF NOT EXISTS trial_intermediate (
                trial_id INTEGER NOT NULL REFERENCES trials(trial_id),
                step INTEGER NOT NULL,
                value REAL NOT NULL,
                PRIMARY KEY (trial_id, step));
            CREATE TABLE IF NOT EXISTS study_events (event_id INTEGER PRIMARY KEY, json TEXT NOT NULL);
            INSERT OR IGNORE INTO store_meta (key, value) VALUES ('schema_version', '2');
            """);
        if (ReadSchemaVersion(null) > SchemaVersion)
        {
            throw new AutoDLException($"The study file '{_path}' was written by a newer AutoDL. Update AutoDL, or use another output folder.");
        }
        if (ReadSchemaVersion(null) < 2)
        {
            // Version 1 had no trial memory estimate: its trials keep none, and the study records it from now on.
            // Under the write lock, and checked again there, so two processes opening the file upgrade it once.
            using var transaction = BeginImmediate();
            if (ReadSchemaVersion(transaction) < 2)
            {
                using var upgrade = Command("ALTER TABLE trials ADD COLUMN memory_bytes INTEGER; UPDATE store_meta SET value = '2' WHERE key = 'schema_version';", transaction);
                upgrade.ExecuteNonQuery();
            }
            transaction.Commit();
        }
    }

    /// <summary>
    /// Runs a write, turning a full disk or a failing one into a one-line error naming the file. SQLite commits whole
    /// transactions only, so every trial written before stays readable and <c>--resume</c> continues from it.
    /// </summary>
    private void Writing(Action write) => Writing(() =>
    {
        write();
        return 0;
    });

    private T Writing<T>(Func<T> write)
    {
        try
        {
            return write();
        }
        catch (SqliteException e) when (e.SqliteErrorCode is SqliteFull or SqliteIoError or SqliteReadOnly)
        {
            throw new StudyCannotContinueException($"Cannot write the study '{_path}': {e.Message.TrimEnd('.')}. Free some disk space or choose another folder with --output; every trial it holds is kept, and --resume continues it.", e);
        }
    }

    // SQLite's primary result codes (sqlite.org/rescode.html): the disk or the file refuses writes.
    private const int SqliteReadOnly = 8;
    private const int SqliteIoError = 10;
    private const int SqliteFull = 13;

    /// <summary>Caps the file at <paramref name="pages"/> pages, so that tests can fill it as a full disk would.</summary>
    internal void LimitPages(long pages)
    {
        lock (_gate)
        {
            using var command = Command(string.Create(CultureInfo.InvariantCulture, $"PRAGMA max_page_count = {pages}"));
            command.ExecuteNonQuery();
        }
    }

    private int ReadSchemaVersion(SqliteTransaction? transaction)
    {
        using var read = Command("SELECT value FROM store_meta WHERE key = 'schema_version'", transaction);
        return int.Parse((string)read.ExecuteScalar()!, CultureInfo.InvariantCulture);
    }

    private void WriteTrial(long id, TrialRecord trial, SqliteTransaction transaction)
    {
        using (var update = Command("""
            UPDATE trials SET state = $state, value = $value, best_epoch = $best, seconds = $seconds,
                parameter_count = $parameters, note = $note, ended_utc = $ended, worker = $worker,
                heartbeat_utc = $heartbeat, retry_of = $retry, memory_bytes = $memory
            WHERE trial_id = $id
            """, transaction))
        {
            update.Parameters.AddWithValue("$id", id);
            update.Parameters.AddWithValue("$state", trial.State.ToString());
            update.Parameters.AddWithValue("$value", (object?)trial.Value ?? DBNull.Value);
            update.Parameters.AddWithValue("$best", trial.BestEpoch);
            update.Parameters.AddWithValue("$seconds", trial.Seconds);
            update.Parameters.AddWithValue("$parameters", trial.ParameterCount);
            update.Parameters.AddWithValue("$note", (object?)trial.Note ?? DBNull.Value);
            update.Parameters.AddWithValue("$ended", trial.EndedUtc is { } ended ? FormatTime(ended) : DBNull.Value);
            update.Parameters.AddWithValue("$worker", (object?)trial.Worker ?? DBNull.Value);
            update.Parameters.AddWithValue("$heartbeat", trial.HeartbeatUtc is { } beat ? FormatTime(beat) : DBNull.Value);
            update.Parameters.AddWithValue("$retry", (object?)trial.RetryOf ?? DBNull.Value);
            update.Parameters.AddWithValue("$memory", (object?)trial.MemoryBytes ?? DBNull.Value);
            update.ExecuteNonQuery();
        }
        for (int step = 1; step <= trial.Intermediate.Count; step++)
        {
            using var value = Command("INSERT OR REPLACE INTO trial_intermediate (trial_id, step, value) VALUES ($id, $step, $value)", transaction);
            value.Parameters.AddWithValue("$id", id);
            value.Parameters.AddWithValue("$step", step);
            value.Parameters.AddWithValue("$value", trial.Intermediate[step - 1]);
            value.ExecuteNonQuery();
        }
    }

    private long TrialId(int number, SqliteTransaction transaction)
    {
        using var command = Command("SELECT trial_id FROM trials WHERE number = $number", transaction);
        command.Parameters.AddWithValue("$number", number);
        return command.ExecuteScalar() is long id ? id : throw new ArgumentException($"The study has no trial {number}.", nameof(number));
    }

    private SqliteTransaction BeginImmediate() => _connection.BeginTransaction(deferred: false);

    private SqliteCommand Command(string sql, SqliteTransaction? transaction = null)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    private void Execute(string sql)
    {
        using var command = Command(sql);
        command.ExecuteNonQuery();
    }

    private void AddRows(List<string> problems, string sql, Func<SqliteDataReader, string> describe)
    {
        using var command = Command(sql);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            problems.Add(describe(reader));
        }
    }

    private static Dictionary<string, double> Bucket(Dictionary<long, Dictionary<string, double>> byTrial, long id)
    {
        if (!byTrial.TryGetValue(id, out var values))
        {
            byTrial[id] = values = new Dictionary<string, double>(StringComparer.Ordinal);
        }
        return values;
    }

    private static string FormatTime(DateTimeOffset time) => time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTime(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
