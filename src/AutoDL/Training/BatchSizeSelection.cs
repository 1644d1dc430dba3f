namespace AutoDL.Training;

/// <summary>
/// The automatic batch size: of the batch sizes that fit in memory, the one that trains the most images per second,
/// unless the batch size the recipe was tuned at is within <see cref="Tolerance"/> of it. A recipe's learning rate and
/// schedule were measured at one batch size, so only a clear gain in throughput is worth moving away from it; and
/// between two batches that a short measurement on a busy CPU cannot tell apart, the smaller one wins, as an epoch then
/// takes more optimiser steps. On Fashion-MNIST on two cores, five steps per batch size measured 64, 128 and 256 at
/// 2,200, 1,448 and 2,004 images/s in one run, where longer runs give 128 about 2,000 (bench/results/trainer-efficiency.md):
/// single measurements differ by a third, so each batch size is measured more than once and the tolerance is wide.
/// </summary>
public static class BatchSizeSelection
{
    /// <summary>A batch at 0.9 of the fastest rate or more counts as fast as it.</summary>
    public const double Tolerance = 0.9;

    /// <summary>The batch size to train with.</summary>
    /// <param name="measured">The best rate measured at each batch size that fits in memory.</param>
    /// <param name="tunedAt">The batch size the recipe was tuned at; kept when it is as fast as the fastest.</param>
    /// <exception cref="ArgumentException">Nothing was measured, or a rate is not a positive number.</exception>
    public static int Choose(IReadOnlyCollection<BatchThroughput> measured, int tunedAt)
    {
        ArgumentNullException.ThrowIfNull(measured);
        if (measured.Count == 0)
        {
            throw new ArgumentException("No batch size was measured.", nameof(measured));
        }
        foreach (var m in measured)
        {
            if (m.BatchSize < 1 || !(m.ImagesPerSecond > 0 && double.IsFinite(m.ImagesPerSecond)))
            {
                throw new ArgumentException($"Batch {m.BatchSize} was measured at {m.ImagesPerSecond} images/s.", nameof(measured));
            }
        }
        double fastest = measured.Max(m => m.ImagesPerSecond);
        var asFast = measured.Where(m => m.ImagesPerSecond >= Tolerance * fastest).Select(m => m.BatchSize).ToList();
        return asFast.Contains(tunedAt) ? tunedAt : asFast.Min();
    }
}
