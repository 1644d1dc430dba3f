namespace AutoDL.Training;

/// <summary>How the learning rate moves over a trial's epochs.</summary>
public enum LearningRateSchedule
{
    /// <summary>One-cycle (Smith and Topin, 2018): warm up to the peak over 25% of the steps, then anneal. Fast convergence in few epochs.</summary>
    OneCycle,

    /// <summary>Cosine annealing from the peak to zero without warm-up.</summary>
    Cosine,
}
