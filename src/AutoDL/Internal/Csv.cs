namespace AutoDL.Internal;

/// <summary>CSV as RFC 4180 writes it, shared by every CSV the library and the CLI produce.</summary>
internal static class Csv
{
    /// <summary>The value as one CSV field: quoted, with quotes doubled, when it holds a comma, quote or line break.</summary>
    public static string Field(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
