using System.Globalization;
using System.Text;
using System.Text.Json;
using AutoDL.Cli.Rendering;
using AutoDL.Internal;
using AutoDL.Packaging;
using AutoDL.Tasks.ImageClassification.Inference;
using Spectre.Console;

namespace AutoDL.Cli.Commands;

/// <summary><c>autodl predict</c> with a classifier: the most probable classes of each image, as a table, JSON or CSV.</summary>
internal static class ClassPrediction
{
    /// <summary>Images decoded and classified at a time: bounds memory on large folders.</summary>
    private const int ChunkSize = 256;

    public static int Run(Consoles consoles, PackageContents package, IReadOnlyList<string> files, string format, int k, PredictorOptions options)
    {
        using var predictor = Predictor.Load(package, options);
        var results = new List<(string File, Prediction Prediction)>();
        foreach (var chunk in files.Chunk(ChunkSize))
        {
            var images = new List<byte[]>();
            var names = new List<string>();
            foreach (var file in chunk)
            {
                try
                {
                    images.Add(predictor.LoadImage(file));
                    names.Add(file);
                }
                catch (AutoDLException e)
                {
                    consoles.Error.MarkupLine($"[yellow]skipped:[/] {Markup.Escape(e.Message)}");
                }
            }
            var predictions = predictor.PredictPixels(images, k);
            results.AddRange(names.Zip(predictions));
        }
        if (results.Count == 0)
        {
            throw new AutoDLException($"None of the {files.Count} file(s) could be read as an image.");
        }
        Write(consoles.Out, format, results, k);
        return ExitCodes.Success;
    }

    private static void Write(IAnsiConsole console, string format, List<(string File, Prediction Prediction)> results, int k)
    {
        switch (format)
        {
            case "json":
                var rows = results.Select(r => new { file = r.File, label = r.Prediction.Label, confidence = r.Prediction.Confidence, margin = r.Prediction.Margin, entropy = r.Prediction.Entropy, out_of_distribution = r.Prediction.OutOfDistribution, top = r.Prediction.Top.Select(t => new { label = t.Label, probability = t.Probability }) });
                console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(rows, new JsonSerializerOptions { WriteIndented = true }));
                break;
            case "csv":
                var csv = new StringBuilder("file,label,confidence,margin,entropy,out_of_distribution");
                for (int i = 2; i <= k; i++)
                {
                    csv.Append(CultureInfo.InvariantCulture, $",label_{i},probability_{i}");
                }
                csv.AppendLine();
                foreach (var (file, p) in results)
                {
                    csv.Append(CultureInfo.InvariantCulture, $"{Csv.Field(file)},{Csv.Field(p.Label)},{p.Confidence:0.######},{p.Margin:0.######},{p.Entropy:0.######},{p.OutOfDistribution:0.######}");
                    foreach (var t in p.Top.Skip(1))
                    {
                        csv.Append(CultureInfo.InvariantCulture, $",{Csv.Field(t.Label)},{t.Probability:0.######}");
                    }
                    csv.AppendLine();
                }
                console.Profile.Out.Writer.Write(csv.ToString());
                break;
            default:
                var table = new Table().Border(TableBorder.Simple).AddColumns("file", "label", "confidence");
                if (k > 1)
                {
                    table.AddColumn("top classes");
                }
                foreach (var (file, p) in results)
                {
                    var cells = new List<string> { Markup.Escape(file), Markup.Escape(p.Label), Format.Percent(p.Confidence) };
                    if (k > 1)
                    {
                        cells.Add(Markup.Escape(string.Join(", ", p.Top.Select(t => $"{t.Label} {Format.Percent(t.Probability)}"))));
                    }
                    table.AddRow(cells.ToArray());
                }
                console.Write(table);
                break;
        }
    }
}
