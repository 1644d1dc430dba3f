using System.Globalization;
using AutoDL.Data;
using AutoDL.Packaging;
using AutoDL.Tasks.ObjectDetection.Inference;

// Runs a detector package on a folder of images with ONNX Runtime and with libtorch, through the public ObjectDetector,
// and compares the detections unrounded: the issue-21 criterion that both engines give the same detections (boxes
// within 1e-3 px, same labels). Detections are compared in rank order, and, since scores a few 1e-7 apart may swap
// ranks, each libtorch detection is also matched to the ONNX detection of its class it overlaps most.
//   dotnet run -c Release --project bench/DetectionEngines -- MODEL IMAGE_FOLDER [MIN_SCORE]
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: DetectionEngines MODEL IMAGE_FOLDER [MIN_SCORE]");
    return 2;
}
double minScore = args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 0.05;
var files = Directory.EnumerateFiles(args[1], "*", SearchOption.AllDirectories).Where(ImageDecoder.HasImageExtension).Order(StringComparer.Ordinal).ToList();
using var onnx = ObjectDetector.Load(args[0], InferenceBackend.Onnx);
using var torch = ObjectDetector.Load(args[0], InferenceBackend.Torch);
var fromOnnx = onnx.DetectFiles(files, minScore);
var fromTorch = torch.DetectFiles(files, minScore);

int detections = 0, countsDiffer = 0, rankLabelsDiffer = 0, unmatched = 0;
double rankBox = 0, matchedBox = 0, matchedScore = 0;
for (int i = 0; i < files.Count; i++)
{
    var (a, b) = (fromTorch[i], fromOnnx[i]);
    detections += a.Count;
    countsDiffer += a.Count != b.Count ? 1 : 0;
    foreach (var (t, o) in a.Zip(b))
    {
        rankLabelsDiffer += t.Label != o.Label ? 1 : 0;
        if (t.Label == o.Label)
        {
            rankBox = Math.Max(rankBox, BoxDifference(t, o));
        }
    }
    foreach (var t in a)
    {
        var match = b.Where(o => o.Label == t.Label).MinBy(o => BoxDifference(t, o));
        if (match is null || BoxDifference(t, match) > 1)
        {
            unmatched++;
            continue;
        }
        matchedBox = Math.Max(matchedBox, BoxDifference(t, match));
        matchedScore = Math.Max(matchedScore, Math.Abs(t.Score - match.Score));
    }
}
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{files.Count} images, min score {minScore}: {detections} libtorch detections; images whose counts differ {countsDiffer}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"in rank order: labels differ at {rankLabelsDiffer} ranks; max box difference where labels agree {rankBox:0.###e+00} px"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"matched by class and position: {unmatched} unmatched; max box difference {matchedBox:0.###e+00} px; max score difference {matchedScore:0.###e+00}"));
return 0;

static double BoxDifference(Detection a, Detection b) =>
    new[] { Math.Abs(a.Box.X - b.Box.X), Math.Abs(a.Box.Y - b.Box.Y), Math.Abs(a.Box.Right - b.Box.Right), Math.Abs(a.Box.Bottom - b.Box.Bottom) }.Max();
