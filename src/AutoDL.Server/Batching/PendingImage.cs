namespace AutoDL.Server.Batching;

/// <summary>One decoded image waiting for a batch, and the promise its request awaits.</summary>
internal sealed class PendingImage<TImage, TOutput>(TImage image, long enqueuedAt, CancellationToken requestAborted)
{
    public TImage Image { get; } = image;

    /// <summary><see cref="System.Diagnostics.Stopwatch"/> timestamp of its arrival: a batch waits at most the batch wait from its first image's arrival.</summary>
    public long EnqueuedAt { get; } = enqueuedAt;

    /// <summary>Fires when the client has gone; such an image is dropped before its batch runs.</summary>
    public CancellationToken RequestAborted { get; } = requestAborted;

    // Continuations run on the thread pool, not on the consumer, so writing responses never delays the next batch.
    public TaskCompletionSource<TOutput> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
