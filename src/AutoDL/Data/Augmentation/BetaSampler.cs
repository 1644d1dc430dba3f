namespace AutoDL.Data.Augmentation;

/// <summary>
/// Draws from Beta(α, α) for mixup and CutMix with the caller's seeded <see cref="Random"/>, so a trial's augmentation
/// is reproducible; .NET has no gamma or beta distribution, so this is written here: X/(X+Y) with X, Y ~ Gamma(α).
/// </summary>
internal static class BetaSampler
{
    public static double Symmetric(Random random, double alpha)
    {
        double x = Gamma(random, alpha), y = Gamma(random, alpha);
        return x + y > 0 ? x / (x + y) : 0.5;
    }

    /// <summary>Marsaglia and Tsang (2000); for α &lt; 1 it draws Gamma(α + 1) and scales by U^(1/α).</summary>
    private static double Gamma(Random random, double alpha)
    {
        if (alpha < 1)
        {
            return Gamma(random, alpha + 1) * Math.Pow(1 - random.NextDouble(), 1 / alpha);
        }
        double d = alpha - 1.0 / 3, c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double z, v;
            do
            {
                z = Normal(random);
                v = 1 + c * z;
            }
            while (v <= 0);
            v = v * v * v;
            double u = 1 - random.NextDouble();
            if (Math.Log(u) < 0.5 * z * z + d - d * v + d * Math.Log(v))
            {
                return d * v;
            }
        }
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
