using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using AutoDL.Cli.Rendering;
using AutoDL.Data;
using AutoDL.Internal;
using AutoDL.Tasks.ImageClassification.Inference;
using Spectre.Console;

namespace AutoDL.Cli.Commands;

/// <summary><c>autodl predict MODEL FILE|DIR…</c>: classify images with a model package.</summary>
internal static class PredictCommand
{
    /// <summary>Images decoded and classified at a time: bounds memory on large folders.</summary>
    private const int ChunkSize = 256;

    public static Command Create(Consoles consoles)
    {
        var model = new Argument<string>("MODEL") { Description = "A model package (model.adlpk) written by `autodl fit`." };
        var inputs = new Argument<string[]>("FILE|DIR") { Description = "Image files, or folders whose images (searched recursively) are classified.", Arity = ArgumentArity.OneOrMore };
        var format = new Option<string>("--format") { Description = "Output format.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json", "csv");
        var topK = new Option<int>("--top-k") { Description = "How many of the most probable classes to show per image.", DefaultValueFactory = _ => 1 };

        var command = new Command("predict", "Classify images with a trained model.") { model, inputs, format, topK };
        var engine = new InferenceEngineOptions();
        engine.AddTo(command);
        command.SetAction((parse, _) => CommandRunner.RunAsync(consoles, () =>
        {
            int k = parse.GetValue(topK);
            if (k < 1)
            {
                throw new UsageException("--top-k must be at least 1.");
            }
            using var predictor = Predictor.Load(parse.GetValue(model)!, engine.Read(parse));
            var files = ExpandInputs(parse.GetValue(inputs)!);
            var results = new List<(string File, Prediction Prediction)>();
            int failed = 0;
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
                        failed++;
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
            Write(consoles.Out, parse.GetValue(format)!, results, k);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static List<string> ExpandInputs(IEnumerable<string> inputs)
    {
        var files = new List<string>();
        foreach (var input in inputs)
        {
            if (Directory.Exists(input))
            {
                var found = Directory.EnumerateFiles(input, "*", SearchOption.AllDirectories).Where(ImageDecoder.HasImageExtension).Order(StringComparer.Ordinal).ToList();
                if (found.Count == 0)
                {
                    throw new AutoDLException($"The folder '{input}' has no image files ({string.Join(", ", ImageDecoder.Extensions)}).");
                }
                files.AddRange(found);
            }
            else if (File.Exists(input))
            {
                files.Add(input);
            }
            else
            {
                throw new AutoDLException($"'{input}' does not exist. Pass image files or folders of images.");
            }
        }
        return files;
    }

    private static void Write(IAnsiConsole console, string format, List<(string File, Prediction Prediction)> results, int k)
    {
        switch (format)
        {
            case "json":
                var rows = results.Select(r => new { file = r.File, label = r.Prediction.Label, confidence = r.Prediction.Confidence, top = r.Prediction.Top.Select(t => new { label = t.Label, probability = t.Probability }) });
                console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(rows, new JsonSerializerOptions { WriteIndented = true }));
                break;
            case "csv":
                var csv = new StringBuilder("file,label,confidence");
                for (int i = 2; i <= k; i++)
                {
                    csv.Append(CultureInfo.InvariantCulture, $",label_{i},probability_{i}");
                }
                csv.AppendLine();
                foreach (var (file, p) in results)
                {
                    csv.Append(CultureInfo.InvariantCulture, $"{Csv.Field(file)},{Csv.Field(p.Label)},{p.Confidence:0.######}");
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
