using System.Net;
using System.Text.RegularExpressions;
using AutoDL.Data;
using AutoDL.Data.Quality;
using AutoDL.Tasks.ImageClassification.Data;
using AutoDL.Tasks.ImageClassification.Quality;
using AutoDL.Tests.Data;
using AutoDL.Tests.TestData;
using SkiaSharp;

namespace AutoDL.Tests.Tasks.ImageClassification.Quality;

public sealed class QualityReportHtmlTests
{
    private const string DataUriImage = "<img class=\"t\" src=\"data:image/png;base64,";

    [Fact]
    public void Html_lists_every_unreadable_file_escaped_and_carries_no_markup_from_the_data()
    {
        // Given a report whose unreadable file is named like a script, with an ampersand and quotes
        var data = QualityTestData.Imported();
        var report = QualityTestData.Report(data);

        // When it is rendered
        string html = QualityReportHtml.Render(report, data);

        // Then the name appears escaped, and the page (which has no script of its own) contains none
        string relative = QualityTestData.HostileFile[(QualityTestData.Root.Length + 1)..];
        Assert.Contains(WebUtility.HtmlEncode(relative), html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;more&quot;.png", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>wolf", html, StringComparison.Ordinal);
        Assert.Contains("not an image (no known signature)", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_names_every_class_and_shows_examples_of_each()
    {
        var data = QualityTestData.Imported();

        string html = QualityReportHtml.Render(QualityTestData.Report(data), data);

        foreach (var name in QualityTestData.ClassNames)
        {
            Assert.Contains($"<h3>{WebUtility.HtmlEncode(name)}</h3>", html, StringComparison.Ordinal);
        }
        // 6 training and 2 test images per class: all 8 are shown, since 8 is the cap per class.
        string examples = Section(html, "examples");
        Assert.Equal(3 * QualityReportHtml.ExamplesPerClass, Count(examples, DataUriImage));
    }

    [Fact]
    public void Html_shows_one_thumbnail_per_listed_suspect_and_says_how_many_more_are_in_the_json()
    {
        // Given more suspects than the page lists
        var data = QualityTestData.Imported();
        int suspects = QualityReportHtml.MaxSuspects + 20;
        var report = QualityTestData.Report(data, suspects);

        string html = QualityReportHtml.Render(report, data);

        // Then the top ones each have a thumbnail and the rest are counted
        string section = Section(html, "suspects");
        Assert.Equal(QualityReportHtml.MaxSuspects, Count(section, DataUriImage));
        Assert.Equal(QualityReportHtml.MaxSuspects, Count(section, "<tr><td><img"));
        Assert.Contains("… and 20 more suspects, listed in quality.json", section, StringComparison.Ordinal);
        // Of the 120, fit would leave out at most half of each class: 3 of the 6 training images in each of three.
        Assert.Contains("The model all but rules out the given label of 9; <code>fit --exclude-suspects</code> leaves those out", section, StringComparison.Ordinal);
        Assert.Contains($"cat → <strong>{WebUtility.HtmlEncode(QualityTestData.ClassNames[1])}</strong>", section, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_lists_cross_split_duplicates_first_with_both_thumbnails()
    {
        var data = QualityTestData.Imported();
        var report = QualityTestData.Report(data);

        string section = Section(QualityReportHtml.Render(report, data), "duplicates");

        // The report lists the within-train pair first; the page puts the leakage first.
        int leakage = section.IndexOf("leakage</span>", StringComparison.Ordinal);
        int nearPair = section.IndexOf("near (2 bits)", StringComparison.Ordinal);
        Assert.True(leakage >= 0 && nearPair > leakage, "the cross-split pair should come before the within-split pair");
        Assert.Equal(4, Count(section, DataUriImage));
        Assert.Contains("2 pairs, 1 across splits", section, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_summarises_leakage_and_unreadable_files_as_errors_and_imbalance_as_a_warning()
    {
        var data = QualityTestData.Imported();
        var report = QualityTestData.Report(data, imbalanceRatio: double.PositiveInfinity);

        string summary = Section(QualityReportHtml.Render(report, data), "summary");

        Assert.Contains("sev-error\">error</span></td><td>unreadable files", summary, StringComparison.Ordinal);
        Assert.Contains("sev-error\">error</span></td><td>leakage between splits", summary, StringComparison.Ordinal);
        Assert.Contains("sev-warning\">warning</span></td><td>class balance</td><td class=\"num\">1</td><td>at least one class has no training images", summary, StringComparison.Ordinal);
        Assert.Contains("sev-warning\">warning</span></td><td>label suspects", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_says_why_suspects_and_outliers_were_not_checked()
    {
        var data = QualityTestData.Imported();
        var report = QualityTestData.Report(data) with { LabelSuspects = [], Outliers = [], LabelModel = null, LabelModelSkipped = "not asked for" };

        string html = QualityReportHtml.Render(report, data);

        Assert.Contains("Not checked: not asked for.", Section(html, "suspects"), StringComparison.Ordinal);
        Assert.Contains("Not checked: not asked for.", Section(html, "outliers"), StringComparison.Ordinal);
        Assert.Contains("sev-info\">info</span></td><td>label suspects", Section(html, "summary"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_reference_the_data_does_not_hold_shows_a_placeholder_instead_of_failing()
    {
        // Given a report that points past the end of the training split (a report paired with other data)
        var data = QualityTestData.Imported();
        var stray = new ImageRef(DataSplit.Validation, 99, "/elsewhere/x.png");
        var report = QualityTestData.Report(data) with { Outliers = [new OutlierImage(stray, 0, 4)] };

        string section = Section(QualityReportHtml.Render(report, data), "outliers");

        Assert.Contains("no image</span>", section, StringComparison.Ordinal);
        Assert.Contains("/elsewhere/x.png", section, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Thumbnails_are_pngs_of_exactly_the_pixels_the_model_sees(int channels)
    {
        var data = QualityTestData.Imported(channels);
        var image = data.Train.Image(4).ToArray();
        var shape = data.Shape;

        using var decoded = SKBitmap.Decode(ThumbnailPng.Encode(image, shape, maxSide: 64));

        Assert.Equal(shape.Width, decoded.Width);
        Assert.Equal(shape.Height, decoded.Height);
        int plane = shape.Width * shape.Height;
        for (int y = 0; y < shape.Height; y++)
        {
            for (int x = 0; x < shape.Width; x++)
            {
                var pixel = decoded.GetPixel(x, y);
                int at = (y * shape.Width) + x;
                Assert.Equal(image[at], pixel.Red);
                Assert.Equal(image[channels == 3 ? plane + at : at], pixel.Green);
                Assert.Equal(image[channels == 3 ? (2 * plane) + at : at], pixel.Blue);
            }
        }
    }

    [Fact]
    public void Large_images_are_shrunk_to_the_thumbnail_cap_keeping_their_aspect_ratio()
    {
        var shape = new ImageShape(3, 100, 200);
        var pixels = new byte[shape.PixelCount];
        new Random(3).NextBytes(pixels);

        using var decoded = SKBitmap.Decode(ThumbnailPng.Encode(pixels, shape, QualityReportHtml.ThumbnailMaxSide));

        Assert.Equal(64, decoded.Width);
        Assert.Equal(32, decoded.Height);
    }

    [Fact]
    public void Html_from_an_analysed_report_flags_a_duplicate_planted_across_splits()
    {
        // Given data where test image 0 is a copy of training image 5
        var bands = SyntheticImages.Bands(perClass: 5, classes: 3, size: 10, seed: 7);
        var testPixels = bands.Image(5).ToArray();
        var test = new ImageDataset(testPixels, [bands.Labels[5]], bands.ClassNames, bands.Shape, ["/d/test/copy.png"]);
        var train = new ImageDataset(bands.Pixels.ToArray(), [.. bands.Labels], bands.ClassNames, bands.Shape, [.. Enumerable.Range(0, bands.Count).Select(i => $"/d/train/{i}.png")]);
        var data = new ImportedData(train, null, test, [], "image-folder", "/d");

        // When it is analysed (without the slow label model) and rendered
        var report = QualityAnalyzer.Analyze(data, new QualityOptions { FindLabelErrors = false });
        string html = QualityReportHtml.Render(report, data);

        // Then the pair is shown as leakage, both files named
        string section = Section(html, "duplicates");
        Assert.Contains("leakage</span>", section, StringComparison.Ordinal);
        Assert.Contains("train/5.png", section, StringComparison.Ordinal);
        Assert.Contains("test/copy.png", section, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_creates_one_utf8_file_without_a_byte_order_mark()
    {
        using var temp = new TempFolder();
        var data = QualityTestData.Imported();
        string path = temp.Combine("quality.html");

        QualityReportHtml.Write(QualityTestData.Report(data), data, path, new DateTimeOffset(2026, 1, 2, 3, 4, 0, TimeSpan.Zero));

        var bytes = File.ReadAllBytes(path);
        Assert.Equal((byte)'<', bytes[0]);
        string text = System.Text.Encoding.UTF8.GetString(bytes);
        Assert.Contains("2026-01-02 03:04 +00:00", text, StringComparison.Ordinal);
        Assert.Contains("→", text, StringComparison.Ordinal);
    }

    /// <summary>The markup of the section with id <paramref name="id"/>.</summary>
    private static string Section(string html, string id)
    {
        int start = html.IndexOf($"<section id=\"{id}\">", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no section '{id}'");
        int end = html.IndexOf("</section>", start, StringComparison.Ordinal);
        return html[start..end];
    }

    private static int Count(string text, string what) => Regex.Matches(text, Regex.Escape(what)).Count;
}
