using AutoDL.Tasks.ObjectDetection.Inference;
using static TorchSharp.torch;

namespace AutoDL.Tests.Tasks.ObjectDetection.Inference;

public sealed class GreedySuppressionTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void It_keeps_the_boxes_torchvision_s_nms_keeps_class_by_class(int seed)
    {
        // Clustered boxes of three classes with distinct scores, so the ranking has no ties for either to break.
        var random = new Random(seed);
        int count = 300;
        var corners = new float[count * 4];
        var scores = Enumerable.Range(0, count).Select(i => (float)(1 - (i / (double)count))).OrderBy(_ => random.Next()).ToArray();
        var labels = new long[count];
        for (int i = 0; i < count; i++)
        {
            float x = random.Next(0, 5) * 20 + (float)random.NextDouble() * 8, y = random.Next(0, 5) * 20 + (float)random.NextDouble() * 8;
            float w = 6 + (float)random.NextDouble() * 20, h = 6 + (float)random.NextDouble() * 20;
            (corners[4 * i], corners[(4 * i) + 1], corners[(4 * i) + 2], corners[(4 * i) + 3]) = (x, y, x + w, y + h);
            labels[i] = random.Next(3);
        }

        var mine = GreedySuppression.Keep(corners, scores, labels, 0.6, int.MaxValue);

        var expected = new List<long>();
        for (long label = 0; label < 3; label++)
        {
            var members = Enumerable.Range(0, count).Where(i => labels[i] == label).ToArray();
            using var boxes = tensor(members.SelectMany(i => corners.AsSpan(4 * i, 4).ToArray()).ToArray(), [members.Length, 4]);
            using var memberScores = tensor(members.Select(i => scores[i]).ToArray());
            using var kept = TorchSharp.torchvision.ops.nms(boxes, memberScores, 0.6);
            expected.AddRange(kept.data<long>().ToArray().Select(k => (long)members[k]));
        }
        Assert.Equal(expected.Order(), mine.Select(i => (long)i).Order());
        Assert.Equal(mine.OrderByDescending(i => scores[i]), mine);
    }

    [Fact]
    public void Boxes_of_different_classes_never_suppress_each_other_and_the_limit_keeps_the_best()
    {
        float[] corners = [0, 0, 10, 10, 0, 0, 10, 10, 1, 1, 10, 10, 50, 50, 60, 60];
        float[] scores = [0.9f, 0.8f, 0.7f, 0.6f];
        long[] labels = [0, 1, 0, 0];

        Assert.Equal([0, 1, 3], GreedySuppression.Keep(corners, scores, labels, 0.5, 10));
        Assert.Equal([0, 1], GreedySuppression.Keep(corners, scores, labels, 0.5, 2));
    }
}
