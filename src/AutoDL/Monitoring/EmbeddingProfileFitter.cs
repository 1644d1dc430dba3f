using AutoDL.Runtime;
using TorchSharp;

namespace AutoDL.Monitoring;

/// <summary>
/// Fits an <see cref="EmbeddingProfile"/> from training embeddings and their labels, then sets it against the validation
/// embeddings. The covariance and its eigenvectors come from libtorch (a thousand features would take minutes by hand);
/// the rest is small.
/// </summary>
internal static class EmbeddingProfileFitter
{
    /// <summary>Components kept: enough for the spread of a classifier's features (a few per class), small enough to score per image in microseconds.</summary>
    public const int MaxComponents = 32;

    /// <summary>Validation distances kept as the reference; percentiles need no more.</summary>
    public const int MaxReferenceDistances = 2000;

    // Added to the within-class covariance's diagonal, as a share of its mean variance: keeps the whitening finite
    // when a component barely varies within the classes.
    private const double Shrinkage = 0.01;

    /// <summary>The profile of <paramref name="train"/> (row-major, <paramref name="size"/> features) with <paramref name="labels"/> of <paramref name="classes"/> classes, and <paramref name="validation"/> as the reference of usual distances.</summary>
    public static EmbeddingProfile Fit(float[] train, IReadOnlyList<int> labels, int classes, int size, float[] validation)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(validation);
        int n = labels.Count;
        if (n < 2 || train.Length != (long)n * size)
        {
            throw new ArgumentException($"Expected at least two embeddings of {size} features, {n} labels; got {train.Length} values.", nameof(train));
        }
        var mean = new double[size];
        for (int i = 0; i < n; i++)
        {
            for (int d = 0; d < size; d++)
            {
                mean[d] += train[i * size + d];
            }
        }
        for (int d = 0; d < size; d++)
        {
            mean[d] /= n;
        }
        var centred = new double[(long)n * size];
        for (int i = 0; i < n; i++)
        {
            for (int d = 0; d < size; d++)
            {
                centred[i * size + d] = train[i * size + d] - mean[d];
            }
        }
        int components = Math.Min(MaxComponents, Math.Min(size, n - 1));
        var basis = PrincipalComponents(centred, n, size, components);

        // The training embeddings in component space, the class means there, and the shared within-class covariance.
        var projected = new double[n * components];
        for (int i = 0; i < n; i++)
        {
            for (int d = 0; d < size; d++)
            {
                double x = centred[i * size + d];
                for (int c = 0; c < components; c++)
                {
                    projected[i * components + c] += x * basis[d * components + c];
                }
            }
        }
        var classMeans = new double[classes][];
        var counts = new int[classes];
        for (int i = 0; i < n; i++)
        {
            var m = classMeans[labels[i]] ??= new double[components];
            counts[labels[i]]++;
            for (int c = 0; c < components; c++)
            {
                m[c] += projected[i * components + c];
            }
        }
        for (int k = 0; k < classes; k++)
        {
            if (classMeans[k] is { } m)
            {
                for (int c = 0; c < components; c++)
                {
                    m[c] /= counts[k];
                }
            }
        }
        var covariance = new double[components, components];
        for (int i = 0; i < n; i++)
        {
            var m = classMeans[labels[i]];
            for (int r = 0; r < components; r++)
            {
                double a = projected[i * components + r] - m[r];
                for (int c = 0; c <= r; c++)
                {
                    covariance[r, c] += a * (projected[i * components + c] - m[c]);
                }
            }
        }
        int used = counts.Count(c => c > 0);
        double trace = 0;
        for (int r = 0; r < components; r++)
        {
            for (int c = 0; c <= r; c++)
            {
                covariance[r, c] /= Math.Max(1, n - used);
                covariance[c, r] = covariance[r, c];
            }
            trace += covariance[r, r];
        }
        double ridge = Shrinkage * Math.Max(trace / components, 1e-12);
        for (int r = 0; r < components; r++)
        {
            covariance[r, r] += ridge;
        }
        var whitening = InverseCholesky(covariance, components);

        var profile = new EmbeddingProfile(
            size,
            [.. mean.Select(v => (float)v)],
            [.. basis.Select(v => (float)v)],
            components,
            [.. classMeans.Select(m => m is null ? Array.Empty<float>() : m.Select(v => (float)v).ToArray())],
            [.. whitening.Select(v => (float)v)],
            []);
        int validationCount = validation.Length / size;
        int step = Math.Max(1, (int)Math.Ceiling((double)validationCount / MaxReferenceDistances));
        var distances = new List<double>();
        for (int i = 0; i < validationCount; i += step)
        {
            distances.Add(profile.Distance(validation.AsSpan(i * size, size)));
        }
        distances.Sort();
        return profile with { ValidationDistances = [.. distances] };
    }

    /// <summary>The <paramref name="components"/> eigenvectors of the covariance with the largest eigenvalues, row-major size × components.</summary>
    private static double[] PrincipalComponents(double[] centred, int n, int size, int components)
    {
        TorchRuntime.Initialize();
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(centred, [n, size], torch.float64);
        var scatter = x.t().matmul(x);
        var (_, vectors) = torch.linalg.eigh(scatter);
        // eigh sorts eigenvalues ascending: the last columns are the main components.
        var main = vectors.narrow(1, size - components, components).flip(1).contiguous();
        return main.data<double>().ToArray();
    }

    /// <summary>L⁻¹ for the covariance's Cholesky factor L (lower-triangular), row-major.</summary>
    private static double[] InverseCholesky(double[,] covariance, int m)
    {
        var lower = new double[m, m];
        for (int r = 0; r < m; r++)
        {
            for (int c = 0; c <= r; c++)
            {
                double sum = covariance[r, c];
                for (int k = 0; k < c; k++)
                {
                    sum -= lower[r, k] * lower[c, k];
                }
                lower[r, c] = r == c ? Math.Sqrt(Math.Max(sum, 1e-300)) : sum / lower[c, c];
            }
        }
        // Forward substitution, column by column of the identity.
        var inverse = new double[m * m];
        for (int column = 0; column < m; column++)
        {
            for (int r = column; r < m; r++)
            {
                double sum = r == column ? 1 : 0;
                for (int k = column; k < r; k++)
                {
                    sum -= lower[r, k] * inverse[k * m + column];
                }
                inverse[r * m + column] = sum / lower[r, r];
            }
        }
        return inverse;
    }
}
