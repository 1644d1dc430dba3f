namespace AutoDL.Data;

/// <summary>
/// Whether a path is a file an import may open. Opening a named pipe blocks until something writes to it and a
/// device such as <c>/dev/zero</c> never ends, and a data folder can hold either under an image's name (or a link
/// to one). Such files report a size of 0, as an empty file does; none of them holds data, so all are refused
/// before they are opened.
/// </summary>
internal static class RegularFile
{
    /// <summary>Why <paramref name="path"/> must not be opened, in words for a skip list; null when it may be.</summary>
    public static string? Problem(string path)
    {
        FileSystemInfo info = new FileInfo(path);
        try
        {
            if (info.LinkTarget is not null)
            {
                info = info.ResolveLinkTarget(returnFinalTarget: true) ?? info;
            }
        }
        catch (IOException e)
        {
            return $"a symbolic link that cannot be followed ({e.Message})";
        }
        catch (UnauthorizedAccessException)
        {
            return "a symbolic link that cannot be followed (permission denied)";
        }
        if (Directory.Exists(info.FullName))
        {
            return "a folder, not a file";
        }
        if (!File.Exists(info.FullName))
        {
            return "cannot be read: not found (a broken link, or a file removed meanwhile)";
        }
        return new FileInfo(info.FullName).Length == 0 ? "empty (0 bytes), or not a regular file (a pipe, socket or device); not opened" : null;
    }
}
