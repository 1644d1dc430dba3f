using System.Text.Json.Serialization;

namespace AutoDL.Search.Distributions;

/// <summary>
/// The range a hyperparameter is drawn from. Values travel through samplers and the study store in an
/// internal form, a double (as in Optuna): the number itself, or the index of a categorical choice; that
/// keeps samplers pure arithmetic over a history.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(FloatDistribution), "float")]
[JsonDerivedType(typeof(IntDistribution), "int")]
[JsonDerivedType(typeof(CategoricalDistribution), "categorical")]
public abstract record ParameterDistribution
{
    /// <summary>Draws an internal value uniformly (on the log scale where the distribution says so).</summary>
    public abstract double Sample(Random random);

    /// <summary>Whether an internal value lies in the distribution.</summary>
    public abstract bool Contains(double internalValue);

    /// <summary>The value as a user reads it: a number or a choice.</summary>
    public abstract string Format(double internalValue);
}
