using System.Collections.Concurrent;
using AutoDL.Server.Batching;

namespace AutoDL.Server.Tests.Support;

/// <summary>
/// Runs the real forward pass, but holds every batch until the test opens the gate: so a test can have a batch in
/// flight and requests queued behind it, and check queueing, batching and shutdown without relying on timing.
/// </summary>
internal sealed class GatedPredictor : IDisposable
{
    private readonly ManualResetEventSlim _gate = new(false);
    private readonly SemaphoreSlim _entered = new(0);

    /// <summary>The size of every batch that reached the model, in order.</summary>
    public ConcurrentQueue<int> BatchSizes { get; } = new();

    /// <summary>The server's forward pass <paramref name="inner"/>, held at the gate.</summary>
    public BatchPredictor<TImage, TOutput> Predict<TImage, TOutput>(BatchPredictor<TImage, TOutput> inner) => images =>
    {
        BatchSizes.Enqueue(images.Count);
        _entered.Release();
        if (!_gate.Wait(TimeSpan.FromSeconds(60)))
        {
            throw new TimeoutException("The test never opened the gate.");
        }
        return inner(images);
    };

    /// <summary>Waits until a batch is inside the model (held at the gate).</summary>
    public async Task WaitForBatchAsync()
    {
        Assert.True(await _entered.WaitAsync(TimeSpan.FromSeconds(30)), "No batch reached the model.");
    }

    /// <summary>Lets the held batch and every later one through.</summary>
    public void Open() => _gate.Set();

    public void Dispose()
    {
        _gate.Set();
        _gate.Dispose();
        _entered.Dispose();
    }
}
