using AutoDL.Training;

namespace AutoDL.Tasks.ImageClassification.Training;

/// <summary>Per-class loss weights.</summary>
public static class ClassWeights
{
    /// <summary>
    /// Inverse-frequency weights, n / (K · n_k), scikit-learn's "balanced": every class then carries the same total
    /// weight. A class without images gets weight 1 (it never appears in the loss anyway).
    /// </summary>
    public static float[] Balanced(IReadOnlyList<int> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        double total = counts.Sum();
        int present = counts.Count(c => c > 0);
        return counts.Select(c => c > 0 ? (float)(total / (present * (double)c)) : 1f).ToArray();
    }

    /// <summary>
    /// Weights that give each class the share of the loss it had in <paramref name="before"/> counts, after some
    /// images were left out (<paramref name="after"/>). Leaving out suspected label errors takes most from the
    /// classes that look alike; without this the model would learn those classes are rarer than they are
    /// (Northcutt et al., Confident Learning, 2021, re-weight the pruned classes the same way).
    /// </summary>
    public static float[] RestorePriors(IReadOnlyList<int> before, IReadOnlyList<int> after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        if (before.Count != after.Count)
        {
            throw new ArgumentException($"{before.Count} classes before but {after.Count} after.", nameof(after));
        }
        double totalBefore = before.Sum(), totalAfter = after.Sum();
        return before.Select((b, k) => after[k] > 0 && b > 0 ? (float)(b / totalBefore / (after[k] / totalAfter)) : 1f).ToArray();
    }

    /// <summary>
    /// The loss weights a recipe trains with: the balanced weights when it balances by the loss, none when it balances
    /// by sampling, and the data preparation's weights (<paramref name="preparation"/>, such as <see cref="RestorePriors"/>
    /// after cleaning) only when it does not balance at all. Balancing gives every class the same share of the loss,
    /// which already makes up for the images cleaning took; multiplying the prior-restoring weights in as well gave the
    /// classes that lost most to cleaning more than an equal share. Null when every class weighs the same.
    /// </summary>
    public static float[]? ForLoss(ClassBalancing balancing, IReadOnlyList<int> counts, IReadOnlyList<float>? preparation) => balancing switch
    {
        ClassBalancing.WeightedLoss => Balanced(counts),
        ClassBalancing.BalancedSampling => null,
        _ => preparation?.ToArray(),
    };
}
