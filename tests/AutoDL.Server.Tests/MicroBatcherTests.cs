using AutoDL.Server.Batching;
using AutoDL.Server.Telemetry;
using AutoDL.Tasks.ImageClassification.Inference;
using Microsoft.Extensions.Logging.Abstractions;

namespace AutoDL.Server.Tests;

/// <summary>The batcher on its own, with a stand-in model that the test holds: admission, draining and dropped clients.</summary>
public sealed class MicroBatcherTests : IDisposable
{
    private readonly ManualResetEventSlim _gate = new(false);
    private readonly SemaphoreSlim _entered = new(0);
    private readonly List<int> _batches = [];

    public void Dispose()
    {
        _gate.Set();
        _gate.Dispose();
        _entered.Dispose();
    }

    /// <summary>A model that answers each image with its first byte as the label, once the gate opens.</summary>
    private IReadOnlyList<Prediction> Predict(IReadOnlyList<byte[]> images)
    {
        lock (_batches)
        {
            _batches.Add(images.Count);
        }
        _entered.Release();
        _gate.Wait(TimeSpan.FromSeconds(60));
        return images.Select(i => new Prediction(
            i[0].ToString(System.Globalization.CultureInfo.InvariantCulture), 1, [new ClassScore("c0", 1)])).ToList();
    }

    private MicroBatcher<byte[], Prediction> Create(int maxBatch, int capacity) => new(Predict, maxBatch, TimeSpan.Zero, capacity, new ServerMetrics(), NullLogger.Instance);

    private static byte[][] Images(params byte[] firstBytes) => firstBytes.Select(b => new[] { b }).ToArray();

    private async Task WaitForBatchAsync() => Assert.True(await _entered.WaitAsync(TimeSpan.FromSeconds(30)), "No batch reached the model.");

    [Fact]
    public async Task Given_a_queue_with_room_for_one_more_when_two_images_come_in_one_request_then_neither_is_queued()
    {
        await using var batcher = Create(maxBatch: 1, capacity: 3);
        batcher.TryEnqueue(Images(1), CancellationToken.None, out var running);
        await WaitForBatchAsync();

        var first = batcher.TryEnqueue(Images(2, 3), CancellationToken.None, out var queued);
        var second = batcher.TryEnqueue(Images(4, 5), CancellationToken.None, out _);
        int queuedAfterRefusal = batcher.QueuedImages;
        var third = batcher.TryEnqueue(Images(6), CancellationToken.None, out var last);
        _gate.Set();

        Assert.Equal(Admission.Accepted, first);
        Assert.Equal(Admission.QueueFull, second);
        Assert.Equal(2, queuedAfterRefusal);
        Assert.Equal(Admission.Accepted, third);
        Assert.Equal(["2", "3"], (await queued).Select(p => p.Label));
        Assert.Equal(["6"], (await last).Select(p => p.Label));
        Assert.Equal(["1"], (await running).Select(p => p.Label));
    }

    [Fact]
    public async Task Given_queued_images_when_the_batcher_stops_then_they_are_all_answered_and_new_ones_are_refused()
    {
        var batcher = Create(maxBatch: 2, capacity: 10);
        batcher.TryEnqueue(Images(1), CancellationToken.None, out var running);
        await WaitForBatchAsync();
        batcher.TryEnqueue(Images(2, 3, 4), CancellationToken.None, out var queued);

        var stopping = batcher.DisposeAsync().AsTask();
        var afterStop = batcher.TryEnqueue(Images(5), CancellationToken.None, out _);
        _gate.Set();
        await stopping;

        Assert.Equal(Admission.Stopping, afterStop);
        Assert.Equal(["1"], (await running).Select(p => p.Label));
        Assert.Equal(["2", "3", "4"], (await queued).Select(p => p.Label));
        Assert.Equal([1, 2, 1], _batches);
    }

    [Fact]
    public async Task Given_a_client_that_has_gone_when_its_image_reaches_the_front_then_it_is_dropped_before_the_model()
    {
        await using var batcher = Create(maxBatch: 8, capacity: 10);
        batcher.TryEnqueue(Images(1), CancellationToken.None, out _);
        await WaitForBatchAsync();
        using var gone = new CancellationTokenSource();
        batcher.TryEnqueue(Images(2), gone.Token, out var abandoned);
        batcher.TryEnqueue(Images(3), CancellationToken.None, out var kept);

        await gone.CancelAsync();
        _gate.Set();

        Assert.Equal(["3"], (await kept).Select(p => p.Label));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        Assert.Equal([1, 1], _batches);
    }
}
