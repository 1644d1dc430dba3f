using System.Text.Json;

namespace AutoDL.Monitoring;

/// <summary>
/// What a classifier's embeddings of its training data look like, stored in the package (<c>monitoring</c>) to say
/// how unlike them a new image is: the embedding is projected on its main components, and its distance to the nearest
/// class is the Mahalanobis distance under the classes' shared covariance (Lee et al., 2018,
/// <see href="https://arxiv.org/abs/1807.03888"/>), set against the distances of the validation images.
/// </summary>
/// <param name="Size">Features per embedding.</param>
/// <param name="Mean">The training embeddings' mean, subtracted before projecting.</param>
/// <param name="Basis">The main components, row-major Size × <paramref name="Components"/>: the directions the training embeddings spread along most.</param>
/// <param name="Components">How many components are kept.</param>
/// <param name="ClassMeans">Each class's mean in component space, in class order (empty for a class without training images).</param>
/// <param name="Whitening">Row-major Components × Components: the inverse of the Cholesky factor of the shared within-class covariance.</param>
/// <param name="ValidationDistances">The validation images' distances, ascending: what a usual distance is.</param>
public sealed record EmbeddingProfile(int Size, float[] Mean, float[] Basis, int Components, IReadOnlyList<float[]> ClassMeans, float[] Whitening, double[] ValidationDistances)
{
    /// <summary>The profile in a package's <c>monitoring</c> section, or null where it has none (or one this version does not read).</summary>
    public static EmbeddingProfile? From(JsonElement? monitoring) => MonitoringSection.Read<EmbeddingProfile>(monitoring, "embedding");

    /// <summary>The Mahalanobis distance of <paramref name="embedding"/> to the nearest class, in component space.</summary>
    public double Distance(ReadOnlySpan<float> embedding)
    {
        if (embedding.Length != Size)
        {
            throw new ArgumentException($"An embedding of {embedding.Length} features; the profile has {Size}.", nameof(embedding));
        }
        Span<double> projected = stackalloc double[Components];
        Project(embedding, projected);
        return DistanceOfProjected(projected);
    }

    /// <summary>The distance of an embedding already projected on the components (<see cref="Project"/>).</summary>
    public double DistanceOfProjected(ReadOnlySpan<double> projected)
    {
        Span<double> centred = stackalloc double[Components];
        double best = double.PositiveInfinity;
        foreach (var mean in ClassMeans)
        {
            if (mean.Length != Components)
            {
                continue;
            }
            for (int i = 0; i < Components; i++)
            {
                centred[i] = projected[i] - mean[i];
            }
            double squared = 0;
            for (int r = 0; r < Components; r++)
            {
                double sum = 0;
                for (int c = 0; c <= r; c++)
                {
                    sum += Whitening[r * Components + c] * centred[c];
                }
                squared += sum * sum;
            }
            best = Math.Min(best, squared);
        }
        return Math.Sqrt(best);
    }

    /// <summary>
    /// The share of validation images closer to the training data than <paramref name="distance"/>: 0.5 is a usual
    /// image, 0.99 one stranger than 99 in 100 of those the model was checked on, 1 stranger than all.
    /// </summary>
    public double Unusualness(double distance)
    {
        if (ValidationDistances.Length == 0)
        {
            return 0;
        }
        int index = Array.BinarySearch(ValidationDistances, distance);
        int below = index >= 0 ? index : ~index;
        return (double)below / ValidationDistances.Length;
    }

    /// <summary>(embedding − mean) · basis.</summary>
    public void Project(ReadOnlySpan<float> embedding, Span<double> projected)
    {
        if (embedding.Length != Size || projected.Length != Components)
        {
            throw new ArgumentException($"An embedding of {embedding.Length} features into {projected.Length} components; the profile has {Size} and {Components}.", nameof(embedding));
        }
        projected.Clear();
        for (int d = 0; d < Size; d++)
        {
            double centred = embedding[d] - Mean[d];
            int row = d * Components;
            for (int c = 0; c < Components; c++)
            {
                projected[c] += centred * Basis[row + c];
            }
        }
    }
}
