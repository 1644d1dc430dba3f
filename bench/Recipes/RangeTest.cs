using System.Globalization;
using System.Text;
using AutoDL.Data;
using AutoDL.Inference;
using AutoDL.Tasks.ImageClassification.Data;
using AutoDL.Tasks.ImageClassification.Training;
using AutoDL.Training;

/// <summary>
/// What the learning-rate range test (<see cref="LearningRateFinder"/>) suggests for a recipe's network on a dataset,
/// over several seeds, to set beside the peak rates the recipe runs measured. It decides whether the suggestion could
/// centre the search's learning-rate range.
/// </summary>
internal static class RangeTest
{
    private static readonly int[] Seeds = [1, 2, 3];

    public static int Run(string dataPath, ImageDataset train, ImageDataset validation, NormalizationStats stats, string recipe, string command)
    {
        var (model, training) = RecipeBook.Get(recipe, epochs: 1);
        var table = new StringBuilder();
        foreach (int seed in Seeds)
        {
            var request = new TrainingRequest(model, training, new ClassificationTraining(train, validation, stats), seed);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var sweep = LearningRateFinder.Run(request);
            string line = string.Create(CultureInfo.InvariantCulture, $"| {seed} | {sweep.MinimumLossRate:0.###e+0} | {sweep.Suggested:0.###e+0} | {(sweep.Diverged ? "yes" : "no")} | {sweep.LearningRates.Count} | {clock.Elapsed.TotalSeconds:0.0} |");
            Console.WriteLine(line);
            table.AppendLine(line);
        }
        string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(dataPath));
        string file = $"bench/results/lr-range-test-{name}.md";
        Directory.CreateDirectory("bench/results");
        File.WriteAllText(file, $"""
            # Learning-rate range test: {name}, recipe {recipe}

            - Machine: {InferenceTuner.MachineDescription()}, no GPU. Date: {DateTime.UtcNow:yyyy-MM-dd}. Command: `{command}`.
            - {train.Count:N0} training images. Network and recipe: {model.Family} ({model.Describe()}), {training.Describe()}. The sweep raises
              the rate exponentially from 1e-5 to 1 over 100 batches of a fresh network and stops when the smoothed loss passes four
              times its best (LearningRateFinder); the suggestion is a tenth of the rate at the lowest smoothed loss.

            | seed | rate at the lowest loss | suggested peak rate | diverged | steps | seconds |
            |---:|---:|---:|---|---:|---:|
            {table}
            """);
        Console.WriteLine($"wrote {file}");
        return 0;
    }
}
