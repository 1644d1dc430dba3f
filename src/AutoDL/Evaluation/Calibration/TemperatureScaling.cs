namespace AutoDL.Evaluation.Calibration;

/// <summary>
/// Temperature scaling worked on probabilities: softmax(z/T) is p^(1/T) renormalised, so the temperature can be fitted
/// and undone from the probabilities the engines return, without the logits. Written by hand: one convex
/// one-dimensional minimisation needs no optimiser library.
/// </summary>
internal static class TemperatureScaling
{
    /// <summary>The range searched: beyond it a model is broken rather than miscalibrated.</summary>
    public const double MinTemperature = 0.05, MaxTemperature = 20;

    // Golden-section steps: each keeps 0.618 of the interval, so 80 narrow ln(400) to ~1e-16.
    private const int Steps = 80;

    private const float SmallestProbability = 1e-30f;

    /// <summary>
    /// The temperature that minimises the negative log-likelihood of <paramref name="truth"/> under the rescaled
    /// probabilities. The likelihood is convex in 1/T, so a golden-section search over ln T finds its minimum.
    /// </summary>
    public static double Fit(IReadOnlyList<int> truth, ReadOnlySpan<float> probabilities, int classes)
    {
        ArgumentNullException.ThrowIfNull(truth);
        if (probabilities.Length != (long)truth.Count * classes || truth.Count == 0)
        {
            throw new ArgumentException($"Expected {truth.Count}×{classes} probabilities (at least one row) but got {probabilities.Length}.", nameof(probabilities));
        }
        var logs = Logs(probabilities);
        double lower = Math.Log(MinTemperature), upper = Math.Log(MaxTemperature);
        double ratio = (Math.Sqrt(5) - 1) / 2;
        double a = upper - ratio * (upper - lower), b = lower + ratio * (upper - lower);
        double fa = LogLoss(truth, logs, classes, 1 / Math.Exp(a)), fb = LogLoss(truth, logs, classes, 1 / Math.Exp(b));
        for (int step = 0; step < Steps; step++)
        {
            if (fa <= fb)
            {
                (upper, b, fb) = (b, a, fa);
                a = upper - ratio * (upper - lower);
                fa = LogLoss(truth, logs, classes, 1 / Math.Exp(a));
            }
            else
            {
                (lower, a, fa) = (a, b, fb);
                b = lower + ratio * (upper - lower);
                fb = LogLoss(truth, logs, classes, 1 / Math.Exp(b));
            }
        }
        return Math.Exp((lower + upper) / 2);
    }

    /// <summary>Probabilities as a temperature of <paramref name="temperature"/> would have made them (1 leaves them as they are).</summary>
    public static float[] Apply(ReadOnlySpan<float> probabilities, int classes, double temperature)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(temperature);
        var logs = Logs(probabilities);
        var result = new float[probabilities.Length];
        var row = new double[classes];
        for (int start = 0; start < logs.Length; start += classes)
        {
            double max = double.NegativeInfinity;
            for (int c = 0; c < classes; c++)
            {
                row[c] = logs[start + c] / temperature;
                max = Math.Max(max, row[c]);
            }
            double sum = 0;
            for (int c = 0; c < classes; c++)
            {
                row[c] = Math.Exp(row[c] - max);
                sum += row[c];
            }
            for (int c = 0; c < classes; c++)
            {
                result[start + c] = (float)(row[c] / sum);
            }
        }
        return result;
    }

    private static double[] Logs(ReadOnlySpan<float> probabilities)
    {
        var logs = new double[probabilities.Length];
        for (int i = 0; i < logs.Length; i++)
        {
            logs[i] = Math.Log(Math.Max(probabilities[i], SmallestProbability));
        }
        return logs;
    }

    /// <summary>Mean −ln softmax(β · ln p)[truth]: the likelihood at inverse temperature β.</summary>
    private static double LogLoss(IReadOnlyList<int> truth, double[] logs, int classes, double beta)
    {
        double total = 0;
        for (int i = 0; i < truth.Count; i++)
        {
            int start = i * classes;
            double max = double.NegativeInfinity;
            for (int c = 0; c < classes; c++)
            {
                max = Math.Max(max, beta * logs[start + c]);
            }
            double sum = 0;
            for (int c = 0; c < classes; c++)
            {
                sum += Math.Exp(beta * logs[start + c] - max);
            }
            total += max + Math.Log(sum) - beta * logs[start + truth[i]];
        }
        return total / truth.Count;
    }
}
