namespace AutoDL.Data;

/// <summary>
/// Lists the files under the folders of one data set as an import should see them, in a stable order. Hidden entries
/// (a leading dot: <c>.git</c>, <c>.DS_Store</c>) are left out. A folder link back into the data set, or above it,
/// is not entered (.NET's recursive enumeration follows a link to a parent for ever, and a link from one class or
/// split to another would put the same images in both); a link to a folder outside is entered once. A file reached
/// twice through links is listed once: one walker serves a whole import. What is left out, apart from hidden
/// entries, is listed with the reason.
/// </summary>
internal sealed class FolderWalker(string dataRoot, List<SkippedFile> skipped, CancellationToken ct)
{
    private readonly string[] _dataRoot = [.. new[] { Path.GetFullPath(dataRoot), RealPath.Of(dataRoot) }.Select(Path.TrimEndingDirectorySeparator).Distinct(StringComparer.Ordinal)];
    private readonly HashSet<string> _enteredFolders = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _listedFiles = new(StringComparer.Ordinal);

    /// <summary>Folders deeper than this are not entered: no real data set nests so deep, and every walk ends.</summary>
    public const int MaxDepth = 32;

    /// <summary>The files under <paramref name="root"/> not listed before by this walker; what was left out goes to the skip list.</summary>
    public List<string> Walk(string root)
    {
        var files = new List<string>();
        var start = new DirectoryInfo(root);
        string target = Target(start);
        if (Refused(start, target) is { } reason)
        {
            skipped.Add(new SkippedFile(start.FullName, reason));
        }
        else
        {
            Visit(start, 0);
        }
        return files;

        void Visit(DirectoryInfo folder, int depth)
        {
            ct.ThrowIfCancellationRequested();
            FileSystemInfo[] entries;
            try
            {
                entries = folder.GetFileSystemInfos();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                skipped.Add(new SkippedFile(folder.FullName, $"folder cannot be read ({e.Message})"));
                return;
            }
            foreach (var entry in entries.OrderBy(e => e.Name, StringComparer.Ordinal))
            {
                if (entry.Name.StartsWith('.'))
                {
                    continue;
                }
                string target;
                try
                {
                    target = Target(entry);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    skipped.Add(new SkippedFile(entry.FullName, $"a symbolic link that cannot be followed ({e.Message})"));
                    continue;
                }
                if (Directory.Exists(entry.FullName))
                {
                    if (depth + 1 > MaxDepth)
                    {
                        skipped.Add(new SkippedFile(entry.FullName, $"folder nested deeper than {MaxDepth} levels; not entered"));
                    }
                    else if (Refused(entry, target) is { } reason)
                    {
                        skipped.Add(new SkippedFile(entry.FullName, reason));
                    }
                    else
                    {
                        Visit(new DirectoryInfo(entry.FullName), depth + 1);
                    }
                }
                else if (_listedFiles.TryGetValue(target, out var first))
                {
                    skipped.Add(new SkippedFile(entry.FullName, $"the same file as '{first}' (through a symbolic link); kept once"));
                }
                else
                {
                    _listedFiles.Add(target, entry.FullName);
                    files.Add(entry.FullName);
                }
            }
        }
    }

    /// <summary>Why a folder must not be entered, or null (and it counts as entered).</summary>
    private string? Refused(FileSystemInfo folder, string target)
    {
        if (folder.LinkTarget is not null && _dataRoot.Any(root => Within(target, root) || Within(root, target)))
        {
            return $"a link to folder '{target}', inside the data or above it (a loop, or a second copy of its images); not entered";
        }
        return _enteredFolders.Add(target) ? null : $"folder '{target}' is already listed (reached through another link); not entered";
    }

    private static bool Within(string path, string folder) =>
        path.Equals(folder, StringComparison.Ordinal) || path.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>
    /// The place an entry stands for, every link on the way resolved, so two routes to one folder or file are seen to be
    /// one (a link to /photos and another to /photos/2023 overlap). A link that cannot be resolved keeps its own target.
    /// </summary>
    private static string Target(FileSystemInfo entry)
    {
        // A dangling or looping link is the caller's to report: resolving it throws as it should.
        var target = entry.LinkTarget is null ? entry.FullName : (entry.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? entry.FullName);
        return Path.TrimEndingDirectorySeparator(RealPath.Of(target));
    }
}
