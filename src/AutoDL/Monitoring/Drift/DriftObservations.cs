namespace AutoDL.Monitoring.Drift;

/// <summary>Makes the <see cref="DriftObservation"/> of a prediction, the same way for the reference and for live predictions.</summary>
internal static class DriftObservations
{
    /// <summary>The observation of an image (uint8 pixels), its projected embedding and its class probabilities (calibrated, as the package gives them).</summary>
    public static DriftObservation Of(ReadOnlySpan<double> projected, ReadOnlySpan<float> probabilities, ReadOnlySpan<byte> pixels)
    {
        int label = 0;
        for (int c = 1; c < probabilities.Length; c++)
        {
            label = probabilities[c] > probabilities[label] ? c : label;
        }
        long sum = 0;
        foreach (var p in pixels)
        {
            sum += p;
        }
        int components = Math.Min(DriftReference.TestedComponents, projected.Length);
        return new DriftObservation(projected[..components].ToArray(), label, probabilities[label], pixels.Length == 0 ? 0 : sum / (255.0 * pixels.Length));
    }
}
