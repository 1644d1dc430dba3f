namespace AutoDL.Server.Batching;

/// <summary>
/// The batch queue as the server and a request's reservation see it, whatever the model's images and outputs are:
/// its limits, its state, admission and shutdown.
/// </summary>
internal interface IBatchQueue : IAsyncDisposable
{
    /// <summary>The largest batch formed.</summary>
    int MaxBatchSize { get; }

    /// <summary>How long the first queued image waits for a batch to fill.</summary>
    TimeSpan MaxWait { get; }

    /// <summary>The most images that may wait at once.</summary>
    int Capacity { get; }

    /// <summary>Images admitted and not yet taken into a batch.</summary>
    int QueuedImages { get; }

    /// <summary>What stopped the consumer, when something other than a stop did; null while it runs.</summary>
    Exception? Fault { get; }

    /// <summary>Holds room for <paramref name="count"/> images, all or none, before they are decoded.</summary>
    Admission TryReserve(int count, out QueueReservation? reservation);

    /// <summary>Gives back room a reservation held and did not use.</summary>
    void Release(int count);
}
