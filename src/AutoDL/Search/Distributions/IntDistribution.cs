using System.Globalization;

namespace AutoDL.Search.Distributions;

/// <summary>An integer in [Low, High] on a grid of <paramref name="Step"/>, drawn on a log scale when <paramref name="Log"/> is set.</summary>
public sealed record IntDistribution(int Low, int High, int Step = 1, bool Log = false) : ParameterDistribution
{
    /// <inheritdoc />
    public override double Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        double raw = Log
            ? Math.Exp(Math.Log(Low - 0.5 + 1) + random.NextDouble() * (Math.Log(High + 0.5 + 1) - Math.Log(Low - 0.5 + 1))) - 1
            : Low - 0.5 + random.NextDouble() * (High - Low + 1);
        return Snap(raw);
    }

    /// <summary>The nearest allowed value.</summary>
    public int Snap(double value)
    {
        int steps = (int)Math.Round((value - Low) / Step);
        return Math.Clamp(Low + steps * Step, Low, High - (High - Low) % Step);
    }

    /// <inheritdoc />
    public override bool Contains(double internalValue) => internalValue >= Low && internalValue <= High && (internalValue - Low) % Step == 0;

    /// <inheritdoc />
    public override string Format(double internalValue) => ((int)internalValue).ToString(CultureInfo.InvariantCulture);
}
