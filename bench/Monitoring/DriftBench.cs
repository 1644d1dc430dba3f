using System.Globalization;
using System.Text;
using AutoDL.Inference;
using AutoDL.Monitoring.Drift;
using AutoDL.Tasks.ImageClassification.Inference;

/// <summary>
/// Drift monitoring on streams of images: how often a stream like the training data's raises an alert (false alarms),
/// and how soon altered images and another data set do.
/// </summary>
internal static class DriftBench
{
    private const int Seed = 7;

    public static int Run(string[] args)
    {
        using var predictor = Predictor.Load(args[1]);
        var reference = DriftReference.From(predictor.Manifest.Monitoring) ?? throw new InvalidOperationException("The package has no drift reference: fit it with this version.");
        var own = Shuffled(Files(args[2]), Seed).Select(predictor.LoadImage).ToList();
        var shape = predictor.Manifest.Input;
        var streams = new List<(string Name, IReadOnlyList<byte[]> Images)>
        {
            ("own test images, shuffled", own),
            ("own, darkened (pixels × 0.6)", [.. own.Select(i => Map(i, p => p * 0.6))]),
            ("own, blurred (3×3 box, twice)", [.. own.Select(i => Blur(Blur(i, shape.Width), shape.Width))]),
            ("own, noised (Gaussian, σ = 20 of 255)", [.. own.Select((i, n) => Noise(i, 20, n))]),
        };
        foreach (var pair in args.Skip(3).Where(a => a.Contains('=', StringComparison.Ordinal)))
        {
            var (name, folder) = (pair[..pair.IndexOf('=')], pair[(pair.IndexOf('=') + 1)..]);
            streams.Add((name, [.. Shuffled(Files(folder), Seed).Take(2000).Select(predictor.LoadImage)]));
        }
        var table = new StringBuilder();
        foreach (var (name, images) in streams)
        {
            var monitor = new DriftMonitor(reference);
            var statuses = new List<DriftStatus>();
            foreach (var chunk in images.Chunk(256))
            {
                foreach (var prediction in predictor.PredictPixels(chunk, 1))
                {
                    var before = monitor.Status.Tests;
                    var status = monitor.Add(prediction.Observation!);
                    if (!ReferenceEquals(before, status.Tests))
                    {
                        statuses.Add(status);
                    }
                }
            }
            int windows = statuses.Count;
            int drifting = statuses.Count(s => s.Drift);
            int alerting = statuses.Count(s => s.Alert);
            var first = statuses.FirstOrDefault(s => s.Alert);
            string line = string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {images.Count} | {windows} | {(double)drifting / Math.Max(1, windows):0.000} | {(double)alerting / Math.Max(1, windows):0.000} | {(first is null ? "none" : first.Observed.ToString(CultureInfo.InvariantCulture))} |");
            Console.WriteLine(line);
            table.AppendLine(line);
        }
        string model = Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(args[1])))!;
        string file = $"bench/results/drift-{model}.md";
        Directory.CreateDirectory("bench/results");
        File.WriteAllText(file, $"""
            # Drift monitoring: {model}

            - Machine: {InferenceTuner.MachineDescription()}, no GPU. Date: {DateTime.UtcNow:yyyy-MM-dd}.
            - Command: `dotnet run -c Release --project bench/Monitoring -- {string.Join(' ', args)}`
            - Each stream goes through a new `DriftMonitor` with the package's reference (its validation split): windows of
              200 predictions tested every 50 (Kolmogorov–Smirnov on 4 embedding components, confidence and brightness, chi-squared
              on the predicted classes, a kernel two-sample test on the embeddings; Holm's correction at 0.01); an alert
              after 3 drifting windows in a row. "Windows": tests run. "Drifting", "alerting": the share of them that
              drifted, and that stood in alert. "First alert": the prediction at which the first alert started.

            | stream | images | windows | drifting | alerting | first alert |
            |---|---:|---:|---:|---:|---:|
            {table.ToString().TrimEnd()}

            """);
        Console.WriteLine($"wrote {file}");
        return 0;
    }

    private static List<string> Files(string folder) => [.. Directory.EnumerateFiles(folder, "*.*", SearchOption.AllDirectories)
        .Where(f => f.EndsWith(".png", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase))
        .Order(StringComparer.Ordinal)];

    private static List<string> Shuffled(List<string> files, int seed)
    {
        var copy = files.ToArray();
        new Random(seed).Shuffle(copy);
        return [.. copy];
    }

    private static byte[] Map(byte[] image, Func<double, double> f) => [.. image.Select(p => (byte)Math.Clamp(Math.Round(f(p)), 0, 255))];

    private static byte[] Noise(byte[] image, double sigma, int seed)
    {
        var random = new Random(seed);
        return [.. image.Select(p => (byte)Math.Clamp(Math.Round(p + sigma * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble())), 0, 255))];
    }

    /// <summary>A 3×3 box blur (planes stacked as rows: a colour image's planes blur into each other by one row at their seams), edges clamped.</summary>
    private static byte[] Blur(byte[] image, int width)
    {
        int height = image.Length / width;
        var result = new byte[image.Length];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int sum = 0;
                for (int dy = -1; dy <= 1; dy++)
                {
                    for (int dx = -1; dx <= 1; dx++)
                    {
                        sum += image[Math.Clamp(y + dy, 0, height - 1) * width + Math.Clamp(x + dx, 0, width - 1)];
                    }
                }
                result[y * width + x] = (byte)(sum / 9);
            }
        }
        return result;
    }
}
