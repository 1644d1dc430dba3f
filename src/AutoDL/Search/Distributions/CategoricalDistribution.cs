namespace AutoDL.Search.Distributions;

/// <summary>One of a list of choices; the internal value is the choice's index.</summary>
public sealed record CategoricalDistribution(IReadOnlyList<string> Choices) : ParameterDistribution
{
    /// <inheritdoc />
    public override double Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return random.Next(Choices.Count);
    }

    /// <summary>The internal value of a choice.</summary>
    public double IndexOf(string choice)
    {
        for (int i = 0; i < Choices.Count; i++)
        {
            if (Choices[i] == choice)
            {
                return i;
            }
        }
        throw new ArgumentException($"'{choice}' is not one of {string.Join(", ", Choices)}.", nameof(choice));
    }

    /// <inheritdoc />
    public override bool Contains(double internalValue) => internalValue >= 0 && internalValue < Choices.Count && internalValue == Math.Floor(internalValue);

    /// <inheritdoc />
    public override string Format(double internalValue) => Choices[(int)internalValue];
}
