using AutoDL.Data;

namespace AutoDL.Pipeline;

/// <summary>The study attributes of a task trained at one input shape on named classes: continuing a study with other classes or another input would mix incomparable trials.</summary>
internal static class StudyIdentities
{
    public static IReadOnlyDictionary<string, string> For(IReadOnlyList<string> classNames, ImageShape input) => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["classes"] = string.Join("|", classNames),
        ["input"] = input.ToString(),
    };
}
