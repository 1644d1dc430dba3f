using System.Globalization;
using System.Net;
using AutoDL.Data;
using AutoDL.Data.Quality;
using AutoDL.Tasks.ImageClassification.Data;

namespace AutoDL.Tasks.ImageClassification.Quality;

/// <summary>
/// Resolves the <see cref="ImageRef"/>s of a report against the imported data, for the HTML report: thumbnails
/// (each image encoded once, however many sections show it) and labels. A reference the data does not hold
/// (a report paired with other data) shows a placeholder instead of failing the whole page.
/// </summary>
internal sealed class ReportImages
{
    private readonly ImportedData _data;
    private readonly int _maxSide;
    private readonly Dictionary<(DataSplit, int), string> _uris = [];

    public ReportImages(ImportedData data, int maxSide)
    {
        _data = data;
        _maxSide = maxSide;
    }

    /// <summary>Thumbnails encoded so far (each image counts once).</summary>
    public int Encoded => _uris.Count;

    /// <summary>The dataset of <paramref name="split"/>, when the data has one.</summary>
    public ImageDataset? Dataset(DataSplit split) => split switch
    {
        DataSplit.Train => _data.Train,
        DataSplit.Validation => _data.Validation,
        DataSplit.Test => _data.Test,
        _ => null,
    };

    /// <summary>The label the data gives the image, or null when the reference does not resolve.</summary>
    public int? Label(ImageRef image) =>
        Dataset(image.Split) is { } set && (uint)image.Index < (uint)set.Count ? set.Labels[image.Index] : null;

    /// <summary>An <c>img</c> element showing the image, titled with <paramref name="title"/> (escaped here).</summary>
    public string Thumbnail(ImageRef image, string title) => Thumbnail(image.Split, image.Index, title);

    /// <summary>An <c>img</c> element showing image <paramref name="index"/> of <paramref name="split"/>, titled with <paramref name="title"/> (escaped here).</summary>
    public string Thumbnail(DataSplit split, int index, string title)
    {
        if (Dataset(split) is not { } set || (uint)index >= (uint)set.Count)
        {
            return $"<span class=\"missing\" title=\"{WebUtility.HtmlEncode(title)}\">no image</span>";
        }
        if (!_uris.TryGetValue((split, index), out var uri))
        {
            uri = ThumbnailPng.DataUri(set.Image(index), set.Shape, _maxSide);
            _uris[(split, index)] = uri;
        }
        double scale = Math.Min(1.0, (double)_maxSide / Math.Max(set.Shape.Width, set.Shape.Height));
        int width = Math.Max(1, (int)Math.Round(set.Shape.Width * scale));
        int height = Math.Max(1, (int)Math.Round(set.Shape.Height * scale));
        return string.Create(CultureInfo.InvariantCulture, $"<img class=\"t\" src=\"{uri}\" width=\"{width}\" height=\"{height}\" alt=\"{WebUtility.HtmlEncode(title)}\" title=\"{WebUtility.HtmlEncode(title)}\">");
    }
}
