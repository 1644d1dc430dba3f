using AutoDL.Pipeline;
using AutoDL.Tests.TestData;

namespace AutoDL.Tests.Pipeline;

/// <summary>One fit at a time in an output folder: two would each keep only their own best model there.</summary>
public sealed class OutputFolderLockTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("autodl-lock-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Given_a_held_folder_when_another_fit_takes_it_then_it_is_refused_until_the_first_lets_go()
    {
        var first = OutputFolderLock.Take(_folder);

        var error = Assert.Throws<AutoDLException>(() => OutputFolderLock.Take(_folder));
        first.Dispose();
        using var after = OutputFolderLock.Take(_folder);

        Assert.Contains(_folder, error.Message, StringComparison.Ordinal);
        Assert.Contains("Another fit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_a_fit_running_in_a_folder_when_a_second_fit_starts_there_then_it_stops_before_writing_anything()
    {
        using var running = OutputFolderLock.Take(_folder);
        var error = Assert.Throws<AutoDLException>(() => AutoFit.Run(new FitOptions(RepositoryPaths.Sample, _folder) { TimeLimit = TimeSpan.FromMinutes(1) }));

        Assert.Contains("Another fit", error.Message, StringComparison.Ordinal);
        Assert.Equal([OutputFolderLock.FileName], Directory.GetFileSystemEntries(_folder).Select(Path.GetFileName));
    }
}
