using AutoDL.Internal;
using AutoDL.Tests.Data;
using AutoDL.Tests.TestData;

namespace AutoDL.Tests.Internal;

public sealed class AtomicFileTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_write_that_fills_the_disk_leaves_the_previous_file_whole_names_the_file_and_leaves_no_temporary_behind()
    {
        var path = _temp.Combine("leaderboard.json");
        File.WriteAllText(path, "{\"previous\": true}");

        var error = Assert.Throws<AutoDLException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write("{\"rows\": ["u8);
            throw new IOException(FullDiskStream.Message);
        }));

        Assert.Contains($"Cannot write '{path}': {FullDiskStream.Message}", error.Message, StringComparison.Ordinal);
        Assert.Contains("previous content", error.Message, StringComparison.Ordinal);
        Assert.Equal("{\"previous\": true}", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(_temp.Path));
    }

    [Fact]
    public void A_write_that_succeeds_replaces_the_file()
    {
        var path = _temp.Combine("sub", "a.txt");

        AtomicFile.Write(path, stream => stream.Write("one"u8));
        AtomicFile.Write(path, stream => stream.Write("two"u8));

        Assert.Equal("two", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(_temp.Combine("sub")));
    }
}
