using System.Globalization;
using System.Net;
using System.Text;
using AutoDL.Data;
using AutoDL.Data.Quality;
using AutoDL.Evaluation.Report;
using AutoDL.Tasks.ImageClassification.Data;

namespace AutoDL.Tasks.ImageClassification.Quality;

/// <summary>
/// The readable form of a <see cref="QualityReport"/> (<c>quality.html</c> of `autodl inspect`): one
/// self-contained page — inline CSS, images as PNG data URIs, no script — that opens from disk, in a mail
/// attachment or in a CI artefact viewer. Its Content-Security-Policy allows nothing but inline styles and
/// data-URI images, so a file name crafted into markup could load or run nothing even if escaping failed;
/// every string from the data is HTML-escaped as well.
/// </summary>
public static class QualityReportHtml
{
    /// <summary>Example images shown per class: enough to see what a class looks like, and any obvious stray.</summary>
    public const int ExamplesPerClass = 8;

    /// <summary>Classes with example images; 50 × 8 thumbnails keep the page to a few MB even for 64 px colour photos.</summary>
    public const int MaxExampleClasses = 50;

    /// <summary>Classes in the bar chart: past 200 rows a chart stops being read; the JSON has every count.</summary>
    public const int MaxChartClasses = 200;

    /// <summary>Unreadable files listed (text only, so many fit).</summary>
    public const int MaxUnreadable = 500;

    /// <summary>Duplicate pairs shown, leakage first.</summary>
    public const int MaxDuplicates = 100;

    /// <summary>Label suspects shown, most suspect first: a person reviews about this many in a sitting.</summary>
    public const int MaxSuspects = 100;

    /// <summary>Outliers shown, farthest first.</summary>
    public const int MaxOutliers = 50;

    /// <summary>Odd-sized images shown.</summary>
    public const int MaxOddImages = 50;

    /// <summary>
    /// Largest side of an embedded thumbnail, in pixels: the importer's default largest side, so default imports
    /// embed the pixels the model sees unchanged, while a report of larger images stays small.
    /// </summary>
    public const int ThumbnailMaxSide = 64;

    private const string Css = ReportPage.BaseCss + """
        nav a{margin-right:12px}table{width:100%}td.file{overflow-wrap:anywhere;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px}
        .sev{display:inline-block;min-width:60px;text-align:center;border-radius:3px;padding:1px 6px;font-size:12px;font-weight:600;color:#fff}
        .sev-error{background:#c62828}.sev-warning{background:#b26a00}.sev-info{background:#1565c0}.sev-ok{background:#2e7d32}
        .flag{display:inline-block;border-radius:3px;padding:0 5px;font-size:11px;font-weight:600;margin-right:4px;background:#fdecea;color:#b71c1c}
        img.t{height:64px;width:auto;image-rendering:pixelated;border:1px solid #ccc;background:#fff;vertical-align:middle}
        .missing{display:inline-block;width:64px;height:64px;line-height:64px;text-align:center;font-size:11px;color:#999;border:1px dashed #ccc}
        .examples{display:flex;flex-wrap:wrap;gap:4px}.more{color:#555;font-style:italic}.muted{color:#666}svg.chart text{fill:#1d1d1f}
        """;

    /// <summary>Writes the page for <paramref name="report"/> to <paramref name="path"/>, replacing the file.</summary>
    /// <param name="report">What the analysis found.</param>
    /// <param name="data">The data the report was made from; its images become the thumbnails.</param>
    /// <param name="path">The .html file to write.</param>
    /// <param name="generatedAt">The date shown in the header; now when null.</param>
    public static void Write(QualityReport report, ImportedData data, string path, DateTimeOffset? generatedAt = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        File.WriteAllText(path, Render(report, data, generatedAt), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    }

    /// <summary>The page for <paramref name="report"/>, as one HTML document.</summary>
    /// <param name="report">What the analysis found.</param>
    /// <param name="data">The data the report was made from; its images become the thumbnails.</param>
    /// <param name="generatedAt">The date shown in the header; now when null.</param>
    public static string Render(QualityReport report, ImportedData data, DateTimeOffset? generatedAt = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(data);
        var images = new ReportImages(data, ThumbnailMaxSide);
        var html = new StringBuilder(64 * 1024);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append(CultureInfo.InvariantCulture, $"<meta http-equiv=\"Content-Security-Policy\" content=\"{ReportPage.ContentSecurityPolicy}\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append(CultureInfo.InvariantCulture, $"<title>Data quality: {E(Path.GetFileName(report.Source.TrimEnd('/', '\\')))}</title>\n")
            .Append("<style>").Append(Css).Append("</style>\n</head>\n<body>\n");
        Header(html, report, generatedAt ?? DateTimeOffset.Now);
        Summary(html, report);
        Classes(html, report);
        Examples(html, report, data, images);
        Unreadable(html, report);
        Duplicates(html, report, images);
        Suspects(html, report, images);
        Outliers(html, report, images);
        OddImages(html, report, images);
        html.Append("<footer><p class=\"muted\">Written by AutoDL.NET <code>autodl inspect</code>. Every finding, with no list cut short, is in the JSON report (quality.json).</p></footer>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void Header(StringBuilder html, QualityReport report, DateTimeOffset generatedAt)
    {
        html.Append("<header>\n<h1>Data quality report</h1>\n<dl class=\"meta\">")
            .Append(CultureInfo.InvariantCulture, $"<dt>Source</dt><dd>{E(report.Source)}</dd>")
            .Append(CultureInfo.InvariantCulture, $"<dt>Format</dt><dd>{E(report.Format)}</dd>")
            .Append(CultureInfo.InvariantCulture, $"<dt>Image shape</dt><dd>{report.Shape.Channels} × {report.Shape.Height} × {report.Shape.Width} ({(report.Shape.Channels == 1 ? "grayscale" : "colour")})</dd>")
            .Append(CultureInfo.InvariantCulture, $"<dt>Classes</dt><dd>{N(report.ClassNames.Count)}</dd>")
            .Append(CultureInfo.InvariantCulture, $"<dt>Images</dt><dd>{string.Join(" · ", report.Splits.Select(s => $"{SplitName(s.Split)} {N(s.Count)}"))}; {N(report.Unreadable.Count)} unreadable</dd>");
        if (report.LabelModel is { } model)
        {
            html.Append(CultureInfo.InvariantCulture, $"<dt>Label model</dt><dd>{E(model.Model)}, {model.Folds} folds × {model.Epochs} epochs, out-of-fold accuracy {P(model.OutOfFoldAccuracy)}, {model.Seconds.ToString("0", CultureInfo.InvariantCulture)} s</dd>");
        }
        html.Append(CultureInfo.InvariantCulture, $"<dt>Date</dt><dd>{generatedAt.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture)}</dd></dl>\n")
            .Append("<nav><a href=\"#summary\">Summary</a><a href=\"#classes\">Classes</a><a href=\"#examples\">Examples</a><a href=\"#unreadable\">Unreadable</a><a href=\"#duplicates\">Duplicates</a><a href=\"#suspects\">Label suspects</a><a href=\"#outliers\">Outliers</a><a href=\"#odd\">Odd images</a></nav>\n</header>\n");
    }

    private static void Summary(StringBuilder html, QualityReport report)
    {
        var findings = QualityFindings.Of(report);
        int errors = findings.Count(f => f.Severity == FindingSeverity.Error);
        int warnings = findings.Count(f => f.Severity == FindingSeverity.Warning);
        html.Append("<section id=\"summary\">\n<h2>Summary</h2>\n")
            .Append(CultureInfo.InvariantCulture, $"<p>{N(errors)} error(s), {N(warnings)} warning(s).</p>\n")
            .Append("<table><thead><tr><th>Severity</th><th>Check</th><th class=\"num\">Found</th><th>Finding</th></tr></thead><tbody>\n");
        foreach (var f in findings)
        {
            string severity = f.Severity.ToString().ToLowerInvariant();
            html.Append(CultureInfo.InvariantCulture, $"<tr><td><span class=\"sev sev-{severity}\">{severity}</span></td><td>{E(f.Check)}</td><td class=\"num\">{N(f.Count)}</td><td>{E(f.Summary)}</td></tr>\n");
        }
        html.Append("</tbody></table>\n</section>\n");
    }

    private static void Classes(StringBuilder html, QualityReport report)
    {
        html.Append("<section id=\"classes\">\n<h2>Class counts</h2>\n");
        if (report.ClassNames.Count == 0)
        {
            html.Append("<p>No classes.</p>\n</section>\n");
            return;
        }
        html.Append(ClassCountChart.Svg(report.ClassNames, report.Splits, MaxChartClasses)).Append('\n');
        More(html, report.ClassNames.Count, MaxChartClasses, "classes");
        html.Append("</section>\n");
    }

    private static void Examples(StringBuilder html, QualityReport report, ImportedData data, ReportImages images)
    {
        html.Append("<section id=\"examples\">\n<h2>Examples per class</h2>\n")
            .Append(CultureInfo.InvariantCulture, $"<p class=\"muted\">Up to {ExamplesPerClass} images of each class, from the training split first, as the model sees them ({report.Shape.Height} × {report.Shape.Width}).</p>\n");
        int classes = Math.Min(report.ClassNames.Count, MaxExampleClasses);
        var examples = new List<(DataSplit Split, int Index)>[classes];
        for (int k = 0; k < classes; k++)
        {
            examples[k] = [];
        }
        foreach (var split in new[] { DataSplit.Train, DataSplit.Validation, DataSplit.Test })
        {
            if (images.Dataset(split) is not { } set)
            {
                continue;
            }
            for (int i = 0; i < set.Count; i++)
            {
                int label = set.Labels[i];
                if (label < classes && examples[label].Count < ExamplesPerClass)
                {
                    examples[label].Add((split, i));
                }
            }
        }
        for (int k = 0; k < classes; k++)
        {
            html.Append(CultureInfo.InvariantCulture, $"<h3>{E(QualityFindings.ClassName(report, k))}</h3>\n<div class=\"examples\">");
            if (examples[k].Count == 0)
            {
                html.Append("<span class=\"muted\">no images</span>");
            }
            foreach (var (split, index) in examples[k])
            {
                html.Append(images.Thumbnail(split, index, Source(data, split, index)));
            }
            html.Append("</div>\n");
        }
        if (report.ClassNames.Count > classes)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"more\">… and {N(report.ClassNames.Count - classes)} more classes without examples here (their counts are in the chart and in quality.json).</p>\n");
        }
        html.Append("</section>\n");
    }

    private static void Unreadable(StringBuilder html, QualityReport report)
    {
        html.Append(CultureInfo.InvariantCulture, $"<section id=\"unreadable\">\n<h2>Unreadable files ({N(report.Unreadable.Count)})</h2>\n");
        if (report.Unreadable.Count == 0)
        {
            html.Append("<p>Every file was read.</p>\n</section>\n");
            return;
        }
        html.Append("<p class=\"muted\">Skipped by the import: they are in neither training nor evaluation.</p>\n<table><thead><tr><th>File</th><th>Reason</th></tr></thead><tbody>\n");
        foreach (var file in report.Unreadable.Take(MaxUnreadable))
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td class=\"file\" title=\"{E(file.Path)}\">{E(Relative(report, file.Path))}</td><td>{E(file.Reason)}</td></tr>\n");
        }
        html.Append("</tbody></table>\n");
        More(html, report.Unreadable.Count, MaxUnreadable, "files");
        html.Append("</section>\n");
    }

    private static void Duplicates(StringBuilder html, QualityReport report, ReportImages images)
    {
        int cross = report.Duplicates.Count(d => d.CrossSplit);
        html.Append(CultureInfo.InvariantCulture, $"<section id=\"duplicates\">\n<h2>Duplicates ({N(report.Duplicates.Count)} pairs, {N(cross)} across splits)</h2>\n");
        if (report.Duplicates.Count == 0)
        {
            html.Append("<p>No exact or near duplicates.</p>\n</section>\n");
            return;
        }
        // Leakage first (it falsifies test scores), then pairs whose labels disagree (one label is wrong), then the closest.
        var shown = report.Duplicates
            .OrderByDescending(d => d.CrossSplit)
            .ThenBy(d => d.SameLabel)
            .ThenBy(d => d.Kind)
            .ThenBy(d => d.Distance)
            .Take(MaxDuplicates);
        html.Append("<table><thead><tr><th>Images</th><th>First</th><th>Second</th><th>Kind</th><th>Flags</th></tr></thead><tbody>\n");
        foreach (var pair in shown)
        {
            html.Append("<tr><td>").Append(images.Thumbnail(pair.First, pair.First.Source)).Append(' ').Append(images.Thumbnail(pair.Second, pair.Second.Source)).Append("</td>")
                .Append(CultureInfo.InvariantCulture, $"<td class=\"file\">{Describe(report, images, pair.First)}</td><td class=\"file\">{Describe(report, images, pair.Second)}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td>{(pair.Kind == DuplicateKind.Exact ? "exact" : $"near ({pair.Distance} bit{(pair.Distance == 1 ? "" : "s")})")}</td><td>");
            if (pair.CrossSplit)
            {
                html.Append("<span class=\"flag\">leakage</span>");
            }
            if (!pair.SameLabel)
            {
                html.Append("<span class=\"flag\">labels differ</span>");
            }
            html.Append("</td></tr>\n");
        }
        html.Append("</tbody></table>\n");
        More(html, report.Duplicates.Count, MaxDuplicates, "pairs");
        html.Append("</section>\n");
    }

    private static void Suspects(StringBuilder html, QualityReport report, ReportImages images)
    {
        html.Append(CultureInfo.InvariantCulture, $"<section id=\"suspects\">\n<h2>Label suspects ({N(report.LabelSuspects.Count)})</h2>\n");
        if (NotChecked(html, report))
        {
            return;
        }
        if (report.LabelSuspects.Count == 0)
        {
            html.Append("<p>The cross-validated model doubts no label.</p>\n</section>\n");
            return;
        }
        html.Append("<p class=\"muted\">Training images whose out-of-fold prediction confidently disagrees with their label (confident learning), most suspect first. Probabilities come from a model that never trained on the image.</p>\n")
            .Append(CultureInfo.InvariantCulture, $"<p>The model all but rules out the given label of {N(DataCleaner.SuspectsToExclude(report).Count())}; <code>fit --exclude-suspects</code> leaves those out (your files are never changed).</p>\n")
            .Append("<table><thead><tr><th>Image</th><th>File</th><th>Given → suggested</th><th class=\"num\">p(given)</th><th class=\"num\">p(suggested)</th><th class=\"num\">Score</th></tr></thead><tbody>\n");
        foreach (var s in report.LabelSuspects.Take(MaxSuspects))
        {
            html.Append("<tr><td>").Append(images.Thumbnail(s.Image, s.Image.Source)).Append("</td>")
                .Append(CultureInfo.InvariantCulture, $"<td class=\"file\" title=\"{E(s.Image.Source)}\">{E(Relative(report, s.Image.Source))}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td>{E(QualityFindings.ClassName(report, s.GivenLabel))} → <strong>{E(QualityFindings.ClassName(report, s.SuggestedLabel))}</strong></td>")
                .Append(CultureInfo.InvariantCulture, $"<td class=\"num\">{P(s.GivenProbability)}</td><td class=\"num\">{P(s.SuggestedProbability)}</td><td class=\"num\">{F(s.Score)}</td></tr>\n");
        }
        html.Append("</tbody></table>\n");
        More(html, report.LabelSuspects.Count, MaxSuspects, "suspects");
        html.Append("</section>\n");
    }

    private static void Outliers(StringBuilder html, QualityReport report, ReportImages images)
    {
        html.Append(CultureInfo.InvariantCulture, $"<section id=\"outliers\">\n<h2>Outliers ({N(report.Outliers.Count)})</h2>\n");
        if (NotChecked(html, report))
        {
            return;
        }
        if (report.Outliers.Count == 0)
        {
            html.Append("<p>No training image is far from every class.</p>\n</section>\n");
            return;
        }
        html.Append("<p class=\"muted\">Training images far from every class centre in the model's features, farthest first; the score is the distance in units of the class's typical distance (about 1 is ordinary).</p>\n")
            .Append("<table><thead><tr><th>Image</th><th>File</th><th>Label</th><th>Nearest class</th><th class=\"num\">Score</th></tr></thead><tbody>\n");
        foreach (var o in report.Outliers.Take(MaxOutliers))
        {
            html.Append("<tr><td>").Append(images.Thumbnail(o.Image, o.Image.Source)).Append("</td>")
                .Append(CultureInfo.InvariantCulture, $"<td class=\"file\" title=\"{E(o.Image.Source)}\">{E(Relative(report, o.Image.Source))}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td>{LabelOf(report, images, o.Image)}</td><td>{E(QualityFindings.ClassName(report, o.NearestClass))}</td><td class=\"num\">{F(o.Score)}</td></tr>\n");
        }
        html.Append("</tbody></table>\n");
        More(html, report.Outliers.Count, MaxOutliers, "outliers");
        html.Append("</section>\n");
    }

    private static void OddImages(StringBuilder html, QualityReport report, ReportImages images)
    {
        html.Append(CultureInfo.InvariantCulture, $"<section id=\"odd\">\n<h2>Odd images ({N(report.OddImages.Count)})</h2>\n");
        if (report.OddImages.Count == 0)
        {
            html.Append("<p>No image is far from the typical size or shape.</p>\n</section>\n");
            return;
        }
        html.Append("<table><thead><tr><th>Image</th><th>File</th><th>Split</th><th class=\"num\">Size in the file</th><th>Why</th></tr></thead><tbody>\n");
        foreach (var odd in report.OddImages.Take(MaxOddImages))
        {
            html.Append("<tr><td>").Append(images.Thumbnail(odd.Image, odd.Image.Source)).Append("</td>")
                .Append(CultureInfo.InvariantCulture, $"<td class=\"file\" title=\"{E(odd.Image.Source)}\">{E(Relative(report, odd.Image.Source))}</td><td>{SplitName(odd.Image.Split)}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td class=\"num\">{odd.Width} × {odd.Height}</td><td>{E(odd.Reason)}</td></tr>\n");
        }
        html.Append("</tbody></table>\n");
        More(html, report.OddImages.Count, MaxOddImages, "images");
        html.Append("</section>\n");
    }

    private static bool NotChecked(StringBuilder html, QualityReport report)
    {
        if (report.LabelModel is not null)
        {
            return false;
        }
        html.Append(CultureInfo.InvariantCulture, $"<p>Not checked: {E(report.LabelModelSkipped ?? "the label check did not run")}.</p>\n</section>\n");
        return true;
    }

    private static void More(StringBuilder html, int total, int shown, string what)
    {
        if (total > shown)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"more\">… and {N(total - shown)} more {what}, listed in quality.json.</p>\n");
        }
    }

    private static string Describe(QualityReport report, ReportImages images, ImageRef image) =>
        $"<span title=\"{E(image.Source)}\">{E(Relative(report, image.Source))}</span><br><span class=\"muted\">{SplitName(image.Split)}, {LabelOf(report, images, image)}</span>";

    private static string LabelOf(QualityReport report, ReportImages images, ImageRef image) =>
        images.Label(image) is int label ? E(QualityFindings.ClassName(report, label)) : "?";

    private static string Source(ImportedData data, DataSplit split, int index) => split switch
    {
        DataSplit.Train => data.Train.Sources?[index],
        DataSplit.Validation => data.Validation?.Sources?[index],
        _ => data.Test?.Sources?[index],
    } ?? $"{SplitName(split)}#{index}";

    private static string Relative(QualityReport report, string path) => ReportPaths.Relative(report, path);

    private static string SplitName(DataSplit split) => split.ToString().ToLowerInvariant();

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string P(double p) => double.IsFinite(p) ? p.ToString("0.0%", CultureInfo.InvariantCulture) : "-";

    private static string F(double x) => double.IsFinite(x) ? x.ToString("0.00", CultureInfo.InvariantCulture) : E(x.ToString(CultureInfo.InvariantCulture));
}
