namespace AutoDL.Server.Batching;

/// <summary>
/// Room held in the batch queue for a request's images while they are decoded: a request is admitted before it
/// spends any decoding, so a full queue costs a client nothing but the 503. Disposing it without queueing the
/// images gives the room back.
/// </summary>
internal sealed class QueueReservation : IDisposable
{
    private IBatchQueue? _owner;

    internal QueueReservation(IBatchQueue owner, int count)
    {
        _owner = owner;
        Count = count;
    }

    /// <summary>How many images the room is for.</summary>
    public int Count { get; }

    /// <summary>Hands the room over to the images being queued; false when it was already used or given back.</summary>
    internal bool Claim() => Interlocked.Exchange(ref _owner, null) is not null;

    public void Dispose() => Interlocked.Exchange(ref _owner, null)?.Release(Count);
}
