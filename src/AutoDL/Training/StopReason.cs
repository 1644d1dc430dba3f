namespace AutoDL.Training;

/// <summary>Why a training run ended.</summary>
public enum StopReason
{
    /// <summary>All planned epochs ran.</summary>
    Completed,

    /// <summary>The validation metric stopped improving.</summary>
    EarlyStopped,

    /// <summary>The scheduler judged the run not worth finishing.</summary>
    Pruned,

    /// <summary>The time limit or the caller cancelled it.</summary>
    Cancelled,

    /// <summary>The loss became NaN or infinite: the learning rate is too high for this network.</summary>
    Diverged,
}
