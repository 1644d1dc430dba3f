using System.Text.Json;
using System.Text.Json.Serialization;
using AutoDL.Search;

namespace AutoDL;

/// <summary>
/// Appends a fit's progress events to <c>OUTPUT/events.jsonl</c>, one JSON object a line, and passes each on to the
/// caller's progress. Every line is flushed as it is written, so that a tool can follow the fit and a killed fit loses
/// nothing it reported. Batch ticks and intermediate import counts are left out: they say nothing an epoch or the
/// import's last count does not.
/// </summary>
internal sealed class FitEventLog(string outputDirectory, IProgress<FitProgress>? next) : IProgress<FitProgress>, IDisposable
{
    /// <summary>The file name in the output folder.</summary>
    public const string FileName = "events.jsonl";

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly Lock _gate = new();
    private StreamWriter? _writer;

    public void Report(FitProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (IsWorthKeeping(value))
        {
            var path = Path.Combine(outputDirectory, FileName);
            lock (_gate)
            {
                try
                {
                    // Opened on the first event, which comes after the pipeline has created (and checked) the folder.
                    _writer ??= new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read)) { AutoFlush = true };
                    _writer.WriteLine(JsonSerializer.Serialize(FitEventLine.Of(value, DateTimeOffset.UtcNow), JsonOptions));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Every later event would fail the same way: stop the study rather than fail each trial in turn.
                    throw new StudyCannotContinueException($"Cannot write the fit's event log '{path}': {e.Message} Free some disk space or choose another folder with --output.", e);
                }
            }
        }
        next?.Report(value);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _writer?.Dispose();
            _writer = null;
        }
    }

    private static bool IsWorthKeeping(FitProgress value) => value.Stage switch
    {
        FitStage.Batch => false,
        FitStage.Importing => value.Steps is not { } steps || steps.Done == steps.Total,
        _ => true,
    };
}
