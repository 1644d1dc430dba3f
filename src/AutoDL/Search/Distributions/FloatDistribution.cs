using System.Globalization;

namespace AutoDL.Search.Distributions;

/// <summary>
/// A real number in [Low, High], drawn on a log scale when <paramref name="Log"/> is set, or restricted to
/// the grid Low, Low + Step, … ≤ High when <paramref name="Step"/> is set (Optuna's discretised float).
/// </summary>
public sealed record FloatDistribution(double Low, double High, bool Log = false, double? Step = null) : ParameterDistribution
{
    /// <summary>The grid spacing, or null for a continuous range. Positive, finite, and never with a log scale (as in Optuna).</summary>
    public double? Step { get; init; } = Step is null || (Step > 0 && double.IsFinite(Step.Value) && !Log)
        ? Step
        : throw new ArgumentOutOfRangeException(nameof(Step), Step, "A float step must be positive and finite, and cannot be combined with a log scale; leave it null for a continuous range.");

    /// <inheritdoc />
    public override double Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (Step is { } step)
        {
            return Low + random.Next(GridCount(step)) * step;
        }
        if (Log)
        {
            return Math.Exp(Math.Log(Low) + random.NextDouble() * (Math.Log(High) - Math.Log(Low)));
        }
        return Low + random.NextDouble() * (High - Low);
    }

    /// <summary>The nearest allowed value: clamped into range, and onto the grid when there is a step.</summary>
    public double Snap(double value)
    {
        if (Step is not { } step)
        {
            return Math.Clamp(value, Low, High);
        }
        double k = Math.Clamp(Math.Round((value - Low) / step), 0, GridCount(step) - 1);
        return Low + k * step;
    }

    /// <summary>The largest value on the grid (High itself when High − Low is a whole number of steps).</summary>
    public double GridHigh => Step is { } step ? Low + (GridCount(step) - 1) * step : High;

    /// <inheritdoc />
    public override bool Contains(double internalValue)
    {
        if (!(internalValue >= Low && internalValue <= High))
        {
            return false;
        }
        if (Step is not { } step)
        {
            return true;
        }
        double k = (internalValue - Low) / step;
        return Math.Abs(k - Math.Round(k)) <= 1e-9 * Math.Max(1, k);
    }

    /// <inheritdoc />
    public override string Format(double internalValue) => internalValue.ToString("G4", CultureInfo.InvariantCulture);

    // A relative tolerance so that (1.0 - 0.1) / 0.3 counts as 3 steps, not 2.999…
    private int GridCount(double step) => (int)Math.Floor((High - Low) / step * (1 + 1e-12) + 1e-9) + 1;
}
