namespace AutoDL.Bench.Portfolio;

/// <summary>One configuration trained on one tuning set: its best validation accuracy, at which epoch, and its wall time.</summary>
internal sealed record Measurement(string Set, string Candidate, string Model, string Training, double Best, int BestEpoch, double Seconds);
