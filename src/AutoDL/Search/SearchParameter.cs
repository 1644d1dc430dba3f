using AutoDL.Search.Distributions;

namespace AutoDL.Search;

/// <summary>
/// One searchable hyperparameter. A conditional parameter exists only when an earlier categorical
/// parameter took a given choice (a family's own parameters exist only when that family is chosen).
/// </summary>
/// <param name="Name">Unique name, e.g. "resnet.width".</param>
/// <param name="Distribution">Where its values come from.</param>
/// <param name="ParentName">The categorical parameter it depends on, or null.</param>
/// <param name="ParentChoice">The parent's choice under which it exists.</param>
public sealed record SearchParameter(string Name, ParameterDistribution Distribution, string? ParentName = null, string? ParentChoice = null);
