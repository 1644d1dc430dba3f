using System.Globalization;
using System.Text;
using System.Text.Json;
using AutoDL.Cli.Rendering;
using AutoDL.Internal;
using AutoDL.Packaging;
using AutoDL.Tasks.ImageClassification.Inference;
using AutoDL.Tasks.SemanticSegmentation.Inference;
using Spectre.Console;

namespace AutoDL.Cli.Commands;

/// <summary>
/// <c>autodl predict --masks DIR</c> with a segmentation network: one PNG per image in DIR (same stem, pixel value = class
/// index, the image's own size), <c>summary.json</c> beside them with each image's pixel share per class, optionally a
/// colour overlay per image, and the same summary on the console as a table, JSON or CSV.
/// </summary>
internal static class MaskPrediction
{
    /// <summary>The summary's file name in the masks folder.</summary>
    public const string SummaryFile = "summary.json";

    public static int Run(Consoles consoles, PackageContents package, IReadOnlyList<string> files, string format, string masks, string? overlays, PredictorOptions options)
    {
        var targets = MaskPaths(files, masks);
        Directory.CreateDirectory(masks);
        if (overlays is not null)
        {
            Directory.CreateDirectory(overlays);
        }
        using var segmenter = SemanticSegmenter.Load(package, options.Backend, options.Threads);
        var classes = segmenter.ClassNames;
        var results = new List<MaskSummary>();
        for (int i = 0; i < files.Count; i++)
        {
            var file = files[i];
            byte[] pixels;
            int width, height;
            try
            {
                (pixels, width, height) = SemanticSegmenter.Decode(file);
            }
            catch (AutoDLException e)
            {
                consoles.Error.MarkupLine($"[yellow]skipped:[/] {Markup.Escape(e.Message)}");
                continue;
            }
            var mask = segmenter.Segment(pixels, width, height);
            AtomicFile.WriteOrThrow(targets[i], stream => stream.Write(MaskImages.Png(mask)));
            if (overlays is not null)
            {
                var overlay = Path.Combine(overlays, Path.GetFileNameWithoutExtension(file) + ".jpg");
                AtomicFile.WriteOrThrow(overlay, stream => stream.Write(MaskImages.OverlayJpeg(pixels, mask)));
            }
            var shares = mask.Shares(classes.Count);
            results.Add(new MaskSummary(file, targets[i], width, height, classes.Select((name, c) => (name, Math.Round(shares[c], 6))).ToDictionary(s => s.name, s => s.Item2)));
        }
        if (results.Count == 0)
        {
            throw new AutoDLException($"None of the {files.Count} file(s) could be read as an image.");
        }
        var json = JsonSerializer.Serialize(results, ModelPackage.JsonOptions);
        AtomicFile.WriteOrThrow(Path.Combine(masks, SummaryFile), stream => stream.Write(Encoding.UTF8.GetBytes(json)));
        Write(consoles, format, results, json);
        return ExitCodes.Success;
    }

    /// <summary>
    /// Where each image's mask goes: its stem in <paramref name="masks"/>. Refuses, before anything is written, two images
    /// that would share a mask or a mask that would overwrite an input.
    /// </summary>
    private static string[] MaskPaths(IReadOnlyList<string> files, string masks)
    {
        var targets = files.Select(f => Path.Combine(masks, Path.GetFileNameWithoutExtension(f) + ".png")).ToArray();
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        var inputs = files.Select(Path.GetFullPath).ToHashSet(StringComparer.Ordinal);
        for (int i = 0; i < files.Count; i++)
        {
            var full = Path.GetFullPath(targets[i]);
            if (inputs.Contains(full))
            {
                throw new UsageException($"The mask of '{files[i]}' would overwrite the image '{targets[i]}': choose a --masks folder apart from the images.");
            }
            if (!owners.TryAdd(full, files[i]))
            {
                throw new UsageException($"'{owners[full]}' and '{files[i]}' would both write the mask '{targets[i]}': predict images with the same name in separate runs.");
            }
        }
        return targets;
    }

    private static void Write(Consoles consoles, string format, List<MaskSummary> results, string json)
    {
        var classes = results[0].Shares.Keys.ToList();
        switch (format)
        {
            case "json":
                consoles.Out.Profile.Out.Writer.WriteLine(json);
                break;
            case "csv":
                var csv = new StringBuilder("file,mask,width,height");
                foreach (var name in classes)
                {
                    csv.Append(',').Append(Csv.Field(name));
                }
                csv.AppendLine();
                foreach (var r in results)
                {
                    csv.Append(CultureInfo.InvariantCulture, $"{Csv.Field(r.File)},{Csv.Field(r.Mask)},{r.Width},{r.Height}");
                    foreach (var name in classes)
                    {
                        csv.Append(CultureInfo.InvariantCulture, $",{r.Shares[name]:0.######}");
                    }
                    csv.AppendLine();
                }
                consoles.Out.Profile.Out.Writer.Write(csv.ToString());
                break;
            default:
                var table = new Table().Border(TableBorder.Simple).AddColumns("file", "mask", "size", "largest classes");
                foreach (var r in results)
                {
                    var largest = r.Shares.Where(s => s.Value > 0).OrderByDescending(s => s.Value).Take(3).Select(s => $"{s.Key} {Format.Percent(s.Value)}");
                    table.AddRow(Markup.Escape(r.File), Markup.Escape(r.Mask), $"{r.Width}×{r.Height}", Markup.Escape(string.Join(", ", largest)));
                }
                consoles.Out.Write(table);
                consoles.Out.MarkupLine($"{results.Count} mask(s) and [bold]{Markup.Escape(SummaryFile)}[/] written to [bold]{Markup.Escape(Path.GetDirectoryName(results[0].Mask) ?? ".")}[/].");
                break;
        }
    }

    /// <summary>One image's entry in the summary.</summary>
    private sealed record MaskSummary(string File, string Mask, int Width, int Height, IReadOnlyDictionary<string, double> Shares);
}
