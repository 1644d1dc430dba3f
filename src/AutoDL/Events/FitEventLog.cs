using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using AutoDL.Search;
using AutoDL.Search.Storage;

namespace AutoDL.Events;

/// <summary>
/// Keeps a fit's events: appends each to <c>OUTPUT/events.jsonl</c>, one JSON object a line, and to the study once it is
/// open (<see cref="Attach"/>), then passes it on to the caller's progress. Every line is flushed as it is written, so
/// that a tool can follow the fit and a killed fit loses nothing it reported. Batch ticks and intermediate import counts
/// are left out: they say nothing an epoch or the import's last count does not.
/// </summary>
internal sealed class FitEventLog(string outputDirectory, IProgress<FitProgress>? next, Func<string, Stream>? open = null) : IProgress<FitProgress>, IDisposable
{
    /// <summary>The file name in the output folder.</summary>
    public const string FileName = "events.jsonl";

    /// <summary>The options events are written and read with.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly Lock _gate = new();
    private readonly List<string> _beforeStudy = [];
    private Stream? _file;
    private IStudyStore? _study;

    /// <summary>
    /// Keeps <paramref name="value"/> and passes it on. Import reports come from many threads at once: one at a time, the
    /// log keeps their order and the caller's progress (a console, say) need not be thread-safe.
    /// </summary>
    public void Report(FitProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        lock (_gate)
        {
            if (IsWorthKeeping(value))
            {
                var json = JsonSerializer.Serialize(FitEventLine.Of(value, DateTimeOffset.UtcNow), JsonOptions);
                WriteLine(json);
                if (_study is null)
                {
                    _beforeStudy.Add(json);
                }
                else
                {
                    _study.AppendEvent(json);
                }
            }
            next?.Report(value);
        }
    }

    /// <summary>Stores every event so far, and each one after, in <paramref name="study"/>, until the returned handle is disposed (before the study is).</summary>
    public IDisposable Attach(IStudyStore study)
    {
        ArgumentNullException.ThrowIfNull(study);
        lock (_gate)
        {
            foreach (var json in _beforeStudy)
            {
                study.AppendEvent(json);
            }
            _beforeStudy.Clear();
            _study = study;
        }
        return new Detachment(this);
    }

    private void Detach()
    {
        lock (_gate)
        {
            _study = null;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _file?.Dispose();
            _file = null;
            _study = null;
        }
    }

    private void WriteLine(string json)
    {
        var path = Path.Combine(outputDirectory, FileName);
        long whole = -1;
        try
        {
            // Opened on the first event, which comes after the pipeline has created (and checked) the folder.
            _file ??= (open ?? OpenForAppending)(path);
            whole = _file.Length;
            _file.Write(Encoding.UTF8.GetBytes(json + "\n"));
            _file.Flush();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A line cut short by a full disk is a line no reader can parse: take the log back to its last whole line.
            if (whole >= 0)
            {
                try
                {
                    _file!.SetLength(whole);
                }
                catch (IOException)
                {
                    // The write's own error is the one to report.
                }
            }
            // Every later event would fail the same way: stop the study rather than fail each trial in turn.
            throw new StudyCannotContinueException($"Cannot write the fit's event log '{path}': {e.Message} Free some disk space or choose another folder with --output; every event before is kept, in the log and in the study.", e);
        }
    }

    private static FileStream OpenForAppending(string path)
    {
        // Not FileMode.Append: a stream opened so cannot be cut back to its last whole line. Unbuffered: a buffered
        // FileStream flushes before it truncates (and again when disposed), so after a full disk it would fail again
        // instead of cutting the partial line, and its disposal would replace the one-line error with another.
        var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read, bufferSize: 0);
        file.Seek(0, SeekOrigin.End);
        return file;
    }

    private sealed class Detachment(FitEventLog log) : IDisposable
    {
        public void Dispose() => log.Detach();
    }

    private static bool IsWorthKeeping(FitProgress value) => value.Event switch
    {
        BatchProgressed => false,
        ImportProgressed i => i.Done == i.Total,
        _ => true,
    };
}
