namespace AutoDL.Bench.DetectionData;

/// <summary>The few draws the generator makes from an image's own <see cref="Random"/>.</summary>
internal static class RandomDraws
{
    public static double Uniform(this Random random, double min, double max) => min + (random.NextDouble() * (max - min));

    public static float UniformF(this Random random, double min, double max) => (float)random.Uniform(min, max);

    public static bool Chance(this Random random, double probability) => random.NextDouble() < probability;

    public static T Pick<T>(this Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    /// <summary>An item drawn with probability proportional to its weight.</summary>
    public static T PickWeighted<T>(this Random random, IReadOnlyList<(T Item, double Weight)> items)
    {
        double draw = random.NextDouble() * items.Sum(i => i.Weight);
        foreach (var (item, weight) in items)
        {
            draw -= weight;
            if (draw < 0)
            {
                return item;
            }
        }
        return items[^1].Item;
    }

    /// <summary>A normally distributed number (Box–Muller), for sensor noise.</summary>
    public static double Gaussian(this Random random)
    {
        // 1 - NextDouble() lies in (0, 1], so the logarithm is finite.
        double u = 1 - random.NextDouble(), v = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
    }
}
