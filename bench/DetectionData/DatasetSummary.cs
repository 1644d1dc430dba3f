using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace AutoDL.Bench.DetectionData;

/// <summary>summary.json: what the data set holds, how it was made, and a fingerprint of its contents.</summary>
/// <param name="Generator">The generator's version: it changes whenever the same arguments would draw other images.</param>
/// <param name="Command">The command that reproduces the set.</param>
/// <param name="Arguments">The arguments that decide the contents (see <see cref="GeneratorOptions.Arguments"/>).</param>
/// <param name="ImageSize">Side of the square images, in pixels.</param>
/// <param name="Classes">Class names; a class's index is its position here (COCO's category id is the index + 1).</param>
/// <param name="SizeBuckets">The size bucketings the splits are counted in.</param>
/// <param name="Splits">Each split's contents, by split name.</param>
/// <param name="Fingerprint">SHA-256 over every image's PNG bytes and objects, in split and index order. The same seed
/// gives the same bytes on one machine; another CPU may lead Skia to round antialiased edges differently, so compare
/// fingerprints rather than assume two machines made the same set.</param>
/// <param name="Generation">How long it took, where.</param>
internal sealed record DatasetSummary(
    string Generator,
    string Command,
    string Arguments,
    int ImageSize,
    IReadOnlyList<string> Classes,
    IReadOnlyList<SizeBuckets> SizeBuckets,
    IReadOnlyDictionary<string, SplitSummary> Splits,
    string Fingerprint,
    GenerationRun Generation)
{
    /// <summary>Raise when a change to the code draws different images or annotations from the same arguments, so an
    /// earlier set is never mistaken for the current one.</summary>
    public const string GeneratorVersion = "detection-data/1";

    public const string FileName = "summary.json";

    public static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static DatasetSummary Of(GeneratorOptions options, IReadOnlyList<GeneratedSplit> splits, TimeSpan elapsed)
    {
        IReadOnlyList<SizeBuckets> buckets = [DetectionData.SizeBuckets.Coco, DetectionData.SizeBuckets.Scaled(options.Size)];
        return new DatasetSummary(
            GeneratorVersion,
            $"dotnet run -c Release --project bench/DetectionData -- {options.Output} {options.Arguments}",
            options.Arguments,
            options.Size,
            ShapeCatalogue.ClassNames,
            buckets,
            splits.ToDictionary(s => s.Split.Name, s => SplitSummary.Of(s, buckets)),
            FingerprintOf(splits),
            new GenerationRun(Math.Round(elapsed.TotalSeconds, 1), GenerationRun.DescribeMachine(), DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
    }

    /// <summary>The summary an earlier run left in <paramref name="folder"/>, or null when there is none or it is unreadable.</summary>
    public static DatasetSummary? Read(string folder)
    {
        var path = Path.Combine(folder, FileName);
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<DatasetSummary>(File.ReadAllText(path), Json) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Write(string folder) => File.WriteAllText(Path.Combine(folder, FileName), JsonSerializer.Serialize(this, Json) + "\n");

    /// <summary>One table: a row per split, with its objects per class and per size bucket.</summary>
    public void Print(TextWriter output)
    {
        var scaled = SizeBuckets.Single(b => b.Name == DetectionData.SizeBuckets.Scaled(ImageSize).Name);
        var header = new List<string> { "split", "styles", "images", "empty", "objects", "truncated" };
        header.AddRange(Classes);
        header.AddRange(SizeBuckets.SelectMany(b => new[] { $"{b.Name}:S", $"{b.Name}:M", $"{b.Name}:L" }));
        var rows = Splits.Select(s =>
        {
            var row = new List<string> { s.Key, s.Value.Styles, Text(s.Value.Images), Text(s.Value.ImagesWithoutObjects), Text(s.Value.Objects), Text(s.Value.TruncatedObjects) };
            row.AddRange(Classes.Select(c => Text(s.Value.ObjectsPerClass[c])));
            row.AddRange(SizeBuckets.SelectMany(b => new[] { s.Value.Sizes[b.Name].Small, s.Value.Sizes[b.Name].Medium, s.Value.Sizes[b.Name].Large }).Select(Text));
            return row;
        }).ToList();
        var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        output.WriteLine(string.Join("  ", header.Select((h, i) => h.PadLeft(widths[i]))));
        foreach (var row in rows)
        {
            output.WriteLine(string.Join("  ", row.Select((cell, i) => cell.PadLeft(widths[i]))));
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Sizes by box area. coco: small < 32², large > 96² (pycocotools' APs/APm/APl). scaled: small < {Math.Sqrt(scaled.SmallBelow):0.#}², large > {Math.Sqrt(scaled.LargeAbove):0.#}² (COCO's at half its pixel sizes per 128 px)."));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Generated in {Generation.Seconds:0.0} s on {Generation.Machine}. Fingerprint {Fingerprint}."));
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string FingerprintOf(IReadOnlyList<GeneratedSplit> splits)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var image in splits.SelectMany(s => s.Images))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(image.FileName));
            hash.AppendData(image.PngSha256);
            foreach (var o in image.Objects)
            {
                hash.AppendData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{o.ClassIndex} {o.Box.Left} {o.Box.Top} {o.Box.Right} {o.Box.Bottom} {(o.Truncated ? 1 : 0)} {StyleNames.Of(o.Style)}\n")));
            }
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
