namespace AutoDL.Evaluation.Calibration;

/// <summary>
/// One bar of a reliability diagram: the predictions whose confidence fell in (<paramref name="Lower"/>, <paramref name="Upper"/>],
/// how sure they were on average and how often they were right. A calibrated model's bars sit on the diagonal.
/// </summary>
/// <param name="Lower">The bin's lower confidence bound (excluded).</param>
/// <param name="Upper">Its upper bound (included).</param>
/// <param name="Count">Predictions in the bin.</param>
/// <param name="MeanConfidence">Their mean confidence (probability of the predicted class); 0 when the bin is empty.</param>
/// <param name="Accuracy">The share of them that were right; 0 when the bin is empty.</param>
public sealed record ReliabilityBin(double Lower, double Upper, int Count, double MeanConfidence, double Accuracy);
