using System.Globalization;

/// <summary>The benchmark's command line.</summary>
internal sealed record BenchOptions(string Data)
{
    public int Input { get; init; } = 128;

    public int Stages { get; init; } = 4;

    public int Blocks { get; init; } = 1;

    public int BackboneWidth { get; init; } = 16;

    public int HeadWidth { get; init; } = 64;

    public int TowerDepth { get; init; } = 2;

    public int Levels { get; init; } = 3;

    public int Batch { get; init; } = 32;

    public double LearningRate { get; init; } = 0.002;

    public double WeightDecay { get; init; } = 1e-4;

    public int Epochs { get; init; } = 10;

    public int Seed { get; init; } = 1;

    public string? Json { get; init; }

    public static BenchOptions Parse(string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith("--", StringComparison.Ordinal))
        {
            throw new ArgumentException("usage: DetectionTrain DATA [--input 128] [--stages 4] [--blocks 1] [--backbone-width 16] [--head-width 64] [--tower-depth 2] [--levels 3] [--batch 32] [--lr 0.002] [--weight-decay 1e-4] [--epochs 10] [--seed 1] [--json FILE]");
        }
        var options = new BenchOptions(args[0]);
        for (int i = 1; i + 1 < args.Length; i += 2)
        {
            string value = args[i + 1];
            int Int() => int.Parse(value, CultureInfo.InvariantCulture);
            double Double() => double.Parse(value, CultureInfo.InvariantCulture);
            options = args[i] switch
            {
                "--input" => options with { Input = Int() },
                "--stages" => options with { Stages = Int() },
                "--blocks" => options with { Blocks = Int() },
                "--backbone-width" => options with { BackboneWidth = Int() },
                "--head-width" => options with { HeadWidth = Int() },
                "--tower-depth" => options with { TowerDepth = Int() },
                "--levels" => options with { Levels = Int() },
                "--batch" => options with { Batch = Int() },
                "--lr" => options with { LearningRate = Double() },
                "--weight-decay" => options with { WeightDecay = Double() },
                "--epochs" => options with { Epochs = Int() },
                "--seed" => options with { Seed = Int() },
                "--json" => options with { Json = value },
                _ => throw new ArgumentException($"Unknown option '{args[i]}'."),
            };
        }
        return options;
    }
}
