using AutoDL.Search;
using AutoDL.Search.Distributions;

namespace AutoDL.Bench.Samplers;

/// <summary>A standard global-optimisation test function to minimise, with its known optimum.</summary>
/// <param name="Name">Short name used in the results.</param>
/// <param name="Space">Its domain as a search space.</param>
/// <param name="Evaluate">f(x) for a proposal.</param>
/// <param name="Optimum">The global minimum of f.</param>
internal sealed record TestFunction(string Name, SearchSpace Space, Func<IReadOnlyDictionary<string, double>, double> Evaluate, double Optimum)
{
    // Hartmann-6 constants (Dixon and Szegő, 1978), as in https://www.sfu.ca/~ssurjano/hart6.html
    private static readonly double[] Alpha = [1.0, 1.2, 3.0, 3.2];
    private static readonly double[,] A = { { 10, 3, 17, 3.5, 1.7, 8 }, { 0.05, 10, 17, 0.1, 8, 14 }, { 3, 3.5, 1.7, 10, 17, 8 }, { 17, 8, 0.05, 10, 0.1, 14 } };
    private static readonly double[,] P = { { 1312, 1696, 5569, 124, 8283, 5886 }, { 2329, 4135, 8307, 3736, 1004, 9991 }, { 2348, 1451, 3522, 2883, 3047, 6650 }, { 4047, 8828, 8732, 5743, 1091, 381 } };

    /// <summary>Branin-Hoo on x1 ∈ [−5, 10], x2 ∈ [0, 15]: three global minima of 0.397887.</summary>
    public static TestFunction Branin { get; } = new(
        "branin",
        new SearchSpace([new SearchParameter("x1", new FloatDistribution(-5, 10)), new SearchParameter("x2", new FloatDistribution(0, 15))]),
        p =>
        {
            double x1 = p["x1"], x2 = p["x2"];
            double b = 5.1 / (4 * Math.PI * Math.PI), c = 5 / Math.PI, t = 1 / (8 * Math.PI);
            return Math.Pow(x2 - b * x1 * x1 + c * x1 - 6, 2) + 10 * (1 - t) * Math.Cos(x1) + 10;
        },
        0.397887);

    /// <summary>Hartmann-6 on [0, 1]^6: one global minimum of −3.32237 among several local ones.</summary>
    public static TestFunction Hartmann6 { get; } = new(
        "hartmann6",
        new SearchSpace(Enumerable.Range(1, 6).Select(j => new SearchParameter($"x{j}", new FloatDistribution(0, 1)))),
        p =>
        {
            double sum = 0;
            for (int i = 0; i < 4; i++)
            {
                double inner = 0;
                for (int j = 0; j < 6; j++)
                {
                    inner += A[i, j] * Math.Pow(p[$"x{j + 1}"] - P[i, j] * 1e-4, 2);
                }
                sum += Alpha[i] * Math.Exp(-inner);
            }
            return -sum;
        },
        -3.32237);
}
