using AutoDL.Events;
using AutoDL.Pipeline;
using AutoDL.Runtime;
using AutoDL.Tasks;

namespace AutoDL;

/// <summary>
/// The whole workflow in one call: infer the task, import and split the data, search and train under the
/// time limit, evaluate the best model, and write the model package and leaderboard. Every progress event (but batch
/// ticks) is also appended to <c>OUTPUT/events.jsonl</c>.
/// </summary>
/// <example>
/// <code>
/// var result = AutoFit.Run(new FitOptions("data/", "out/") { TimeLimit = TimeSpan.FromMinutes(10) });
/// Console.WriteLine($"test accuracy {result.Test.Accuracy:P1}, model at {result.PackagePath}");
/// </code>
/// </example>
public static class AutoFit
{
    /// <summary>Runs a fit; progress events go to <paramref name="progress"/>. Cancelling ends the search early and still writes the best model.</summary>
    public static FitResult Run(FitOptions options, IProgress<FitProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.TimeLimit <= TimeSpan.Zero)
        {
            throw new AutoDLException($"The time limit must be positive (got {options.TimeLimit}).");
        }
        // Every task trains with libtorch: check its numbers on this machine before spending time on the data.
        TorchRuntime.Initialize();
        var task = TaskDetector.Detect(options.DataPath, options.Task);
        using var events = new FitEventLog(options.OutputDirectory, progress);
        return new FitPipeline(options, events).Run(task, cancellationToken);
    }
}
