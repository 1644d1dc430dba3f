using System.Text.Json;
using AutoDL.Search.Distributions;

namespace AutoDL.Search;

/// <summary>An ordered list of hyperparameters; parents come before the parameters that depend on them.</summary>
public sealed class SearchSpace
{
    private readonly Dictionary<string, SearchParameter> _byName = new(StringComparer.Ordinal);

    /// <summary>Creates a space, checking names are unique and parents come first.</summary>
    public SearchSpace(IEnumerable<SearchParameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var list = new List<SearchParameter>();
        foreach (var p in parameters)
        {
            if (_byName.ContainsKey(p.Name))
            {
                throw new ArgumentException($"The parameter '{p.Name}' is defined twice.", nameof(parameters));
            }
            if (p.ParentName is not null && !(_byName.TryGetValue(p.ParentName, out var parent) && parent.Distribution is CategoricalDistribution))
            {
                throw new ArgumentException($"The parameter '{p.Name}' depends on '{p.ParentName}', which must be an earlier categorical parameter.", nameof(parameters));
            }
            _byName[p.Name] = p;
            list.Add(p);
        }
        Parameters = list;
    }

    /// <summary>The parameters in order.</summary>
    public IReadOnlyList<SearchParameter> Parameters { get; }

    /// <summary>The parameter of a name.</summary>
    public SearchParameter this[string name] => _byName.TryGetValue(name, out var p) ? p : throw new KeyNotFoundException($"The search space has no parameter '{name}'.");

    /// <summary>
    /// A space of just the named parameters, in this space's order, so that one sampler can search part of a
    /// space (the architecture, say) and another the rest.
    /// </summary>
    /// <exception cref="ArgumentException">A name is not in this space, or a kept parameter depends on one left out.</exception>
    public SearchSpace Subset(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var kept = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (!_byName.ContainsKey(name))
            {
                throw new ArgumentException($"The search space has no parameter '{name}' to keep; it has {string.Join(", ", Parameters.Select(p => p.Name))}.", nameof(names));
            }
            kept.Add(name);
        }
        foreach (var p in Parameters)
        {
            // Without its parent a conditional parameter could never be known to be active or not.
            if (kept.Contains(p.Name) && p.ParentName is not null && !kept.Contains(p.ParentName))
            {
                throw new ArgumentException($"The parameter '{p.Name}' depends on '{p.ParentName}', which the subset leaves out; keep '{p.ParentName}' as well or leave '{p.Name}' out.", nameof(names));
            }
        }
        return new SearchSpace(Parameters.Where(p => kept.Contains(p.Name)));
    }

    /// <summary>A space of the parameters <paramref name="keep"/> selects; see <see cref="Subset(IEnumerable{string})"/>.</summary>
    public SearchSpace Subset(Func<SearchParameter, bool> keep)
    {
        ArgumentNullException.ThrowIfNull(keep);
        return Subset(Parameters.Where(keep).Select(p => p.Name));
    }

    /// <summary>Whether a parameter exists given the values chosen so far.</summary>
    public bool IsActive(SearchParameter parameter, IReadOnlyDictionary<string, double> chosen)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        ArgumentNullException.ThrowIfNull(chosen);
        if (parameter.ParentName is null)
        {
            return true;
        }
        var parent = _byName[parameter.ParentName];
        return IsActive(parent, chosen)
            && chosen.TryGetValue(parent.Name, out var value)
            && parent.Distribution.Format(value) == parameter.ParentChoice;
    }

    /// <summary>Checks a full assignment: every active parameter present and in range, no inactive one present.</summary>
    /// <exception cref="ArgumentException">The assignment is not a point of the space (<see cref="Problem"/> says why).</exception>
    public void Validate(IReadOnlyDictionary<string, double> values)
    {
        if (Problem(values) is { } problem)
        {
            throw new ArgumentException(problem, nameof(values));
        }
    }

    /// <summary>Why <paramref name="values"/> is not a point of the space, or null when it is (<see cref="Validate"/> without the exception).</summary>
    public string? Problem(IReadOnlyDictionary<string, double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        foreach (var p in Parameters)
        {
            bool active = IsActive(p, values);
            bool present = values.TryGetValue(p.Name, out var v);
            if (active && !present)
            {
                return $"The parameter '{p.Name}' is missing.";
            }
            if (!active && present)
            {
                return $"The parameter '{p.Name}' does not apply here.";
            }
            if (present && !p.Distribution.Contains(v))
            {
                return $"The value {v} of '{p.Name}' is outside its range.";
            }
        }
        return values.Keys.FirstOrDefault(name => !_byName.ContainsKey(name)) is { } unknown ? $"The search space has no parameter '{unknown}'." : null;
    }

    /// <summary>
    /// The space as JSON, its parameters with their distributions in order. A study stores it, so that its trials can be
    /// read and described without the task that made the space: `autodl leaderboard` during a fit or after a crash.
    /// </summary>
    public string ToJson() => JsonSerializer.Serialize(Parameters, JsonOptions);

    /// <summary>A space from <see cref="ToJson"/>'s text; damaged text raises <see cref="JsonException"/>.</summary>
    public static SearchSpace FromJson(string json)
    {
        ArgumentException.ThrowIfNullOrEmpty(json);
        return new SearchSpace(JsonSerializer.Deserialize<List<SearchParameter>>(json, JsonOptions) ?? throw new JsonException("The search space is null."));
    }

    private static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>"name=value" pairs a person can read.</summary>
    public string Describe(IReadOnlyDictionary<string, double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return string.Join(" ", Parameters.Where(p => values.ContainsKey(p.Name)).Select(p => $"{p.Name}={p.Distribution.Format(values[p.Name])}"));
    }
}
