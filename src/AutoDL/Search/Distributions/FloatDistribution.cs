using System.Globalization;

namespace AutoDL.Search.Distributions;

/// <summary>A real number in [Low, High], drawn on a log scale when <paramref name="Log"/> is set.</summary>
public sealed record FloatDistribution(double Low, double High, bool Log = false) : ParameterDistribution
{
    /// <inheritdoc />
    public override double Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (Log)
        {
            return Math.Exp(Math.Log(Low) + random.NextDouble() * (Math.Log(High) - Math.Log(Low)));
        }
        return Low + random.NextDouble() * (High - Low);
    }

    /// <inheritdoc />
    public override bool Contains(double internalValue) => internalValue >= Low && internalValue <= High;

    /// <inheritdoc />
    public override string Format(double internalValue) => internalValue.ToString("G4", CultureInfo.InvariantCulture);
}
