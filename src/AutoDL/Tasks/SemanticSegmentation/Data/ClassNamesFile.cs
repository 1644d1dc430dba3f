namespace AutoDL.Tasks.SemanticSegmentation.Data;

/// <summary><c>classes.txt</c>: one class name a line, line <c>i</c> naming the class whose masks' pixels are <c>i</c>.</summary>
internal static class ClassNamesFile
{
    public const string FileName = "classes.txt";

    /// <summary>The names in <paramref name="folder"/>'s classes.txt, or null when it has none.</summary>
    /// <exception cref="AutoDLException">The file is unreadable, empty, names a class twice, leaves a line blank between names, or names more than 255 classes.</exception>
    public static IReadOnlyList<string>? Read(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
        {
            return null;
        }
        List<string> names;
        try
        {
            names = [.. File.ReadAllLines(path).Select(line => line.Trim())];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AutoDLException($"Cannot read '{path}': {e.Message}", e);
        }
        while (names.Count > 0 && names[^1].Length == 0)
        {
            names.RemoveAt(names.Count - 1);
        }
        if (names.Count == 0)
        {
            throw new AutoDLException($"'{path}' names no class. Write one class name a line, the first for pixel value 0.");
        }
        if (names.IndexOf("") is int blank and >= 0)
        {
            throw new AutoDLException($"Line {blank + 1} of '{path}' is blank: line i names the class of pixel value i - 1, so every line up to the last needs a name.");
        }
        if (names.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new AutoDLException($"'{path}' names the class '{twice.Key}' twice; each class needs its own name.");
        }
        if (names.Count > 255)
        {
            throw new AutoDLException($"'{path}' names {names.Count} classes; masks hold at most 255 (pixel values 0–254; 255 marks pixels that are not scored).");
        }
        return names;
    }
}
