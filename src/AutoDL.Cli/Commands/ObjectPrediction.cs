using System.Globalization;
using System.Text;
using System.Text.Json;
using AutoDL.Internal;
using AutoDL.Packaging;
using AutoDL.Tasks.ImageClassification.Inference;
using AutoDL.Tasks.ObjectDetection.Inference;
using Spectre.Console;

namespace AutoDL.Cli.Commands;

/// <summary>
/// <c>autodl predict</c> with a detector: the objects in each image, boxes as [x, y, width, height] in the image's own
/// pixels, as a table, JSON (one object per image) or CSV (one row per object).
/// </summary>
internal static class ObjectPrediction
{
    public static int Run(Consoles consoles, PackageContents package, IReadOnlyList<string> files, string format, double minScore, PredictorOptions options)
    {
        using var detector = ObjectDetector.Load(package, options.Backend, options.Threads);
        var results = new List<(string File, IReadOnlyList<Detection> Found)>();
        // One image at a time: images of any size are letterboxed one by one anyway, and a bad file skips only itself.
        foreach (var file in files)
        {
            try
            {
                results.Add((file, detector.Detect(file, minScore)));
            }
            catch (AutoDLException e)
            {
                consoles.Error.MarkupLine($"[yellow]skipped:[/] {Markup.Escape(e.Message)}");
            }
        }
        if (results.Count == 0)
        {
            throw new AutoDLException($"None of the {files.Count} file(s) could be read as an image.");
        }
        Write(consoles.Out, format, results, detector.ClassNames);
        return ExitCodes.Success;
    }

    private static void Write(IAnsiConsole console, string format, List<(string File, IReadOnlyList<Detection> Found)> results, IReadOnlyList<string> classes)
    {
        switch (format)
        {
            case "json":
                var rows = results.Select(r => new
                {
                    file = r.File,
                    detections = r.Found.Select(d => new { label = classes[d.Label], score = Math.Round(d.Score, 6), box = d.Box.ToCocoArray() }),
                });
                console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(rows, new JsonSerializerOptions { WriteIndented = true }));
                break;
            case "csv":
                var csv = new StringBuilder("file,label,score,x,y,width,height").AppendLine();
                foreach (var (file, found) in results)
                {
                    // An image without objects still gets its row, so every input is accounted for.
                    if (found.Count == 0)
                    {
                        csv.Append(Csv.Field(file)).AppendLine(",,,,,,");
                    }
                    foreach (var d in found)
                    {
                        csv.Append(CultureInfo.InvariantCulture, $"{Csv.Field(file)},{Csv.Field(classes[d.Label])},{d.Score:0.######},{string.Join(',', d.Box.ToCocoArray().Select(v => v.ToString(CultureInfo.InvariantCulture)))}").AppendLine();
                    }
                }
                console.Profile.Out.Writer.Write(csv.ToString());
                break;
            default:
                // One row per object, the file named on its first: a busy image stays readable in a terminal.
                var table = new Table().Border(TableBorder.Simple).AddColumns("file", "label", "score", "box (x, y, width × height)");
                foreach (var (file, found) in results)
                {
                    if (found.Count == 0)
                    {
                        table.AddRow(Markup.Escape(file), "[grey](none)[/]", "", "");
                    }
                    for (int i = 0; i < found.Count; i++)
                    {
                        var d = found[i];
                        table.AddRow(
                            i == 0 ? Markup.Escape(file) : "",
                            Markup.Escape(classes[d.Label]),
                            d.Score.ToString("0.00", CultureInfo.InvariantCulture),
                            string.Create(CultureInfo.InvariantCulture, $"{d.Box.X:0}, {d.Box.Y:0}, {d.Box.Width:0} × {d.Box.Height:0}"));
                    }
                }
                console.Write(table);
                break;
        }
    }
}
