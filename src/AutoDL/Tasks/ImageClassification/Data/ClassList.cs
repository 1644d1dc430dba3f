namespace AutoDL.Tasks.ImageClassification.Data;

/// <summary>Maps label strings to class indices, either discovered (sorted ordinally) or forced by the caller.</summary>
internal sealed class ClassList
{
    private readonly Dictionary<string, int> _index;

    private ClassList(IReadOnlyList<string> names, bool forced)
    {
        Names = names;
        Forced = forced;
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < names.Count; i++)
        {
            _index[names[i]] = i;
        }
    }

    public IReadOnlyList<string> Names { get; }

    /// <summary>The caller fixed the classes (evaluating or predicting with an existing model).</summary>
    public bool Forced { get; }

    /// <summary>The forced list when given, otherwise the distinct labels in ordinal order (culture-independent, so every machine agrees).</summary>
    public static ClassList Create(IEnumerable<string> labels, IReadOnlyList<string>? forced) =>
        forced is not null
            ? new ClassList(forced.ToArray(), forced: true)
            : new ClassList(labels.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray(), forced: false);

    /// <summary>Discovered classes whose order the source defines (IDX label numbers, a classes.txt).</summary>
    public static ClassList InOrder(IReadOnlyList<string> names) => new(names.ToArray(), forced: false);

    public int IndexOf(string label, string file)
    {
        if (_index.TryGetValue(label, out int index))
        {
            return index;
        }
        var shown = string.Join(", ", Names.Take(20)) + (Names.Count > 20 ? ", ..." : "");
        throw new AutoDLException($"Label '{label}' of '{file}' is not one of the {Names.Count} classes given in ClassNames ({shown}). Import data whose labels are among the model's classes, or leave ClassNames unset to use the labels found.");
    }
}
