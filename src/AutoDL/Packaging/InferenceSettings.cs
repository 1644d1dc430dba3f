namespace AutoDL.Packaging;

/// <summary>
/// How to run a model on the machine `autodl optimize` measured it on: the backend and thread count with the
/// lowest latency for one image, and the largest batch worth forming while requests queue. Predictors and
/// `autodl serve` use it unless told otherwise.
/// </summary>
/// <param name="Backend">The engine to run the network with.</param>
/// <param name="Threads">Intra-op threads for one forward pass.</param>
/// <param name="MaxBatchSize">The largest batch the server forms from queued requests.</param>
/// <param name="MaxBatchWaitMilliseconds">How long the server holds the first queued request while a batch fills.</param>
public sealed record InferenceSettings(InferenceBackend Backend, int Threads, int MaxBatchSize, double MaxBatchWaitMilliseconds)
{
    /// <summary>Used when a package has never been optimised: ONNX Runtime on every core, batches of up to 32 formed within 2 ms.</summary>
    public static InferenceSettings Default { get; } = new(InferenceBackend.Onnx, Environment.ProcessorCount, 32, 2);

    /// <summary>The machine the settings were measured on (processor and cores), so a package moved elsewhere can say they may not fit.</summary>
    public string? MeasuredOn { get; init; }

    /// <summary>
    /// How a model loaded from a package runs: the package's settings (else <see cref="Default"/>), with the caller's
    /// choice of backend and threads in their place when given.
    /// </summary>
    internal static InferenceSettings Resolve(InferenceSettings? recommended, InferenceBackend? backend, int? threads)
    {
        recommended ??= Default;
        return recommended with
        {
            Backend = backend ?? recommended.Backend,
            Threads = Math.Max(1, threads ?? recommended.Threads),
        };
    }
}
