namespace AutoDL.Training;

/// <summary>How a network did on the validation examples.</summary>
/// <param name="Loss">The task's mean validation loss, without regularising terms such as label smoothing: it breaks ties between equal scores.</param>
/// <param name="Score">The task's selection metric, the figure that picks epochs and trials.</param>
public readonly record struct ValidationResult(double Loss, double Score);
