using System.Globalization;

namespace AutoDL.Bench.DetectionData;

/// <summary>What one run generates: the command line as data, so summary.json can record it and a re-run can tell
/// whether the folder already holds exactly this set.</summary>
/// <param name="Output">The folder the data set is written to.</param>
/// <param name="Train">Training images. 3,000 (about 10,000 objects, 2,000 a class) is enough for a small detector
/// trained from scratch to learn the five shapes, while one pass at 128 px stays short enough on a laptop CPU for a
/// 10-minute budget to hold a few dozen epochs.</param>
/// <param name="Val">Validation images, same styles as training: 500 (about 1,700 objects) to choose a model and stop early.</param>
/// <param name="Test">Test images, in the held-out styles: 1,000 (about 3,400 objects, roughly 700 a class) keeps a
/// class's average precision within a few points of its value on unlimited data.</param>
/// <param name="Size">Side of the square images in pixels. 128 keeps COCO's mix of small, medium and large objects
/// (at half COCO's pixel sizes) while a laptop CPU can still train on thousands of images in minutes.</param>
/// <param name="Seed">Every image is a function of the seed, its split and its index, nothing else.</param>
/// <param name="Format">The annotation layout(s) to write. COCO by default: the layout every detection library and
/// pycocotools read, at a third of the disk space of all of them. <c>masks</c> writes the same scenes for semantic
/// segmentation: images/ and masks/ per split, each shape's pixels labelled with its class.</param>
/// <param name="DrawBoxes">Also write preview/{split}.png: the first images of each split, enlarged, with their boxes drawn.</param>
/// <param name="Force">Replace what an earlier run wrote in <paramref name="Output"/>.</param>
internal sealed record GeneratorOptions(string Output, int Train, int Val, int Test, int Size, int Seed, OutputFormat Format, bool DrawBoxes, bool Force)
{
    public const string Usage =
        "usage: dotnet run -c Release --project bench/DetectionData -- OUTPUT [--train 3000] [--val 500] [--test 1000] "
        + "[--size 128] [--seed 1] [--format coco|voc|yolo|masks|all] [--draw-boxes] [--force]";

    // Objects are drawn 8 to 80 pixels long at 128 px; below 64 px the smallest would be under 4 pixels, too few to tell a shape.
    private const int MinSize = 64;

    // Images are held whole in memory while they are drawn, one per core; 2,048 px is far past any CPU benchmark's need.
    private const int MaxSize = 2048;

    /// <summary>The arguments that decide the files' contents, in one canonical order (no output folder, no --force),
    /// as summary.json records them: two runs with the same string write the same bytes.</summary>
    public string Arguments => string.Create(CultureInfo.InvariantCulture,
        $"--train {Train} --val {Val} --test {Test} --size {Size} --seed {Seed} --format {Format.ToString().ToLowerInvariant()}{(DrawBoxes ? " --draw-boxes" : "")}");

    public static GeneratorOptions Parse(IReadOnlyList<string> args)
    {
        string? output = null;
        int train = 3000, val = 500, test = 1000, size = 128, seed = 1;
        var format = OutputFormat.Coco;
        bool drawBoxes = false, force = false;
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            switch (arg)
            {
                case "--train": train = Count(args, ref i); break;
                case "--val": val = Count(args, ref i); break;
                case "--test": test = Count(args, ref i); break;
                case "--size": size = Number(args, ref i); break;
                case "--seed": seed = Number(args, ref i); break;
                case "--format": format = ParseFormat(Value(args, ref i)); break;
                case "--draw-boxes": drawBoxes = true; break;
                case "--force": force = true; break;
                default:
                    if (arg.StartsWith('-') || output is not null)
                    {
                        throw new UsageException($"Unexpected argument '{arg}'. {Usage}");
                    }
                    output = arg;
                    break;
            }
        }
        if (output is null)
        {
            throw new UsageException($"Name the output folder. {Usage}");
        }
        if (train + val + test == 0)
        {
            throw new UsageException("--train, --val and --test are all 0: ask for at least one image.");
        }
        if (size is < MinSize or > MaxSize)
        {
            throw new UsageException($"--size {size} is outside {MinSize}..{MaxSize}: below {MinSize} px the smallest objects are too few pixels to recognise.");
        }
        return new GeneratorOptions(Path.GetFullPath(output), train, val, test, size, seed, format, drawBoxes, force);
    }

    private static string Value(IReadOnlyList<string> args, ref int i)
    {
        if (i + 1 >= args.Count)
        {
            throw new UsageException($"{args[i]} needs a value. {Usage}");
        }
        return args[++i];
    }

    private static int Number(IReadOnlyList<string> args, ref int i)
    {
        string name = args[i], text = Value(args, ref i);
        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value)
            ? value
            : throw new UsageException($"{name} '{text}' is not a whole number.");
    }

    private static int Count(IReadOnlyList<string> args, ref int i)
    {
        string name = args[i];
        int value = Number(args, ref i);
        return value >= 0 ? value : throw new UsageException($"{name} {value}: an image count cannot be negative.");
    }

    private static OutputFormat ParseFormat(string text) => text.ToLowerInvariant() switch
    {
        "coco" => OutputFormat.Coco,
        "voc" => OutputFormat.Voc,
        "yolo" => OutputFormat.Yolo,
        "masks" => OutputFormat.Masks,
        "all" => OutputFormat.All,
        _ => throw new UsageException($"--format '{text}' is not one of coco, voc, yolo, all."),
    };
}
