namespace AutoDL.Bench;

/// <summary>Where a benchmark writes: bench/results of the checkout it was built from, wherever it is run.</summary>
internal static class BenchPaths
{
    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "AutoDL.slnx")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("AutoDL.slnx not found above the benchmark.");
    }

    public static string Results => Path.Combine(RepositoryRoot(), "bench", "results");
}
