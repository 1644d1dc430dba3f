namespace AutoDL;

/// <summary>The stage a fit is in, for progress displays.</summary>
public enum FitStage
{
    /// <summary>Reading and decoding the data.</summary>
    Importing,

    /// <summary>Checking the data for problems (duplicates across splits, label suspects) and leaving them out.</summary>
    Inspecting,

    /// <summary>A study an earlier run left in the output folder was opened to continue.</summary>
    Resuming,

    /// <summary>Measuring the batch size and learning rates to train with (before the first trial of a new study).</summary>
    Calibrating,

    /// <summary>A trial started.</summary>
    TrialStarted,

    /// <summary>Batches of the current epoch are done.</summary>
    Batch,

    /// <summary>An epoch finished.</summary>
    Epoch,

    /// <summary>A trial ended.</summary>
    TrialEnded,

    /// <summary>Evaluating the best model on the test split and writing the package.</summary>
    Finishing,

    /// <summary>Deciding what the time left trains: the first look, the default networks and their epochs, whether to search.</summary>
    Planning,
}
