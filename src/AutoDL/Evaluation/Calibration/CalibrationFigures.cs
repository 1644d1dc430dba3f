namespace AutoDL.Evaluation.Calibration;

/// <summary>
/// How far a classifier's confidence can be taken at its word on a labelled set: the expected calibration error over
/// equal-width confidence bins (Guo et al., 2017, <see href="https://arxiv.org/abs/1706.04599"/>), the mean negative
/// log-likelihood of the true class, and the reliability diagram's bins.
/// </summary>
/// <param name="ExpectedCalibrationError">Σ over bins of (share of predictions) × |accuracy − mean confidence|; 0 is perfect.</param>
/// <param name="NegativeLogLikelihood">Mean −ln p(true class); lower is better.</param>
/// <param name="Bins">The reliability diagram, lowest confidence first.</param>
public sealed record CalibrationFigures(double ExpectedCalibrationError, double NegativeLogLikelihood, IReadOnlyList<ReliabilityBin> Bins)
{
    /// <summary>The number of bins the figures use unless told otherwise: the usual choice since Guo et al.</summary>
    public const int DefaultBins = 15;

    // A float softmax rounds probabilities below ~1e-45 to zero; the log-likelihood of such a miss is bounded here
    // rather than infinite, as every library that reports it does.
    private const double SmallestProbability = 1e-12;

    /// <summary>The figures of row-major class probabilities (image i's are [i·k, (i+1)·k)) against <paramref name="truth"/>.</summary>
    public static CalibrationFigures Compute(IReadOnlyList<int> truth, ReadOnlySpan<float> probabilities, int classes, int bins = DefaultBins)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        if (probabilities.Length != (long)truth.Count * classes)
        {
            throw new ArgumentException($"Expected {truth.Count}×{classes} probabilities but got {probabilities.Length}.", nameof(probabilities));
        }
        var count = new int[bins];
        var confidenceSum = new double[bins];
        var correct = new int[bins];
        double logLoss = 0;
        for (int i = 0; i < truth.Count; i++)
        {
            var row = probabilities.Slice(i * classes, classes);
            int predicted = 0;
            for (int c = 1; c < classes; c++)
            {
                if (row[c] > row[predicted])
                {
                    predicted = c;
                }
            }
            double confidence = Math.Clamp(row[predicted], 0f, 1f);
            // Bins are (lower, upper]: a confidence of exactly 1 belongs to the last, and nothing reaches 0.
            int bin = Math.Clamp((int)Math.Ceiling(confidence * bins) - 1, 0, bins - 1);
            count[bin]++;
            confidenceSum[bin] += confidence;
            if (predicted == truth[i])
            {
                correct[bin]++;
            }
            logLoss -= Math.Log(Math.Max(row[truth[i]], SmallestProbability));
        }
        var diagram = new ReliabilityBin[bins];
        double error = 0;
        for (int b = 0; b < bins; b++)
        {
            double meanConfidence = count[b] == 0 ? 0 : confidenceSum[b] / count[b];
            double accuracy = count[b] == 0 ? 0 : (double)correct[b] / count[b];
            diagram[b] = new ReliabilityBin((double)b / bins, (double)(b + 1) / bins, count[b], meanConfidence, accuracy);
            if (truth.Count > 0)
            {
                error += (double)count[b] / truth.Count * Math.Abs(accuracy - meanConfidence);
            }
        }
        return new CalibrationFigures(error, truth.Count == 0 ? 0 : logLoss / truth.Count, diagram);
    }
}
