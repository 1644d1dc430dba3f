using AutoDL.Data;
using AutoDL.Models;
using AutoDL.Tasks.ObjectDetection.Data;
using AutoDL.Tasks.ObjectDetection.Inference;
using AutoDL.Tasks.ObjectDetection.Models;
using AutoDL.Tasks.ObjectDetection.Training;
using static TorchSharp.torch;

namespace AutoDL.Tests.Tasks.ObjectDetection.Models;

/// <summary>The detector's network, its training targets, its loss and its decoding, on hand-placed objects.</summary>
[Collection(TorchCollection.Name)]
public sealed class FcosNetworkTests
{
    private static readonly ImageShape Input = new(3, 64, 64);
    private static readonly ResNetConfig Backbone = new(Stages: 4, BlocksPerStage: 1, BaseWidth: 8, Stem: StemKind.Conv7Pool);

    [Fact]
    public void A_resnet_backbone_marks_each_stage_s_end_and_the_last_mark_is_its_output()
    {
        var backbone = ModelFactory.CreateBackbone(Backbone, Input);

        Assert.Equal([new FeatureMap(8, 16, 16), new FeatureMap(16, 8, 8), new FeatureMap(32, 4, 4), new FeatureMap(64, 2, 2)], backbone.Taps.Select(t => t.Map));
        Assert.Equal(backbone.Output, backbone.Taps[^1].Map);
        Assert.Equal(backbone.Taps.Select(t => t.Map), ModelFactory.EstimateBackbone(Backbone, Input).Taps);
        foreach (var (_, module) in backbone.Parts)
        {
            module.Dispose();
        }
    }

    [Fact]
    public void The_network_predicts_classes_plus_five_values_at_every_location_of_its_three_levels()
    {
        using var network = new FcosNetwork(ModelFactory.CreateBackbone(Backbone, Input), Input, classes: 3, levels: 3, width: 16, towerDepth: 2);
        using var images = rand(2, 3, 64, 64);

        using var output = network.forward(images);

        // Strides 8, 16 and 32 on a 64-pixel input: 8×8 + 4×4 + 2×2 locations.
        Assert.Equal([8.0, 16.0, 32.0], network.Layout.Levels.Select(l => l.Stride));
        Assert.Equal(84, network.Layout.Locations);
        Assert.Equal(network.Layout.Levels, DetectorLayout.Of(Backbone, Input, levels: 3).Levels);
        Assert.Equal([2L, 84, 3 + 5], output.shape);
        var bad = output.isfinite().logical_not().nonzero();
        Assert.Equal(0, bad.shape[0]);
    }

    [Fact]
    public void A_level_s_stride_is_the_power_of_two_its_map_was_halved_to_even_when_the_input_does_not_divide_evenly()
    {
        // 100 px through stride-2 layers rounding up: 50, 25, 13, 7 cells.
        var layout = new DetectorLayout(new ImageShape(3, 100, 100), [new FeatureMap(1, 13, 13), new FeatureMap(1, 7, 7)]);

        Assert.Equal([8.0, 16.0], layout.Levels.Select(l => l.Stride));
        Assert.Throws<ArgumentException>(() => new DetectorLayout(new ImageShape(3, 64, 96), [new FeatureMap(1, 8, 12)]));
    }

    [Fact]
    public void The_head_s_group_norms_start_as_the_identity_though_torchsharp_leaves_them_uninitialised()
    {
        using var network = new FcosNetwork(ModelFactory.CreateBackbone(Backbone, Input), Input, classes: 3, levels: 3, width: 16, towerDepth: 2);

        var norms = network.named_parameters().Where(p => p.name.Contains("norm", StringComparison.Ordinal)).ToList();

        Assert.Equal(8, norms.Count);
        Assert.All(norms, p => Assert.Equal(p.name.EndsWith(".weight", StringComparison.Ordinal) ? 1f : 0f, p.parameter.data<float>().ToArray().Distinct().Single()));
    }

    [Fact]
    public void An_object_is_learnt_by_the_locations_near_its_centre_on_the_level_its_size_suits()
    {
        // 128-pixel input with levels of stride 8, 16 and 32: reach (0, 64], (64, 128] and beyond.
        var layout = new DetectorLayout(new ImageShape(3, 128, 128), [new FeatureMap(1, 16, 16), new FeatureMap(1, 8, 8), new FeatureMap(1, 4, 4)]);
        using var points = layout.Points();
        // A 40×40 box centred on (64, 64). Stride-8 centres lie at 4 + 8j: those at 60 and 68 are within 1.5 strides
        // (12 px) of 64, and their farthest edge (24 px) is within the first level's 64.
        var box = new ObjectAnnotation(BoundingBox.FromCorners(44, 44, 84, 84), 1);

        var targets = FcosTargets.For(points, [box], classes: 2);

        var positive = targets.Positive.data<bool>().ToArray();
        var chosen = Enumerable.Range(0, positive.Length).Where(i => positive[i]).ToList();
        Assert.Equal(4, chosen.Count);
        var centres = chosen.Select(i => (points[i, 0].item<float>(), points[i, 1].item<float>())).ToHashSet();
        Assert.Equal([(60f, 60f), (60f, 68f), (68f, 60f), (68f, 68f)], centres.Order());
        Assert.All(chosen, i => Assert.Equal([0f, 1f], targets.Classes[i].data<float>().ToArray()));
        Assert.All(chosen, i => Assert.Equal([44f, 44f, 84f, 84f], targets.Boxes[i].data<float>().ToArray()));
        // At (60, 60): left and top 16, right and bottom 24, so centre-ness √((16/24)·(16/24)) = 2/3.
        Assert.All(chosen, i => Assert.Equal(2.0 / 3, targets.Centerness[i].item<float>(), 1e-6));
        Assert.Equal(0f, targets.Classes.sum().item<float>() - 4);
    }

    [Fact]
    public void A_location_two_objects_claim_learns_the_smaller_and_an_ignored_object_teaches_nothing_either_way()
    {
        var layout = new DetectorLayout(new ImageShape(3, 64, 64), [new FeatureMap(1, 8, 8)]);
        using var points = layout.Points();
        var large = new ObjectAnnotation(BoundingBox.FromCorners(8, 8, 56, 56), 0);
        var small = new ObjectAnnotation(BoundingBox.FromCorners(24, 24, 40, 40), 1);
        var crowd = new ObjectAnnotation(BoundingBox.FromCorners(0, 48, 16, 64), 0) { Ignored = true };

        var targets = FcosTargets.For(points, [large, small, crowd], classes: 2);

        // The location at (28, 28) lies inside both, near both centres: the smaller takes it.
        int both = Index(points, 28, 28);
        Assert.True(targets.Positive[both].item<bool>());
        Assert.Equal([0f, 1f], targets.Classes[both].data<float>().ToArray());
        // Locations inside the crowd are neither positive nor background.
        int insideCrowd = Index(points, 4, 60);
        Assert.False(targets.Positive[insideCrowd].item<bool>());
        Assert.Equal(0f, targets.ClassWeight[insideCrowd].item<float>());
        Assert.Equal(1f, targets.ClassWeight[Index(points, 60, 4)].item<float>());
    }

    [Fact]
    public void Predictions_equal_to_the_targets_decode_to_the_objects_once_each()
    {
        var layout = new DetectorLayout(new ImageShape(3, 128, 128), [new FeatureMap(1, 16, 16), new FeatureMap(1, 8, 8), new FeatureMap(1, 4, 4)]);
        using var points = layout.Points();
        var objects = new[] { new ObjectAnnotation(BoundingBox.FromCorners(44, 44, 84, 84), 1), new ObjectAnnotation(BoundingBox.FromCorners(4, 6, 20, 30), 0) };
        var targets = FcosTargets.For(points, objects, classes: 2);
        using var predictions = Perfect(points, targets).unsqueeze(0);

        var detections = new FcosDecoder().Decode(predictions, points, 128, 128)[0];

        Assert.Equal(2, detections.Count);
        foreach (var expected in objects)
        {
            var found = Assert.Single(detections, d => d.Label == expected.Label);
            Assert.Equal(expected.Box.X, found.Box.X, 1e-3);
            Assert.Equal(expected.Box.Y, found.Box.Y, 1e-3);
            Assert.Equal(expected.Box.Right, found.Box.Right, 1e-3);
            Assert.Equal(expected.Box.Bottom, found.Box.Bottom, 1e-3);
            Assert.True(found.Score > 0.99, $"score {found.Score}");
        }
    }

    [Fact]
    public void A_few_steps_on_one_image_bring_the_loss_well_down()
    {
        manual_seed(3);
        using var network = new FcosNetwork(ModelFactory.CreateBackbone(Backbone, Input), Input, classes: 2, levels: 3, width: 16, towerDepth: 1);
        using var points = network.Layout.Points();
        var objects = new[] { new ObjectAnnotation(BoundingBox.FromCorners(10, 12, 30, 34), 0), new ObjectAnnotation(BoundingBox.FromCorners(36, 30, 60, 58), 1) };
        var targets = FcosTargets.Stack([FcosTargets.For(points, objects, classes: 2)]);
        using var image = rand(1, 3, 64, 64);
        using var optimizer = optim.Adam(network.parameters(), lr: 0.003);
        var losses = new List<double>();

        for (int step = 0; step < 40; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var (total, _, _, _) = FcosLoss.Compute(network.forward(image), points, targets);
            total.backward();
            optimizer.step();
            losses.Add(total.item<float>());
        }

        Assert.All(losses, l => Assert.True(double.IsFinite(l)));
        Assert.True(losses[^1] < 0.5 * losses[0], $"loss went from {losses[0]:0.###} to {losses[^1]:0.###}");
    }

    /// <summary>A network output that says exactly what the targets say: sure logits, true distances, sure centre-ness.</summary>
    private static Tensor Perfect(Tensor points, FcosTargets targets)
    {
        var logits = (targets.Classes * 2 - 1) * 12;
        var (x, y) = (points[.., 0], points[.., 1]);
        var boxes = targets.Boxes;
        var distances = stack([x - boxes[.., 0], y - boxes[.., 1], boxes[.., 2] - x, boxes[.., 3] - y], 1).clamp_min(0);
        var centerness = (targets.Positive.to_type(ScalarType.Float32) * 2 - 1) * 12;
        return cat([logits, distances, centerness.unsqueeze(1)], 1);
    }

    private static int Index(Tensor points, float x, float y)
    {
        var xs = points[.., 0].data<float>().ToArray();
        var ys = points[.., 1].data<float>().ToArray();
        return Enumerable.Range(0, xs.Length).Single(i => xs[i] == x && ys[i] == y);
    }
}
