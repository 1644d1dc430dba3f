using System.Text.Json;

namespace AutoDL.Monitoring.Drift;

/// <summary>
/// What the model's inputs and outputs looked like on its validation split, stored in the package (<c>monitoring.drift</c>)
/// for windows of live predictions to be tested against: the embeddings on the profile's first components, the predicted
/// classes' shares and confidences, and the images' brightness.
/// </summary>
/// <param name="Components">Sorted values of each of the first embedding components over the validation images.</param>
/// <param name="Points">The validation images' points on those components, for the kernel test (a sample).</param>
/// <param name="LabelShares">The share of validation images predicted as each class.</param>
/// <param name="Confidences">The validation predictions' confidences (the output distribution), sorted.</param>
/// <param name="Brightness">The validation images' mean pixel values (0 to 1), sorted.</param>
public sealed record DriftReference(IReadOnlyList<double[]> Components, IReadOnlyList<double[]> Points, double[] LabelShares, double[] Confidences, double[] Brightness)
{
    /// <summary>Components tested: the directions the embeddings spread along most carry most of a shift.</summary>
    public const int TestedComponents = 4;

    /// <summary>Points kept for the kernel test; its cost grows with the square of the points.</summary>
    public const int KernelPoints = 300;

    /// <summary>The reference in a package's <c>monitoring</c> section, or null where it has none.</summary>
    public static DriftReference? From(JsonElement? monitoring) => MonitoringSection.Read<DriftReference>(monitoring, "drift");

    /// <summary>The reference of validation observations.</summary>
    public static DriftReference Fit(IReadOnlyList<DriftObservation> validation, int classes)
    {
        ArgumentNullException.ThrowIfNull(validation);
        if (validation.Count == 0)
        {
            throw new ArgumentException("No validation observations to take a reference from.", nameof(validation));
        }
        int components = validation[0].Components.Length;
        var shares = new double[classes];
        foreach (var o in validation)
        {
            shares[o.Label] += 1.0 / validation.Count;
        }
        int step = Math.Max(1, (int)Math.Ceiling((double)validation.Count / KernelPoints));
        return new DriftReference(
            [.. Enumerable.Range(0, components).Select(c => validation.Select(o => o.Components[c]).Order().ToArray())],
            [.. validation.Where((_, i) => i % step == 0).Select(o => o.Components)],
            shares,
            [.. validation.Select(o => o.Confidence).Order()],
            [.. validation.Select(o => o.Brightness).Order()]);
    }
}
