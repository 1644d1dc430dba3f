using System.Text;

namespace AutoDL.Bench;

/// <summary>The head every results page starts with: a title, then what was measured where and how, one bullet each.</summary>
internal static class ResultsMarkdown
{
    public static StringBuilder Start(string title, params string[] context)
    {
        var md = new StringBuilder().Append("# ").AppendLine(title).AppendLine();
        foreach (var line in context)
        {
            md.Append("- ").AppendLine(line);
        }
        return md.AppendLine();
    }
}
