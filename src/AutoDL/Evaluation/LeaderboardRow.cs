namespace AutoDL.Evaluation;

/// <summary>One trial on the leaderboard.</summary>
/// <param name="Rank">1 = best validation metric.</param>
/// <param name="Trial">Trial number in the study.</param>
/// <param name="State">How the trial ended.</param>
/// <param name="Family">Network family.</param>
/// <param name="Hyperparameters">Its key hyperparameters, "name=value" pairs.</param>
/// <param name="ValidationMetric">Best validation metric, when an epoch finished.</param>
/// <param name="Epochs">Epochs trained.</param>
/// <param name="TrainSeconds">Wall time of the trial.</param>
/// <param name="Parameters">Trainable parameters of the network.</param>
/// <param name="Note">Why it ended.</param>
public sealed record LeaderboardRow(int Rank, int Trial, string State, string Family, string Hyperparameters, double? ValidationMetric, int Epochs, double TrainSeconds, long Parameters, string? Note);
