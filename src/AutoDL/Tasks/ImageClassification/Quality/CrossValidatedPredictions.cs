using System.Diagnostics;
using AutoDL.Data;
using AutoDL.Models;
using AutoDL.Tasks.ImageClassification.Data;
using AutoDL.Tasks.ImageClassification.Training;
using AutoDL.Training;
using TorchSharp;

namespace AutoDL.Tasks.ImageClassification.Quality;

/// <summary>
/// Out-of-fold class probabilities and features for every training image: the data is cut into stratified
/// folds, and each fold is predicted by a quick network trained on the others, so no image is judged by a
/// model that learnt its (possibly wrong) label.
/// </summary>
internal sealed class CrossValidatedPredictions
{
    /// <summary>
    /// The quick model: fit's smallest default network, trained as fit trains it (AdamW at 2e-2, one-cycle). On Fashion-MNIST
    /// with 5 % of labels flipped it replaced a plain CNN (2 blocks of width 32, 2 epochs): 4 epochs of it took 221 s
    /// instead of 290 s, lifted the out-of-fold accuracy from 0.837 to 0.859, and what `fit --exclude-suspects` leaves
    /// out went from 92 % to 94 % flips and from 81 % to 86 % of all flips; 8 epochs took 418 s for 94 % and 88 %
    /// (bench/results/data-quality-label-model.md).
    /// </summary>
    private static ModelConfig Model(ImageShape input) => new ResNetConfig(Stages: 3, BlocksPerStage: 1, BaseWidth: 16, Stem: StemSelection.For(input));

    /// <summary>Fraction of each fold's training part kept aside to pick the epoch, so the held-out fold's labels choose nothing.</summary>
    private const double SelectionFraction = 0.05;

    /// <summary>Epochs per fold are this many images over the training set's size, within 3 to 15: four on Fashion-MNIST.</summary>
    private const double EpochImages = 200_000;

    private CrossValidatedPredictions(float[] probabilities, float[][] features, int[] fold, LabelModelSummary summary)
    {
        Probabilities = probabilities;
        Features = features;
        Fold = fold;
        Summary = summary;
    }

    /// <summary>Row-major probabilities: image i's are [i·k, (i+1)·k).</summary>
    public float[] Probabilities { get; }

    /// <summary>Each image's penultimate features under the model of its fold.</summary>
    public float[][] Features { get; }

    /// <summary>Each image's fold; features are comparable only within a fold.</summary>
    public int[] Fold { get; }

    public LabelModelSummary Summary { get; }

    /// <summary>
    /// Epochs per fold: as asked, or enough passes to learn while 60,000 images take a couple of minutes on two
    /// cores, cut to <see cref="QualityOptions.TimeBudget"/> as measured on this machine; 0 when not one fits.
    /// </summary>
    public static int PlanEpochs(ImageDataset train, QualityOptions options)
    {
        int epochs = options.Epochs ?? Math.Clamp((int)Math.Ceiling(EpochImages / Math.Max(train.Count, 1)), 3, 15);
        if (options.TimeBudget is not { } budget)
        {
            return epochs;
        }
        var stats = NormalizationStats.Compute(train);
        var cost = new Trainer().MeasureCost(new TrainingRequest(Model(train.Shape), Training(1, train.Count), new ClassificationTraining(train, train, stats), options.Seed));
        double learnImages = train.Count * (options.Folds - 1.0) / options.Folds * (1 - SelectionFraction);
        double perEpoch = options.Folds * learnImages * cost.TrainSecondsPerImage;
        // Every fold also predicts its held-out part and its own selection slice once per epoch.
        double fixedCost = train.Count * cost.EvalSecondsPerImage * 2;
        return Math.Min(epochs, (int)Math.Floor((budget.TotalSeconds - fixedCost) / perEpoch));
    }

    public static CrossValidatedPredictions Compute(ImageDataset train, QualityOptions options, int epochs, IProgress<string>? progress, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        int folds = options.Folds;
        int classes = train.ClassNames.Count;
        var fold = StratifiedFolds(train.Labels, folds, options.Seed);
        var probabilities = new float[(long)train.Count * classes];
        var features = new float[train.Count][];
        var trainer = new Trainer();
        var model = Model(train.Shape);
        for (int f = 0; f < folds; f++)
        {
            ct.ThrowIfCancellationRequested();
            var heldOut = Enumerable.Range(0, train.Count).Where(i => fold[i] == f).ToArray();
            var rest = Enumerable.Range(0, train.Count).Where(i => fold[i] != f).ToArray();
            var random = new Random(options.Seed + f);
            var shuffled = rest.OrderBy(_ => random.Next()).ToArray();
            int selection = Math.Max(1, (int)(shuffled.Length * SelectionFraction));
            var learn = train.Subset(shuffled[selection..]);
            var choose = train.Subset(shuffled[..selection]);
            var stats = NormalizationStats.Compute(learn);
            progress?.Report($"label check: fold {f + 1} of {folds}, {epochs} epochs on {learn.Count:N0} images");
            var result = trainer.Train(new TrainingRequest(model, Training(epochs, learn.Count), new ClassificationTraining(learn, choose, stats), options.Seed + f), ct);
            if (result.BestWeights is null)
            {
                throw new AutoDLException("The label check's model finished no epoch; the data may be too small to cross-validate.");
            }
            var held = train.Subset(heldOut);
            using var network = ModelFactory.Create(model, train.Shape, classes);
            WeightsSerializer.Load(network, result.BestWeights);
            var foldProbabilities = NetworkRunner.PredictProbabilities(network, held, new BatchBuilder(train.Shape, stats), classes);
            var foldFeatures = PenultimateFeatures(network, held, stats);
            for (int n = 0; n < heldOut.Length; n++)
            {
                foldProbabilities.AsSpan(n * classes, classes).CopyTo(probabilities.AsSpan(heldOut[n] * classes, classes));
                features[heldOut[n]] = foldFeatures[n];
            }
        }
        int correct = 0;
        for (int i = 0; i < train.Count; i++)
        {
            if (NetworkRunner.ArgMax(probabilities.AsSpan(i * classes, classes)) == train.Labels[i])
            {
                correct++;
            }
        }
        var summary = new LabelModelSummary($"{model.Family} ({model.Describe()})", folds, epochs, (double)correct / Math.Max(1, train.Count), clock.Elapsed.TotalSeconds);
        return new CrossValidatedPredictions(probabilities, features, fold, summary);
    }

    /// <summary>
    /// Fit's default recipe without label smoothing: confident learning reads the probabilities, and smoothing would flatten them. Batches
    /// of 128, or smaller on small data so that an epoch still takes at least eight steps.
    /// </summary>
    private static TrainingConfig Training(int epochs, int images) =>
        new(OptimizerKind.AdamW, LearningRate: 2e-2, BatchSize: Math.Clamp(images / 8, 8, 128), Epochs: epochs, LabelSmoothing: 0, EarlyStoppingPatience: 0);

    /// <summary>Fold of each image: within each class, images are shuffled and dealt round-robin, so every fold has every class.</summary>
    private static int[] StratifiedFolds(IReadOnlyList<int> labels, int folds, int seed)
    {
        var random = new Random(seed);
        var fold = new int[labels.Count];
        foreach (var group in Enumerable.Range(0, labels.Count).GroupBy(i => labels[i]))
        {
            var members = group.OrderBy(_ => random.Next()).ToArray();
            for (int n = 0; n < members.Length; n++)
            {
                fold[members[n]] = n % folds;
            }
        }
        return fold;
    }

    /// <summary>
    /// The network's input to its classifier for each image: every part but the last, globally averaged where the
    /// pooling belongs to the head (ResNet, MobileNetV2) rather than to the features (PlainCnn).
    /// </summary>
    private static float[][] PenultimateFeatures(torch.nn.Module<torch.Tensor, torch.Tensor> network, ImageDataset data, NormalizationStats stats)
    {
        var parts = ((ISequentialNetwork)network).Parts.ToList();
        network.eval();
        var builder = new BatchBuilder(data.Shape, stats);
        var result = new float[data.Count][];
        const int Batch = NetworkRunner.DefaultBatchSize;
        var buffer = new float[(long)Batch * data.Shape.PixelCount];
        using var noGrad = torch.no_grad();
        for (int start = 0; start < data.Count; start += Batch)
        {
            int n = Math.Min(Batch, data.Count - start);
            for (int i = 0; i < n; i++)
            {
                builder.Write(data.Image(start + i), buffer.AsSpan(i * data.Shape.PixelCount, data.Shape.PixelCount));
            }
            using var scope = torch.NewDisposeScope();
            var input = torch.tensor(buffer.AsSpan(0, n * data.Shape.PixelCount).ToArray(), [n, data.Shape.Channels, data.Shape.Height, data.Shape.Width]);
            var output = input;
            foreach (var part in parts.Take(parts.Count - 1))
            {
                output = part.forward(output);
            }
            output = (output.dim() == 4 ? output.mean([2, 3]) : output).contiguous();
            int width = (int)output.shape[1];
            var values = output.data<float>().ToArray();
            for (int i = 0; i < n; i++)
            {
                result[start + i] = values.AsSpan(i * width, width).ToArray();
            }
        }
        return result;
    }
}
