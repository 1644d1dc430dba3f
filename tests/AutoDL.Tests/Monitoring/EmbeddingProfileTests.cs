using System.Text.Json;
using AutoDL.Monitoring;
using AutoDL.Packaging;

namespace AutoDL.Tests.Monitoring;

[Collection(TorchCollection.Name)]
public sealed class EmbeddingProfileTests
{
    private const int Size = 6;
    private const int Classes = 3;

    [Fact]
    public void Given_isotropic_classes_then_the_distance_is_the_euclidean_distance_to_the_nearest_class_mean_in_units_of_their_spread()
    {
        // Three classes at ±5 on the first axes, unit spread on every axis.
        var (train, labels) = Sample(3000, seed: 1, shift: 0);
        var profile = EmbeddingProfileFitter.Fit(train, labels, Classes, Size, train);

        // The mean of class 0 plus 2 along an axis the classes do not separate on: about 2 units away.
        var point = new float[Size];
        point[0] = 5;
        point[5] = 2;
        double distance = profile.Distance(point);

        Assert.InRange(distance, 1.8, 2.2);
        Assert.Equal(Math.Min(Size, EmbeddingProfileFitter.MaxComponents), profile.Components);
    }

    [Fact]
    public void Given_images_from_elsewhere_then_they_are_stranger_than_the_validation_images_and_usual_ones_are_not()
    {
        var (train, labels) = Sample(3000, seed: 1, shift: 0);
        var (validation, _) = Sample(1000, seed: 2, shift: 0);
        var (usual, _) = Sample(500, seed: 3, shift: 0);
        var (strange, _) = Sample(500, seed: 4, shift: 6);
        var profile = EmbeddingProfileFitter.Fit(train, labels, Classes, Size, validation);

        double[] Scores(float[] points) => [.. Enumerable.Range(0, points.Length / Size).Select(i => profile.Unusualness(profile.Distance(points.AsSpan(i * Size, Size))))];
        var usualScores = Scores(usual);
        var strangeScores = Scores(strange);

        // Usual images are spread over the validation images' ranks; shifted ones lie beyond nearly all of them.
        Assert.InRange(usualScores.Average(), 0.4, 0.6);
        Assert.True(strangeScores.Average() > 0.95, $"mean score of shifted points {strangeScores.Average():0.000}");
        Assert.Equal(1000, profile.ValidationDistances.Length);
        Assert.True(profile.ValidationDistances.SequenceEqual(profile.ValidationDistances.Order()));
    }

    [Fact]
    public void Given_a_profile_then_it_reads_back_from_a_package_s_monitoring_section_and_anything_else_reads_as_none()
    {
        var (train, labels) = Sample(300, seed: 1, shift: 0);
        var profile = EmbeddingProfileFitter.Fit(train, labels, Classes, Size, train);
        var section = JsonSerializer.SerializeToElement(new Dictionary<string, EmbeddingProfile> { ["embedding"] = profile }, ModelPackage.JsonOptions);

        var read = EmbeddingProfile.From(section);

        Assert.NotNull(read);
        Assert.Equal(profile.Distance(train.AsSpan(0, Size)), read.Distance(train.AsSpan(0, Size)), 1e-9);
        Assert.Null(EmbeddingProfile.From(null));
        Assert.Null(EmbeddingProfile.From(JsonDocument.Parse("""{"drift": {}}""").RootElement));
        Assert.Null(EmbeddingProfile.From(JsonDocument.Parse("""{"embedding": 3}""").RootElement));
    }

    [Fact]
    public void Given_an_embedding_of_another_size_then_it_is_refused()
    {
        var (train, labels) = Sample(300, seed: 1, shift: 0);
        var profile = EmbeddingProfileFitter.Fit(train, labels, Classes, Size, train);

        var error = Assert.Throws<ArgumentException>(() => profile.Distance(new float[Size + 1]));

        Assert.Contains("7 features", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Points of three classes centred at +5 on axis 0, −5 on axis 0, +5 on axis 1, with unit noise, moved by <paramref name="shift"/> on every axis.</summary>
    private static (float[] Points, int[] Labels) Sample(int count, int seed, double shift)
    {
        var random = new Random(seed);
        var points = new float[count * Size];
        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            labels[i] = i % Classes;
            for (int d = 0; d < Size; d++)
            {
                double centre = (labels[i], d) switch { (0, 0) => 5, (1, 0) => -5, (2, 1) => 5, _ => 0 };
                points[i * Size + d] = (float)(centre + shift + Gaussian(random));
            }
        }
        return (points, labels);
    }

    private static double Gaussian(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
