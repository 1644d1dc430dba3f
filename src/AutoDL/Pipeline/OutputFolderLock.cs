namespace AutoDL.Pipeline;

/// <summary>
/// Holds an output folder for one fit. Two fits writing one folder's package, study and leaderboard would each keep
/// only their own best, so a worse model could replace a better one. The lock is a file opened without sharing, which
/// .NET takes as an exclusive advisory lock (flock on Unix); the operating system drops it when the process ends, even
/// by kill -9, so a lock left by a crash never blocks the next fit or its resume.
/// </summary>
internal sealed class OutputFolderLock : IDisposable
{
    /// <summary>The lock file's name in the output folder. It stays there after the fit; only an open handle holds the folder.</summary>
    public const string FileName = ".autodl-fit.lock";

    private readonly FileStream _file;

    private OutputFolderLock(FileStream file) => _file = file;

    /// <summary>Takes <paramref name="folder"/> (which must exist) for this fit.</summary>
    /// <exception cref="AutoDLException">Another fit holds it, or the lock file cannot be written.</exception>
    public static OutputFolderLock Take(string folder)
    {
        var path = Path.Combine(folder, FileName);
        try
        {
            return new OutputFolderLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException e)
        {
            throw new AutoDLException($"Another fit is writing to '{folder}' (it holds {FileName}). Wait for it to end, or give this fit another folder with --output.", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new AutoDLException($"Cannot write to the output folder '{folder}': {e.Message} Choose another folder with --output.", e);
        }
    }

    public void Dispose() => _file.Dispose();
}
