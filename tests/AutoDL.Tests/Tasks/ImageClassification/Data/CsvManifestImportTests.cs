using AutoDL.Tasks.ImageClassification.Data;
using AutoDL.Tests.Data;
using SkiaSharp;

namespace AutoDL.Tests.Tasks.ImageClassification.Data;

public sealed class CsvManifestImportTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Import_reads_quoted_relative_paths_labels_and_splits()
    {
        // Given images whose names contain commas and quotes, listed with a split column in any case
        TestImages.WritePng(_temp.Combine("img", "a, 1.png"), 5, 5, SKColors.Red);
        TestImages.WritePng(_temp.Combine("img", "a\"2.png"), 5, 5, SKColors.Red);
        TestImages.WritePng(_temp.Combine("img", "b1.png"), 5, 5, SKColors.Blue);
        TestImages.WritePng(_temp.Combine("img", "b2.png"), 5, 5, SKColors.Blue);
        TestImages.WritePng(_temp.Combine("img", "t.png"), 5, 5, SKColors.Blue);
        var csv = _temp.Combine("manifest.csv");
        File.WriteAllText(csv, "Label,PATH,Split\r\nred,\"img/a, 1.png\",train\r\nred,\"img/a\"\"2.png\",\r\nblue,img/b1.png,TRAIN\r\nblue,img/b2.png,train\r\nblue,img/t.png,test\r\n");

        // When the manifest is imported
        var data = DataImporter.Import(csv);

        // Then every row lands in its split with its label
        Assert.Equal("csv", data.Format);
        Assert.Equal(new[] { "blue", "red" }, data.ClassNames);
        Assert.Equal(new[] { 1, 1, 0, 0 }, data.Train.Labels);
        Assert.Equal(_temp.Combine("img", "a, 1.png"), data.Train.Sources![0]);
        Assert.Equal(1, data.Test!.Count);
        Assert.Empty(data.Skipped);
    }

    [Fact]
    public void Missing_columns_are_an_error_naming_the_file_the_columns_found_and_the_expected_header()
    {
        var csv = _temp.Combine("bad.csv");
        File.WriteAllText(csv, "file,class\nx.png,a\n");

        var error = Assert.Throws<AutoDLException>(() => DataImporter.Import(csv));

        Assert.Contains(csv, error.Message);
        Assert.Contains("[file, class]", error.Message);
        Assert.Contains("path,label[,split]", error.Message);
    }

    [Fact]
    public void Row_whose_file_does_not_exist_is_skipped_with_its_line()
    {
        foreach (var name in new[] { "a1", "a2", "b1", "b2" })
        {
            TestImages.WritePng(_temp.Combine(name + ".png"), 3, 3, SKColors.Gray);
        }
        var csv = _temp.Combine("m.csv");
        File.WriteAllText(csv, "path,label\na1.png,a\na2.png,a\nb1.png,b\nb2.png,b\nghost.png,b\n");

        var data = DataImporter.Import(csv);

        var skipped = Assert.Single(data.Skipped);
        Assert.Equal(_temp.Combine("ghost.png"), skipped.Path);
        Assert.Contains("file not found", skipped.Reason);
        Assert.Contains("line 6", skipped.Reason);
        Assert.Equal(4, data.Train.Count);
    }

    [Fact]
    public void Unknown_split_value_is_an_error_naming_it()
    {
        TestImages.WritePng(_temp.Combine("a.png"), 3, 3, SKColors.Gray);
        var csv = _temp.Combine("m.csv");
        File.WriteAllText(csv, "path,label,split\na.png,a,holdout\n");

        var error = Assert.Throws<AutoDLException>(() => DataImporter.Import(csv));

        Assert.Contains("'holdout'", error.Message);
    }
}
