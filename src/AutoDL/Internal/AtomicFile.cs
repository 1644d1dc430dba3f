namespace AutoDL.Internal;

/// <summary>
/// Replaces a file all at once: the content goes to a temporary file of its own in the same folder (two writers of
/// one path never write into each other's file), is flushed to disk, then renamed over the path. A reader sees the
/// old file or the new one, never half of one; a write that fails (a full disk) leaves the old file as it was and
/// no temporary file behind.
/// </summary>
internal static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> with <paramref name="write"/>; a failure to write it is an <see cref="AutoDLException"/> naming it.</summary>
    /// <param name="path">The file to replace (its folder is created when missing).</param>
    /// <param name="write">Writes the whole content to the stream it is given.</param>
    /// <param name="advice">What the user can do when the write fails, after the cause; by default, free some disk space.</param>
    public static void Write(string path, Action<Stream> write, string? advice = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        try
        {
            WriteOrThrow(path, write);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AutoDLException($"Cannot write '{path}': {e.Message} {advice ?? "Free some disk space, or write somewhere else."} Its previous content, if any, is unchanged.", e);
        }
    }

    /// <summary>As <see cref="Write"/>, but the I/O error itself reaches the caller, for callers that word it themselves.</summary>
    public static void WriteOrThrow(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None))
            {
                write(file);
                // On disk before the rename: after a power cut the path holds the old content or the new, never a
                // renamed file whose blocks were not written yet.
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            try
            {
                File.Delete(temporary);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The write's own error is the one to report.
            }
            throw;
        }
    }
}
