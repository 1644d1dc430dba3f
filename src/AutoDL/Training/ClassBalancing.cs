namespace AutoDL.Training;

/// <summary>How training counters class imbalance, so that a small class is not simply outvoted.</summary>
public enum ClassBalancing
{
    /// <summary>Every image counts the same: right when classes are about equally common.</summary>
    None,

    /// <summary>
    /// Each class's loss is weighted by the inverse of its frequency ("balanced" weights, King and Zeng 2001), so
    /// every class carries the same total weight. Every image is still seen once per epoch.
    /// </summary>
    WeightedLoss,

    /// <summary>
    /// Batches draw a class uniformly, then an image of it: small classes are repeated, large ones subsampled
    /// within an epoch. Sees rare images more often, which also multiplies their augmentations.
    /// </summary>
    BalancedSampling,
}
