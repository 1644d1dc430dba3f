// How well a classifier's out-of-distribution score tells images of its own kind from images of other data sets:
// the ROC AUC of the feature distance (Prediction.FeatureDistance), with images of another set as positives and the
// model's own test images as negatives.
//
//   dotnet run -c Release --project bench/Monitoring -- ood MODEL IN_DISTRIBUTION_FOLDER NAME=FOLDER [NAME=FOLDER…] [--limit N]
//
//   dotnet run -c Release --project bench/Monitoring -- drift MODEL IN_DISTRIBUTION_FOLDER NAME=FOLDER [NAME=FOLDER…]
//     streams through the package's drift monitor (windows of 200, tested every 50, alert after 3 drifting in a row):
//     the model's own images shuffled, the same darkened, blurred and noised, and each other set; writes
//     bench/results/drift-<model folder>.md.
//
// Folders are searched recursively for PNG and JPEG files (at most N each, default 2,000, taken in name order from an
// even spread). Writes bench/results/ood-<model folder>.md.
using System.Globalization;
using System.Text;
using AutoDL.Inference;
using AutoDL.Tasks.ImageClassification.Inference;

if (args.Length < 4 || args[0] is not ("ood" or "drift"))
{
    Console.Error.WriteLine("usage: Monitoring ood|drift MODEL IN_DISTRIBUTION_FOLDER NAME=FOLDER [NAME=FOLDER…] [--limit N]");
    return 2;
}
if (args[0] == "drift")
{
    return DriftBench.Run(args);
}
int limit = 2000;
var rest = new List<string>();
for (int i = 3; i < args.Length; i++)
{
    if (args[i] == "--limit")
    {
        limit = int.Parse(args[++i], CultureInfo.InvariantCulture);
    }
    else
    {
        rest.Add(args[i]);
    }
}
using var predictor = Predictor.Load(args[1]);
double[] Distances(string folder)
{
    var files = Directory.EnumerateFiles(folder, "*.*", SearchOption.AllDirectories)
        .Where(f => f.EndsWith(".png", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase))
        .Order(StringComparer.Ordinal).ToList();
    int step = Math.Max(1, files.Count / limit);
    var chosen = files.Where((_, i) => i % step == 0).Take(limit).ToList();
    var predictions = predictor.PredictFiles(chosen);
    return [.. predictions.Select(p => p.FeatureDistance ?? throw new InvalidOperationException("The package has no monitoring profile: fit it with this version."))];
}

var inDistribution = Distances(args[2]);
var table = new StringBuilder();
foreach (var pair in rest)
{
    var (name, folder) = (pair[..pair.IndexOf('=')], pair[(pair.IndexOf('=') + 1)..]);
    var outside = Distances(folder);
    double auc = RocAuc(outside, inDistribution);
    double threshold = Percentile(inDistribution, 0.99);
    double beyond99 = outside.Count(d => d > threshold) / (double)outside.Length;
    string line = string.Create(CultureInfo.InvariantCulture, $"| {name} | {outside.Length} | {inDistribution.Length} | {auc:0.0000} | {beyond99:0.000} |");
    Console.WriteLine(line);
    table.AppendLine(line);
}
string model = Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(args[1])))!;
Directory.CreateDirectory("bench/results");
string file = $"bench/results/ood-{model}.md";
File.WriteAllText(file, $"""
    # Out-of-distribution score: {model}

    - Machine: {InferenceTuner.MachineDescription()}, no GPU. Date: {DateTime.UtcNow:yyyy-MM-dd}.
    - Command: `dotnet run -c Release --project bench/Monitoring -- {string.Join(' ', args)}`
    - Model: `{args[1]}`; its own images: `{args[2]}` ({inDistribution.Length} images).
    - Score: the Mahalanobis distance of the image's embedding to the nearest class of the training embeddings
      (`Prediction.FeatureDistance`). AUC: the chance that an image of the other set scores higher than one of the
      model's own (ties count half). "Beyond the 99th percentile": the share of the other set's images farther than
      99 % of the model's own test images.

    | other data set | its images | own images | ROC AUC | beyond the 99th percentile |
    |---|---:|---:|---:|---:|
    {table.ToString().TrimEnd()}

    """);
Console.WriteLine($"wrote {file}");
return 0;

static double Percentile(double[] values, double q)
{
    var sorted = values.Order().ToArray();
    return sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
}

// Mann–Whitney: the share of (positive, negative) pairs ranked right, ties counting half.
static double RocAuc(double[] positives, double[] negatives)
{
    var all = positives.Select(v => (v, true)).Concat(negatives.Select(v => (v, false))).OrderBy(p => p.v).ToList();
    double rankSum = 0;
    int i = 0;
    while (i < all.Count)
    {
        int j = i;
        while (j < all.Count && all[j].v == all[i].v)
        {
            j++;
        }
        double rank = (i + 1 + j) / 2.0;
        rankSum += rank * all.Skip(i).Take(j - i).Count(p => p.Item2);
        i = j;
    }
    double n1 = positives.Length, n0 = negatives.Length;
    return (rankSum - n1 * (n1 + 1) / 2) / (n1 * n0);
}
