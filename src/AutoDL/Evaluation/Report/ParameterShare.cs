namespace AutoDL.Evaluation.Report;

/// <summary>How much of the spread of the trials' validation values one hyperparameter accounts for.</summary>
/// <param name="Name">The hyperparameter.</param>
/// <param name="Share">η²: the share of the variance explained by grouping trials by its value, 0 to 1.</param>
public sealed record ParameterShare(string Name, double Share);
