using AutoDL.Models;

namespace AutoDL.Tasks.ImageClassification;

/// <summary>
/// The configurations the classifier's search races before TPE proposes (<see cref="Search.Samplers.PortfolioSampler"/>):
/// a few variants of the default recipe, chosen from <see cref="Candidates"/> by how well they complement the default and
/// each other on the tuning sets (bench/Portfolio, bench/results/portfolio.md), never on the held-out sets the product is
/// judged on.
/// </summary>
public static class ImageClassificationPortfolio
{
    /// <summary>
    /// What bench/Portfolio measures: each candidate is a network and the changes it makes to the default recipe. They
    /// differ where small-image recipes are known to differ most: width, depth and stages, family, optimiser, and how
    /// strongly the data is augmented or the network regularised.
    /// </summary>
    public static IReadOnlyDictionary<string, (IReadOnlyDictionary<string, string> Backbone, IReadOnlyDictionary<string, string> Changes)> Candidates { get; } =
        new Dictionary<string, (IReadOnlyDictionary<string, string>, IReadOnlyDictionary<string, string>)>(StringComparer.Ordinal)
        {
            ["resnet24-trivialaugment"] = (BackboneSearchSpace.ResNet(3, 1, 24), Changes(("augment", "trivialaugment"), ("trivialaugment.magnitude", "0.5"), ("erasing", "0.25"), ("flip", "true"))),
            ["resnet24-sgd-cosine"] = (BackboneSearchSpace.ResNet(3, 1, 24), Changes(("optimizer", "sgd"), ("sgd.lr", "0.1"), ("schedule", "cosine"))),
            ["resnet16-two-blocks"] = (BackboneSearchSpace.ResNet(3, 2, 16), Changes()),
            ["resnet16-four-stages"] = (BackboneSearchSpace.ResNet(4, 1, 16), Changes()),
            ["resnet32-two-stages"] = (BackboneSearchSpace.ResNet(2, 1, 32), Changes()),
            ["resnet32-mixup"] = (BackboneSearchSpace.ResNet(3, 1, 32), Changes(("mix", "mixup"), ("label_smoothing", "0"))),
            ["resnet16-cutmix"] = (BackboneSearchSpace.ResNet(3, 1, 16), Changes(("mix", "cutmix"))),
            ["resnet24-flip"] = (BackboneSearchSpace.ResNet(3, 1, 24), Changes(("flip", "true"))),
            ["resnet16-regularised"] = (BackboneSearchSpace.ResNet(3, 1, 16), Changes(("weight_decay", "0.005"), ("dropout", "0.2"), ("label_smoothing", "0.2"))),
            ["mobilenetv2"] = (BackboneSearchSpace.MobileNetV2(1.0, 4, 2), Changes()),
            ["plaincnn3x32-dropout"] = (BackboneSearchSpace.PlainCnn(3, 32), Changes(("dropout", "0.2"))),
        };

    /// <summary>
    /// The portfolio, in the order the greedy selection of bench/Portfolio chose it (bench/results/portfolio.md: six epochs
    /// on 6,000 images of Fashion-MNIST and of synthetic letters): the plain CNN was the best candidate on both, so the
    /// other places went to the best on average among those at most three times the default's cost. resnet16-four-stages
    /// is the default's own network since the default ladder has four stages, so the selection was made again with it as
    /// the configuration always trained (<c>--select … --always resnet16-four-stages</c>).
    /// </summary>
    private static readonly string[] Chosen = ["plaincnn3x32-dropout", "resnet16-two-blocks", "resnet24-flip", "resnet16-regularised"];

    /// <summary>The portfolio for data with <paramref name="traits"/> at <paramref name="batchSize"/>, each member for <paramref name="epochs"/> epochs; members the traits make equal collapse into one.</summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, double>> For(DataTraits traits, int batchSize, int epochs)
    {
        var members = new List<IReadOnlyDictionary<string, double>>();
        foreach (var name in Chosen)
        {
            var member = Candidate(name, traits, batchSize, epochs);
            if (!members.Any(m => m.Count == member.Count && m.All(kv => member.TryGetValue(kv.Key, out var v) && v == kv.Value)))
            {
                members.Add(member);
            }
        }
        return members;
    }

    /// <summary>The candidate named <paramref name="name"/> for data with <paramref name="traits"/>.</summary>
    /// <exception cref="ArgumentException">No candidate has that name.</exception>
    public static IReadOnlyDictionary<string, double> Candidate(string name, DataTraits traits, int batchSize, int epochs) =>
        Candidates.TryGetValue(name, out var candidate)
            ? ImageClassificationSearchSpace.Variant(candidate.Backbone, candidate.Changes, epochs, traits, batchSize)
            : throw new ArgumentException($"No portfolio candidate is named '{name}'. Known: {string.Join(", ", Candidates.Keys)}.", nameof(name));

    private static Dictionary<string, string> Changes(params (string Name, string Value)[] changes) =>
        changes.ToDictionary(c => c.Name, c => c.Value, StringComparer.Ordinal);
}
