
namespace AutoDL.Tasks.ImageClassification.Training;

/// <summary>The validation metric that picks the best epoch, the best trial and the final model.</summary>
public enum SelectionMetric
{
    /// <summary>Share of images classified right: clear, and fair when classes are about equally common.</summary>
    Accuracy,

    /// <summary>
    /// The mean of the per-class recalls: a model that ignores a small class loses that class's whole share,
    /// where accuracy would barely notice. Used when classes are imbalanced.
    /// </summary>
    BalancedAccuracy,
}
