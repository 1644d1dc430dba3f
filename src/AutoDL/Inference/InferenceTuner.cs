using System.Diagnostics;
using AutoDL.Packaging;
using AutoDL.Tasks.ObjectDetection.Inference;
using AutoDL.Tasks.SemanticSegmentation.Inference;

namespace AutoDL.Inference;

/// <summary>
/// Finds how to run a model fastest on this machine: times every backend × thread count × batch size
/// and chooses the engine and threads with the lowest 95th-percentile latency for one image, then the
/// batch size with that engine's highest throughput as the largest batch a server may form. A large
/// maximum costs a quiet server nothing (it never waits longer than <see cref="InferenceSettings.MaxBatchWaitMilliseconds"/>
/// for a batch to fill) and lets a busy one clear its queue in fewer calls. Images are random: a forward
/// pass costs the same whatever the pixels (a detector's selection after it varies a little with what it finds).
/// </summary>
public static class InferenceTuner
{
    /// <summary>Measures and chooses; <paramref name="progress"/> hears of each measurement as it is taken.</summary>
    public static InferenceTuning Tune(PackageContents package, InferenceTunerOptions? options = null, IProgress<InferenceMeasurement>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(package);
        options ??= new InferenceTunerOptions();
        var batchSizes = options.BatchSizes.Append(1).Where(b => b >= 1).Distinct().Order().ToList();
        var threadCounts = (options.Threads ?? DefaultThreadCounts()).Where(t => t >= 1).Distinct().Order().ToList();
        var images = RandomImages.Create(package.Manifest.Input, batchSizes[^1], seed: 0);
        var measurements = new List<InferenceMeasurement>();
        foreach (var backend in Enum.GetValues<InferenceBackend>())
        {
            foreach (int threads in threadCounts)
            {
                using ITimedEngine engine = package.Manifest.Schema switch
                {
                    var schema when schema == ModelSchema.ObjectDetection => DetectorTiming.Open(package, backend, threads, images),
                    var schema when schema == ModelSchema.SemanticSegmentation => SegmenterTiming.Open(package, backend, threads, images),
                    _ => ClassifierTiming.Open(package, backend, threads, images),
                };
                foreach (int batch in batchSizes)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var measurement = Measure(engine, threads, batch, options);
                    measurements.Add(measurement);
                    progress?.Report(measurement);
                }
            }
        }
        return new InferenceTuning(measurements, Choose(measurements));
    }

    /// <summary>The choice rule on its own, for measurements taken elsewhere.</summary>
    public static InferenceSettings Choose(IReadOnlyList<InferenceMeasurement> measurements)
    {
        ArgumentNullException.ThrowIfNull(measurements);
        var single = measurements.Where(m => m.BatchSize == 1).MinBy(m => m.P95Milliseconds)
            ?? throw new ArgumentException("No measurement at batch size 1.", nameof(measurements));
        var sameEngine = measurements.Where(m => m.Backend == single.Backend && m.Threads == single.Threads).ToList();
        int batch = sameEngine.MaxBy(m => m.ImagesPerSecond)!.BatchSize;
        // Waiting for a batch to fill longer than one image takes to classify costs a quiet server more latency than batching saves.
        double wait = Math.Clamp(single.P50Milliseconds, 0.5, 10);
        return new InferenceSettings(single.Backend, single.Threads, batch, Math.Round(wait, 2)) { MeasuredOn = MachineDescription() };
    }

    /// <summary>This machine in a few words: processor model and the cores this process may use.</summary>
    public static string MachineDescription()
    {
        string cpu = "unknown processor";
        try
        {
            var line = File.Exists("/proc/cpuinfo") ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal)) : null;
            if (line is not null)
            {
                cpu = line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
            }
        }
        catch (IOException)
        {
            // The processor name is a courtesy; the core count below is what matters.
        }
        return $"{cpu}, {Environment.ProcessorCount} cores";
    }

    private static List<int> DefaultThreadCounts() => [1, Math.Max(1, Environment.ProcessorCount / 2), Environment.ProcessorCount];

    private static InferenceMeasurement Measure(ITimedEngine engine, int threads, int batch, InferenceTunerOptions options)
    {
        // Warm-up: the first calls allocate buffers and pick kernels.
        for (int i = 0; i < 3; i++)
        {
            engine.Run(batch);
        }
        var times = new List<double>();
        var total = Stopwatch.StartNew();
        while (times.Count < options.MinCalls || total.Elapsed < options.TimePerMeasurement)
        {
            long start = Stopwatch.GetTimestamp();
            engine.Run(batch);
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        double seconds = total.Elapsed.TotalSeconds;
        times.Sort();
        return new InferenceMeasurement(engine.Backend, threads, batch, times.Count, Percentile(times, 0.5), Percentile(times, 0.95), times.Count * batch / seconds);
    }

    private static double Percentile(List<double> sorted, double q) => sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(q * sorted.Count))];
}
