using System.Diagnostics;
using System.Threading.Channels;
using AutoDL.Server.Telemetry;
using Microsoft.Extensions.Logging;

namespace AutoDL.Server.Batching;

/// <summary>
/// Dynamic micro-batching (as in Triton's dynamic batcher and TorchServe): requests queue decoded images; one
/// consumer takes the first, waits at most <see cref="MaxWait"/> from its arrival for more, and runs up to
/// <see cref="MaxBatchSize"/> of them in one forward pass. Under load the queue already holds a full batch, so
/// nothing waits; when idle a lone request pays at most the wait. One consumer, because a forward pass already
/// uses every intra-op thread: two passes at once would only fight over the cores.
/// </summary>
/// <typeparam name="TImage">An image decoded into the model's input.</typeparam>
/// <typeparam name="TOutput">What the model says about one image.</typeparam>
internal sealed class MicroBatcher<TImage, TOutput> : IBatchQueue
{
    private readonly BatchPredictor<TImage, TOutput> _predict;
    private readonly ServerMetrics _metrics;
    private readonly ILogger _logger;
    private readonly Channel<PendingImage<TImage, TOutput>> _queue;
    private readonly long _maxWaitTicks;
    private readonly Lock _admission = new();
    private readonly Task _consumer;
    private readonly List<PendingImage<TImage, TOutput>> _batch;
    private int _queued;
    private bool _stopping;
    private Exception? _fault;

    public MicroBatcher(BatchPredictor<TImage, TOutput> predict, int maxBatchSize, TimeSpan maxWait, int capacity, ServerMetrics metrics, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxBatchSize, ServerOptions.MaxBatchSizeLimit);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxWait, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxWait, ServerOptions.MaxBatchWaitLimit);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, ServerOptions.MaxQueueCapacity);
        _predict = predict;
        _metrics = metrics;
        _logger = logger;
        MaxBatchSize = maxBatchSize;
        MaxWait = maxWait;
        Capacity = capacity;
        _maxWaitTicks = (long)(maxWait.TotalSeconds * Stopwatch.Frequency);
        // Admission keeps the count of queued images at or under the capacity, so writes never wait or fail;
        // the channel's own bound is a second guarantee that the queue cannot grow.
        _queue = Channel.CreateBounded<PendingImage<TImage, TOutput>>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _batch = new List<PendingImage<TImage, TOutput>>(maxBatchSize);
        _consumer = Task.Run(ConsumeAsync);
    }

    /// <summary>
    /// Runs in the consumer before each batch goes to the model, outside the guard that keeps a model's failure to
    /// its own batch: tests make the consumer itself fail with it.
    /// </summary>
    internal Action<int>? BeforeBatch { get; init; }

    /// <summary>
    /// What stopped the consumer, when something other than a stop did; null while it runs. Then nothing more is
    /// admitted, every queued request is answered 503, and <c>/healthz</c> says the server needs a restart.
    /// </summary>
    public Exception? Fault => Volatile.Read(ref _fault);

    public int MaxBatchSize { get; }

    public TimeSpan MaxWait { get; }

    /// <summary>The most images that may wait at once.</summary>
    public int Capacity { get; }

    /// <summary>Images admitted and not yet taken into a batch.</summary>
    public int QueuedImages => Volatile.Read(ref _queued);

    /// <summary>
    /// Queues all of a request's images or none (a request half-queued would hold room it cannot use);
    /// <paramref name="predictions"/> completes when the last of them has been through the model.
    /// </summary>
    public Admission TryEnqueue(IReadOnlyList<TImage> images, CancellationToken requestAborted, out Task<TOutput[]> predictions)
    {
        predictions = Task.FromResult(Array.Empty<TOutput>());
        if (images.Count == 0)
        {
            return Admission.Accepted;
        }
        var admission = TryReserve(images.Count, out var reservation);
        return admission == Admission.Accepted ? Enqueue(reservation!, images, requestAborted, out predictions) : admission;
    }

    /// <summary>
    /// Holds room for <paramref name="count"/> images, all or none, before they are decoded; the room counts against
    /// <see cref="Capacity"/> until the images are queued with <see cref="Enqueue"/> or the reservation is disposed.
    /// </summary>
    public Admission TryReserve(int count, out QueueReservation? reservation)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        reservation = null;
        lock (_admission)
        {
            if (_stopping)
            {
                return Fault is null ? Admission.Stopping : Admission.Faulted;
            }
            if (Volatile.Read(ref _queued) + count > Capacity)
            {
                return Admission.QueueFull;
            }
            Interlocked.Add(ref _queued, count);
            _metrics.QueueLength.Inc(count);
        }
        reservation = new QueueReservation(this, count);
        return Admission.Accepted;
    }

    /// <summary>
    /// Queues the decoded images into the room <paramref name="reservation"/> holds; <paramref name="predictions"/>
    /// completes when the last of them has been through the model. Refused only when the server began to stop meanwhile.
    /// </summary>
    public Admission Enqueue(QueueReservation reservation, IReadOnlyList<TImage> images, CancellationToken requestAborted, out Task<TOutput[]> predictions)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        ArgumentNullException.ThrowIfNull(images);
        if (images.Count != reservation.Count)
        {
            throw new ArgumentException($"{images.Count} images for room reserved for {reservation.Count}.", nameof(images));
        }
        predictions = Task.FromResult(Array.Empty<TOutput>());
        var pending = new Task<TOutput>[images.Count];
        lock (_admission)
        {
            if (_stopping)
            {
                reservation.Dispose();
                return Fault is null ? Admission.Stopping : Admission.Faulted;
            }
            if (!reservation.Claim())
            {
                throw new InvalidOperationException("The queue reservation was already used or given back.");
            }
            long now = Stopwatch.GetTimestamp();
            for (int i = 0; i < images.Count; i++)
            {
                var item = new PendingImage<TImage, TOutput>(images[i], now, requestAborted);
                if (!_queue.Writer.TryWrite(item))
                {
                    // Unreachable while admission holds the count under the channel's capacity and stopping
                    // completes the writer under this lock; fail loudly rather than leave a request hanging.
                    throw new InvalidOperationException("The batch queue refused an admitted image.");
                }
                pending[i] = item.Completion.Task;
            }
        }
        predictions = Task.WhenAll(pending);
        return Admission.Accepted;
    }

    /// <summary>Gives back room a reservation held and did not use.</summary>
    public void Release(int count)
    {
        Interlocked.Add(ref _queued, -count);
        _metrics.QueueLength.Dec(count);
    }

    /// <summary>Refuses new images, runs every queued one, then returns.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_admission)
        {
            _stopping = true;
            _queue.Writer.TryComplete();
        }
        await _consumer.ConfigureAwait(false);
    }

    private async Task ConsumeAsync()
    {
        try
        {
            await ConsumeBatchesAsync().ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Whatever stopped the one consumer, no request may be left waiting for it.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Stop(e);
        }
    }

    /// <summary>Closes admission and fails the batch in hand and every queued image with <paramref name="fault"/>.</summary>
    private void Stop(Exception fault)
    {
        Volatile.Write(ref _fault, fault);
        _logger.LogCritical(fault, "The batcher stopped after an internal error: every request is now refused with 503 and /healthz reports unhealthy until the server is restarted");
        lock (_admission)
        {
            _stopping = true;
            _queue.Writer.TryComplete();
        }
        var stopped = new BatcherStoppedException(fault);
        foreach (var item in _batch)
        {
            item.Completion.TrySetException(stopped);
        }
        _batch.Clear();
        while (_queue.Reader.TryRead(out var item))
        {
            Interlocked.Decrement(ref _queued);
            _metrics.QueueLength.Dec();
            item.Completion.TrySetException(stopped);
        }
    }

    private async Task ConsumeBatchesAsync()
    {
        var reader = _queue.Reader;
        var batch = _batch;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            if (!TryTake(reader, batch))
            {
                continue;
            }
            long deadline = batch[0].EnqueuedAt + _maxWaitTicks;
            while (batch.Count < MaxBatchSize)
            {
                if (TryTake(reader, batch))
                {
                    continue;
                }
                long remaining = deadline - Stopwatch.GetTimestamp();
                if (remaining <= 0 || !await WaitForMoreAsync(reader, remaining).ConfigureAwait(false))
                {
                    break;
                }
            }
            if (batch.Count > 0)
            {
                _metrics.Batches.WithLabels(batch.Count >= MaxBatchSize ? "full" : "wait").Inc();
                BeforeBatch?.Invoke(batch.Count);
                Run(batch);
                batch.Clear();
            }
        }
    }

    /// <summary>Moves one queued image into the batch, dropping those whose clients have gone; false when none is queued.</summary>
    private bool TryTake(ChannelReader<PendingImage<TImage, TOutput>> reader, List<PendingImage<TImage, TOutput>> batch)
    {
        while (reader.TryRead(out var item))
        {
            Interlocked.Decrement(ref _queued);
            _metrics.QueueLength.Dec();
            if (item.RequestAborted.IsCancellationRequested)
            {
                item.Completion.TrySetCanceled(item.RequestAborted);
                continue;
            }
            batch.Add(item);
            return true;
        }
        return false;
    }

    /// <summary>Waits until an image is queued (true) or the deadline passes or the queue is closed (false), without throwing.</summary>
    private static async Task<bool> WaitForMoreAsync(ChannelReader<PendingImage<TImage, TOutput>> reader, long stopwatchTicks)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds((double)stopwatchTicks / Stopwatch.Frequency));
        var wait = reader.WaitToReadAsync(timeout.Token).AsTask();
        await ((Task)wait).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return wait.IsCompletedSuccessfully && wait.Result;
    }

    private void Run(List<PendingImage<TImage, TOutput>> batch)
    {
        var images = new TImage[batch.Count];
        for (int i = 0; i < batch.Count; i++)
        {
            images[i] = batch[i].Image;
        }
        _metrics.BatchSize.Observe(batch.Count);
        long start = Stopwatch.GetTimestamp();
        try
        {
            var predictions = _predict(images);
            if (predictions.Count != batch.Count)
            {
                throw new InvalidOperationException($"The model returned {predictions.Count} predictions for a batch of {batch.Count} images.");
            }
            _metrics.BatchDuration.Observe(Stopwatch.GetElapsedTime(start).TotalSeconds);
            _metrics.Images.Inc(batch.Count);
            for (int i = 0; i < batch.Count; i++)
            {
                batch[i].Completion.TrySetResult(predictions[i]);
            }
        }
#pragma warning disable CA1031 // The one consumer must outlive any failure: its requests get the error, the next batch runs.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _metrics.BatchFailures.Inc();
            _logger.LogError(e, "A batch of {Count} images failed", batch.Count);
            foreach (var item in batch)
            {
                item.Completion.TrySetException(e);
            }
        }
    }
}
