namespace AutoDL.Server.Http;

/// <summary>
/// A fixed number of bytes shared by the requests in flight. Requests take from it as their bodies arrive
/// (<see cref="TryTake"/>: a server out of room answers 503 at once rather than buffering past its memory) and
/// before they decode an image (<see cref="TakeAsync"/>: decodes wait their turn, first come first served, so a
/// burst of large images runs a few at a time instead of all at once). .NET's SemaphoreSlim takes one unit at a
/// time, and taking a large cost unit by unit lets two waiters deadlock holding halves: hence this class.
/// </summary>
internal sealed class MemoryBudget
{
    private readonly Lock _gate = new();
    private readonly LinkedList<Waiter> _waiters = new();
    private long _free;

    /// <param name="bytes">The whole budget.</param>
    public MemoryBudget(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bytes, 1);
        Bytes = bytes;
        _free = bytes;
    }

    /// <summary>The whole budget.</summary>
    public long Bytes { get; }

    /// <summary>Bytes taken and not yet given back.</summary>
    public long InUse
    {
        get
        {
            lock (_gate)
            {
                return Bytes - _free;
            }
        }
    }

    /// <summary>Takes <paramref name="bytes"/> if they are free now and nobody waits ahead; false otherwise.</summary>
    public bool TryTake(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        lock (_gate)
        {
            if (_waiters.Count > 0 || _free < bytes)
            {
                return false;
            }
            _free -= bytes;
            return true;
        }
    }

    /// <summary>
    /// Waits until <paramref name="bytes"/> (at most the whole budget) are free and takes them; waiters are served
    /// in arrival order, so a large cost is not overtaken forever by small ones. Cancelling gives up the place.
    /// </summary>
    public async ValueTask TakeAsync(long bytes, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bytes, Bytes);
        LinkedListNode<Waiter> node;
        lock (_gate)
        {
            if (_waiters.Count == 0 && _free >= bytes)
            {
                _free -= bytes;
                return;
            }
            node = _waiters.AddLast(new Waiter(bytes, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)));
        }
        await using (cancellationToken.Register(() => GiveUp(node, cancellationToken)).ConfigureAwait(false))
        {
            await node.Value.Granted.Task.ConfigureAwait(false);
        }
    }

    /// <summary>Gives back <paramref name="bytes"/> taken earlier and lets waiting takers in.</summary>
    public void Give(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        lock (_gate)
        {
            if (bytes > Bytes - _free)
            {
                throw new InvalidOperationException("More bytes were given back to the memory budget than were taken.");
            }
            _free += bytes;
            GrantWaiters();
        }
    }

    private void GiveUp(LinkedListNode<Waiter> node, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            // Already granted: the taker owns the bytes and gives them back itself.
            if (node.List is null)
            {
                return;
            }
            _waiters.Remove(node);
            node.Value.Granted.TrySetCanceled(cancellationToken);
            // The head may have been what held the others back.
            GrantWaiters();
        }
    }

    private void GrantWaiters()
    {
        while (_waiters.First is { } head && head.Value.Bytes <= _free)
        {
            _waiters.RemoveFirst();
            _free -= head.Value.Bytes;
            head.Value.Granted.TrySetResult();
        }
    }

    private sealed record Waiter(long Bytes, TaskCompletionSource Granted);
}
