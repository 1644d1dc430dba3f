namespace AutoDL.Server.Batching;

/// <summary>Whether <see cref="IBatchQueue.TryReserve"/> (or <see cref="MicroBatcher{TImage, TOutput}.TryEnqueue"/>) took a request's images.</summary>
internal enum Admission
{
    /// <summary>Every image is queued.</summary>
    Accepted,

    /// <summary>None is queued: the queue has no room for all of them.</summary>
    QueueFull,

    /// <summary>None is queued: the server is stopping.</summary>
    Stopping,

    /// <summary>None is queued: the batcher stopped after an internal error (<see cref="IBatchQueue.Fault"/>), and only a restart serves again.</summary>
    Faulted,
}
