using AutoDL.Tasks.ObjectDetection.Data;
using AutoDL.Tasks.ObjectDetection.Evaluation;
using AutoDL.Tasks.ObjectDetection.Inference;

namespace AutoDL.Tests.Tasks.ObjectDetection.Evaluation;

/// <summary>
/// COCO's box metrics on cases small enough to work out by hand; each expected figure's arithmetic is written above it.
/// Notation: precision after a detection is tp/(tp + fp + ε) with ε = 2⁻⁵² as pycocotools computes it, so 1/(1 + ε)
/// is written 1⁻ (0.9999999999999998) and is within 1e-12 of 1; the 101 recall points are 0, 0.01, ..., 1.
/// </summary>
public sealed class CocoEvaluatorTests
{
    private const int Digits = 12;
    private static readonly string[] OneClass = ["thing"];

    [Fact]
    public void Given_every_object_found_exactly_when_evaluated_then_every_figure_is_1()
    {
        // Two classes, two objects each over two images, each found by a box equal to it: IoU 1 at every threshold.
        // Per class the ranked detections are TP, TP: precision 1⁻ then 2/(2 + ε) = 1 (2 + 2⁻⁵² rounds to 2), and the
        // envelope from the right lifts the first to 1; recall 1/2 then 1, so all 101 points read precision 1: AP = 1.
        EvaluatedImage[] images =
        [
            new([new(new(10, 10, 50, 40), 0), new(new(100, 100, 20, 20), 1)], [new(new(10, 10, 50, 40), 0, 0.9), new(new(100, 100, 20, 20), 1, 0.8)]),
            new([new(new(0, 0, 120, 110), 0), new(new(5, 50, 30, 30), 1)], [new(new(0, 0, 120, 110), 0, 0.7), new(new(5, 50, 30, 30), 1, 0.6)]),
        ];

        var report = CocoEvaluator.Evaluate(images, ["cat", "dog"]);

        Assert.Equal(1.0, report.Map);
        Assert.Equal(1.0, report.Map50);
        Assert.Equal(1.0, report.Map75);
        Assert.Equal(1.0, report.Mar100);
        Assert.Equal(1.0, report.PerClass[0].AveragePrecision);
        Assert.Equal(1.0, report.PerClass[1].AveragePrecision);
        // Both dogs are small (20·20 = 400 and 30·30 = 900, at most 32²) and found: AP_small(dog) = 1 as above; the
        // cats (50·40 = 2000 medium, 120·110 = 13 200 large) have no small object and are left out of that mean.
        Assert.Equal(1.0, report.MapSmall);
        Assert.Equal(2, report.PerClass[0].GroundTruths);
        Assert.Equal(2, report.PerClass[1].Detections);
    }

    [Fact]
    public void Given_one_object_found_exactly_then_its_AP_is_a_hair_under_1_as_pycocotools_has_it()
    {
        // One TP: precision 1/(1 + 2⁻⁵²) = 1 − 2⁻⁵² at all 101 points, so AP = 1 − 2⁻⁵², not 1.
        var report = CocoEvaluator.Evaluate([new([new(new(0, 0, 10, 10), 0)], [new(new(0, 0, 10, 10), 0, 0.5)])], OneClass);

        Assert.Equal(1 - Math.Pow(2, -52), report.Map!.Value, 15);
        Assert.True(report.Map < 1);
    }

    [Fact]
    public void Given_no_detections_when_evaluated_then_AP_and_AR_are_0()
    {
        // One object, nothing found: no rank reaches any recall point, so all 101 points read 0; recall is 0.
        var report = CocoEvaluator.Evaluate([new([new(new(0, 0, 50, 50), 0)], [])], OneClass);

        Assert.Equal(0.0, report.Map);
        Assert.Equal(0.0, report.Map50);
        Assert.Equal(0.0, report.Mar100);
        Assert.Equal(0.0, report.PerClass[0].AveragePrecision);
        Assert.Equal(0, report.PerClass[0].Detections);
    }

    [Fact]
    public void Given_a_class_without_objects_when_evaluated_then_it_is_left_out_of_the_mean()
    {
        // "cat": two objects found exactly (AP 1, as in the first test). "dog": no object, one detection, which
        // would give AP 0 and mAP (1 + 0)/2 = 0.5 were it counted; pycocotools marks it -1 and averages over cat alone.
        EvaluatedImage[] images =
        [
            new([new(new(0, 0, 40, 40), 0), new(new(60, 60, 40, 40), 0)], [new(new(0, 0, 40, 40), 0, 0.9), new(new(60, 60, 40, 40), 0, 0.8), new(new(200, 0, 30, 30), 1, 0.95)]),
        ];

        var report = CocoEvaluator.Evaluate(images, ["cat", "dog"]);

        Assert.Equal(1.0, report.Map);
        Assert.Equal(1.0, report.Mar100);
        Assert.Null(report.PerClass[1].AveragePrecision);
        Assert.Null(report.PerClass[1].AveragePrecision50);
        Assert.Equal(0, report.PerClass[1].GroundTruths);
        Assert.Equal(1, report.PerClass[1].Detections);
    }

    [Fact]
    public void Given_no_object_of_any_class_when_evaluated_then_every_figure_is_undefined_and_left_out_of_the_scores()
    {
        // Nothing to average over: pycocotools prints -1 for each figure; AutoDL reports null and no score.
        var report = CocoEvaluator.Evaluate([new([], [new(new(0, 0, 10, 10), 0, 0.9)]), new([], [])], ["cat", "dog"]);

        Assert.Null(report.Map);
        Assert.Null(report.Map50);
        Assert.Null(report.Mar1);
        Assert.Null(report.MarLarge);
        Assert.All(report.PerClass, c => Assert.Null(c.AveragePrecision));
        Assert.Empty(report.Scores());
        Assert.Equal(2, report.Count);
    }

    [Fact]
    public void Given_only_ignored_objects_then_the_class_has_no_AP()
    {
        // A crowd region is not an object to find: the class has no ground truth that counts.
        var crowd = new ObjectAnnotation(new(0, 0, 100, 100), 0) { Ignored = true };

        var report = CocoEvaluator.Evaluate([new([crowd], [new(new(0, 0, 100, 100), 0, 0.9)])], OneClass);

        Assert.Null(report.Map);
        Assert.Equal(0, report.PerClass[0].GroundTruths);
    }

    [Fact]
    public void Given_tied_scores_in_one_image_then_the_detection_given_first_ranks_first()
    {
        // One object; a miss and a hit, both scored 0.9.
        // Miss given first: ranks FP, TP; tp 0, 1; fp 1, 1; recall 0, 1; precision 0, 1/(2 + ε) = 0.5; envelope
        // 0.5, 0.5; every recall point reads 0.5: AP = 0.5.
        // Hit given first: ranks TP, FP; recall 1, 1; precision 1⁻, 0.5; envelope 1⁻, 0.5; every point reads
        // rank 0: AP = 1⁻.
        var truth = new ObjectAnnotation[] { new(new(0, 0, 20, 20), 0) };
        var miss = new Detection(new(100, 100, 20, 20), 0, 0.9);
        var hit = new Detection(new(0, 0, 20, 20), 0, 0.9);

        var missFirst = CocoEvaluator.Evaluate([new(truth, [miss, hit])], OneClass);
        var hitFirst = CocoEvaluator.Evaluate([new(truth, [hit, miss])], OneClass);

        Assert.Equal(0.5, missFirst.Map!.Value, Digits);
        Assert.Equal(1.0, hitFirst.Map!.Value, Digits);
    }

    [Fact]
    public void Given_two_tied_detections_on_one_object_then_the_one_given_first_is_the_true_positive()
    {
        // Two objects. Detections in the order given: a loose box on object A (IoU exactly 0.5, below), then an exact
        // one, both 0.9; tied, so the loose one ranks first and takes A at 0.50, where the exact one finds A taken and
        // is a FP; from 0.55 the loose one matches nothing and the exact one is the TP. B is found exactly at 0.8.
        // Loose box [10, 0, 30, 10] on A = [0, 0, 30, 10]: intersection 20·10 = 200, union 300 + 300 − 200 = 400.
        // At 0.50: ranks TP(loose), FP(exact: A taken), TP(B); tp 1, 1, 2; fp 0, 1, 1; recall ½, ½, 1;
        //   precision 1⁻, ½, ⅔; envelope 1⁻, ⅔, ⅔; points 0..0.50 (51) read 1⁻, 0.51..1 (50) read ⅔:
        //   AP50 = (51 + 50·⅔)/101 = 253/303.
        // At 0.55 to 0.95: ranks FP(loose), TP(exact), TP(B); tp 0, 1, 2; fp 1, 1, 1; recall 0, ½, 1;
        //   precision 0, ½, ⅔; envelope ⅔, ⅔, ⅔: AP = ⅔.
        // Given the other way round the exact box would be TP at every threshold and the figures would be 1.
        EvaluatedImage[] images =
        [
            new([new(new(0, 0, 30, 10), 0), new(new(100, 0, 30, 30), 0)], [new(new(10, 0, 30, 10), 0, 0.9), new(new(0, 0, 30, 10), 0, 0.9), new(new(100, 0, 30, 30), 0, 0.8)]),
        ];

        var report = CocoEvaluator.Evaluate(images, OneClass);

        Assert.Equal(253.0 / 303, report.Map50!.Value, Digits);
        Assert.Equal(2.0 / 3, report.Map75!.Value, Digits);
        Assert.Equal(((253.0 / 303) + (9 * 2.0 / 3)) / 10, report.Map!.Value, Digits);
    }

    [Fact]
    public void Given_tied_scores_across_images_then_the_earlier_image_ranks_first()
    {
        // Image 1 holds a miss at 0.9, image 2 the object and its hit at 0.9. Pooled and stably sorted: the miss
        // first, so AP = 0.5 (as in the one-image tie above); with the images the other way round, AP = 1⁻.
        EvaluatedImage missImage = new([], [new(new(0, 0, 20, 20), 0, 0.9)]);
        EvaluatedImage hitImage = new([new(new(0, 0, 20, 20), 0)], [new(new(0, 0, 20, 20), 0, 0.9)]);

        Assert.Equal(0.5, CocoEvaluator.Evaluate([missImage, hitImage], OneClass).Map!.Value, Digits);
        Assert.Equal(1.0, CocoEvaluator.Evaluate([hitImage, missImage], OneClass).Map!.Value, Digits);
    }

    [Fact]
    public void Given_detections_on_a_crowd_region_then_they_are_neither_true_nor_false_positives()
    {
        // Object A = [300, 300, 40, 40] and a crowd region [0, 0, 200, 200]. Detections: two small boxes inside the
        // crowd (0.9, 0.85), then an exact box on A (0.8).
        // Against a crowd the union is the detection's own area, so a box inside it has IoU 1 (a plain IoU would be
        // 400/40000 = 0.01 and they would be FPs); any number of detections may match a crowd, and each is ignored.
        // Ranks: ignored, ignored, TP; tp 0, 0, 1; fp 0, 0, 0; recall 0, 0, 1 (the crowd is not counted: 1 object);
        // precision 0/(0 + ε) = 0, 0, 1⁻; envelope 1⁻, 1⁻, 1⁻: AP = 1⁻ at every threshold.
        // Were they FPs: precision 0, 0, ⅓ → AP ⅓; were the crowd an object, recall would stop at ½.
        var crowd = new ObjectAnnotation(new(0, 0, 200, 200), 0) { Ignored = true };
        EvaluatedImage[] images =
        [
            new([crowd, new(new(300, 300, 40, 40), 0)], [new(new(10, 10, 20, 20), 0, 0.9), new(new(100, 100, 20, 20), 0, 0.85), new(new(300, 300, 40, 40), 0, 0.8)]),
        ];

        var report = CocoEvaluator.Evaluate(images, OneClass);

        Assert.Equal(1.0, report.Map!.Value, Digits);
        Assert.Equal(1.0, report.Mar100!.Value, Digits);
        Assert.Equal(1, report.PerClass[0].GroundTruths);
    }

    [Fact]
    public void Given_a_detection_overlapping_a_crowd_by_half_then_it_is_ignored_only_where_half_is_enough()
    {
        // No object but the crowd [0, 0, 100, 100] and one object elsewhere found exactly at 0.5. A 0.9 detection
        // [80, 0, 40, 10] lies half inside the crowd: intersection 20·10 = 200 over its own area 400 = 0.5.
        // At 0.50 it matches the crowd and is ignored: AP = 1⁻. From 0.55 it matches nothing and is a FP ranked
        // first: precision 0, ½; envelope ½, ½; recall 0, 1: AP = ½. mAP = (1 + 9·½)/10 = 0.55.
        var crowd = new ObjectAnnotation(new(0, 0, 100, 100), 0) { Ignored = true };
        EvaluatedImage[] images = [new([crowd, new(new(300, 300, 40, 40), 0)], [new(new(80, 0, 40, 10), 0, 0.9), new(new(300, 300, 40, 40), 0, 0.5)])];

        var report = CocoEvaluator.Evaluate(images, OneClass);

        Assert.Equal(1.0, report.Map50!.Value, Digits);
        Assert.Equal(0.5, report.Map75!.Value, Digits);
        Assert.Equal(0.55, report.Map!.Value, Digits);
    }

    [Fact]
    public void Given_a_detection_overlapping_two_objects_equally_then_the_later_object_takes_it_as_in_pycocotools()
    {
        // Objects A = [0, 0, 20, 10] and B = [10, 0, 20, 10]; detection D1 = [5, 0, 20, 10] at 0.9 overlaps each by
        // 15·10 = 150 over 200 + 200 − 150 = 250: 0.6 exactly. pycocotools only skips an object when iou < best so
        // far, so of equal overlaps the later object, B, takes D1. D2 = A exactly at 0.8 then finds A free.
        // At 0.50, 0.55, 0.60: TP, TP; precision 1⁻, 1; envelope 1: AP 1. (Were A to take D1, D2 would overlap only
        //   B, by 100/300 = ⅓, and be a FP: AP 51/101.)
        // At 0.65 to 0.95: D1 matches nothing: FP, TP; recall 0, ½; precision 0, ½; envelope ½, ½; points 0..0.50
        //   (51) read ½, the rest 0: AP = 25.5/101.
        // mAP = (3·1 + 7·25.5/101)/10.
        EvaluatedImage[] images =
        [
            new([new(new(0, 0, 20, 10), 0), new(new(10, 0, 20, 10), 0)], [new(new(5, 0, 20, 10), 0, 0.9), new(new(0, 0, 20, 10), 0, 0.8)]),
        ];

        var report = CocoEvaluator.Evaluate(images, OneClass);

        Assert.Equal(1.0, report.Map50!.Value, Digits);
        Assert.Equal(25.5 / 101, report.Map75!.Value, Digits);
        Assert.Equal((3 + (7 * 25.5 / 101)) / 10, report.Map!.Value, Digits);
    }

    [Fact]
    public void Given_a_detection_on_an_object_inside_a_crowd_then_the_object_takes_it_where_the_overlap_allows()
    {
        // Crowd region [0, 0, 100, 100] given first, object A = [0, 0, 20, 10] inside it; detection D = [5, 0, 20, 10]
        // at 0.9 overlaps A by 150/250 = 0.6 and lies wholly in the crowd (crowd IoU 200/200 = 1).
        // At 0.50, 0.55, 0.60: objects that count are tried first, and once D holds A no ignored one may take it,
        //   though the crowd overlaps more: TP, AP 1⁻.
        // At 0.65 to 0.95: A is out of reach, D falls to the crowd and is ignored; A is missed: AP 0.
        // mAP = 3·1⁻/10 = 0.3. (Were the crowd tried in the order given, or allowed to take D from A, AP would be 0 throughout.)
        var crowd = new ObjectAnnotation(new(0, 0, 100, 100), 0) { Ignored = true };
        EvaluatedImage[] images = [new([crowd, new(new(0, 0, 20, 10), 0)], [new(new(5, 0, 20, 10), 0, 0.9)])];

        var report = CocoEvaluator.Evaluate(images, OneClass);

        Assert.Equal(1.0, report.Map50!.Value, Digits);
        Assert.Equal(0.0, report.Map75);
        Assert.Equal(0.3, report.Map!.Value, Digits);
    }

    [Fact]
    public void Given_an_IoU_of_exactly_one_half_then_it_matches_at_0_50_and_no_higher()
    {
        // Object [0, 0, 30, 10], detection [10, 0, 30, 10]: intersection (30 − 10)·10 = 200, union 300 + 300 − 200
        // = 400, IoU 0.5 exactly. pycocotools rejects a pair only when iou < threshold, so it is a TP at 0.50:
        // AP50 = 1⁻; at 0.55 to 0.95 a FP: AP 0. mAP = (1⁻ + 9·0)/10 = 0.1.
        var report = CocoEvaluator.Evaluate([new([new(new(0, 0, 30, 10), 0)], [new(new(10, 0, 30, 10), 0, 0.9)])], OneClass);

        Assert.Equal(1.0, report.Map50!.Value, Digits);
        Assert.Equal(0.0, report.Map75);
        Assert.Equal(0.1, report.Map!.Value, Digits);
    }

    [Fact]
    public void Given_an_IoU_of_exactly_three_quarters_then_it_matches_at_0_75()
    {
        // Object [0, 0, 70, 10], detection [10, 0, 70, 10]: intersection 60·10 = 600, union 700 + 700 − 600 = 800,
        // IoU 0.75 exactly, and numpy's linspace gives the sixth threshold as exactly 0.75. TP at 0.50, 0.55, 0.60,
        // 0.65, 0.70, 0.75 (6 of 10): mAP = 6·1⁻/10 = 0.6; AP75 = 1⁻.
        var report = CocoEvaluator.Evaluate([new([new(new(0, 0, 70, 10), 0)], [new(new(10, 0, 70, 10), 0, 0.9)])], OneClass);

        Assert.Equal(1.0, report.Map75!.Value, Digits);
        Assert.Equal(0.6, report.Map!.Value, Digits);
    }

    [Fact]
    public void Given_an_IoU_of_exactly_0_85_then_the_thresholds_are_numpys_and_it_matches_at_0_85()
    {
        // Object [0, 0, 20, 10], detection [0, 0, 17, 10] inside it: 170/200 = 0.85 exactly (the double nearest
        // 0.85). numpy's eighth threshold is 0.85 too, so it is a TP at 0.50 to 0.85 (8 of 10): mAP = 0.8. Thresholds
        // written 0.5 + 0.05·i would put 0.8500000000000001 there and give 0.7.
        var report = CocoEvaluator.Evaluate([new([new(new(0, 0, 20, 10), 0)], [new(new(0, 0, 17, 10), 0, 0.9)])], OneClass);

        Assert.Equal(0.8, report.Map!.Value, Digits);
    }

    [Fact]
    public void Given_a_small_and_a_large_object_then_each_size_is_scored_on_its_own_objects()
    {
        // Small object S = [0, 0, 10, 10] (area 100 ≤ 32²), missed; large object L = [100, 100, 100, 100]
        // (10 000 ≥ 96²) found exactly at 0.9; a small miss M = [300, 0, 10, 10] at 0.8 overlaps nothing.
        // all:    ranks TP(L), FP(M); 2 objects; recall ½, ½; precision 1⁻, ½; envelope 1⁻, ½; points 0..0.50 (51)
        //         read 1⁻, the rest are past the last recall and read 0: AP = 51/101.
        // small:  L does not count (outside the range) and the detection matched to it is ignored; M is a FP:
        //         tp 0, 0 → AP 0; recall 0.
        // large:  S does not count; M matched nothing and its own area 100 is outside the range, so it is ignored:
        //         ranks TP, ignored; precision 1⁻, 1⁻: AP 1⁻; recall 1.
        // medium: no object in range: undefined (null).
        EvaluatedImage[] images =
        [
            new([new(new(0, 0, 10, 10), 0), new(new(100, 100, 100, 100), 0)], [new(new(100, 100, 100, 100), 0, 0.9), new(new(300, 0, 10, 10), 0, 0.8)]),
        ];

        var report = CocoEvaluator.Evaluate(images, OneClass);

        Assert.Equal(51.0 / 101, report.Map!.Value, Digits);
        Assert.Equal(0.0, report.MapSmall);
        Assert.Equal(1.0, report.MapLarge!.Value, Digits);
        Assert.Null(report.MapMedium);
        Assert.Equal(0.0, report.MarSmall);
        Assert.Equal(1.0, report.MarLarge!.Value, Digits);
        Assert.Null(report.MarMedium);
        Assert.Equal(0.5, report.Mar100!.Value, Digits);
    }

    [Fact]
    public void Given_an_object_of_exactly_32_squared_pixels_then_it_is_both_small_and_medium()
    {
        // COCO's ranges include both ends: area 1024 is inside [0, 32²] and [32², 96²]. Found exactly: AP 1⁻ in both.
        var report = CocoEvaluator.Evaluate([new([new(new(0, 0, 32, 32), 0)], [new(new(0, 0, 32, 32), 0, 0.9)])], OneClass);

        Assert.Equal(1.0, report.MapSmall!.Value, Digits);
        Assert.Equal(1.0, report.MapMedium!.Value, Digits);
        Assert.Null(report.MapLarge);
    }

    [Fact]
    public void Given_an_annotated_area_then_the_object_size_is_judged_by_it_and_not_by_its_box()
    {
        // The box is 40×40 = 1600 (medium), but the annotation's area (a segmentation's, say) is 500: small.
        var annotated = new ObjectAnnotation(new(0, 0, 40, 40), 0) { Area = 500 };

        var report = CocoEvaluator.Evaluate([new([annotated], [new(new(0, 0, 40, 40), 0, 0.9)])], OneClass);

        Assert.Equal(1.0, report.MapSmall!.Value, Digits);
        Assert.Null(report.MapMedium);
    }

    [Fact]
    public void Given_more_than_100_detections_in_an_image_then_only_the_best_100_count()
    {
        // Two objects. Detections: a hit on A at 0.95, 99 misses at 0.9, a hit on B at 0.5: 101 in the image, and the
        // hit on B is the 101st, so it is dropped.
        // Kept: ranks TP, then 99 FPs; recall ½ throughout; precision 1⁻, ½, ⅓, ...; envelope 1⁻ at rank 0;
        // points 0..0.50 (51) read 1⁻, the rest 0: AP = 51/101 = 0.50495...
        // Had the 101st counted: recall 1 at precision 2/101, AP = (51 + 50·2/101)/101 = 0.5147...
        var truth = new ObjectAnnotation[] { new(new(0, 0, 20, 20), 0), new(new(500, 500, 20, 20), 0) };
        var detections = new List<Detection> { new(new(0, 0, 20, 20), 0, 0.95) };
        detections.AddRange(Enumerable.Range(0, 99).Select(i => new Detection(new(100 + (i * 3), 100, 2, 2), 0, 0.9)));
        detections.Add(new(new(500, 500, 20, 20), 0, 0.5));

        var report = CocoEvaluator.Evaluate([new(truth, detections)], OneClass);

        Assert.Equal(51.0 / 101, report.Map!.Value, Digits);
        Assert.Equal(0.5, report.Mar100!.Value, Digits);
        Assert.Equal(101, report.PerClass[0].Detections);
    }

    [Fact]
    public void Given_interleaved_hits_and_misses_then_AP_is_the_101_point_interpolated_precision()
    {
        // Three objects over two images; detections, pooled by score: TP 0.9, FP 0.8, TP 0.7, FP 0.6.
        // tp 1, 1, 2, 2; fp 0, 1, 1, 2; recall ⅓, ⅓, ⅔, ⅔; precision 1⁻, ½, ⅔, ½; envelope 1⁻, ⅔, ⅔, ½.
        // Points 0..0.33 (34) first reach recall at rank 0: 1⁻; points 0.34..0.66 (33) at rank 2: ⅔; points
        // 0.67..1 (34) are past the last recall (⅔): 0. AP = (34 + 33·⅔ + 0)/101 = 56/101 at every threshold.
        // Recall ⅔ at every threshold: AR = ⅔.
        EvaluatedImage[] images =
        [
            new([new(new(0, 0, 40, 40), 0), new(new(100, 0, 40, 40), 0)], [new(new(0, 0, 40, 40), 0, 0.9), new(new(300, 300, 40, 40), 0, 0.6)]),
            new([new(new(0, 0, 50, 50), 0)], [new(new(200, 200, 50, 50), 0, 0.8), new(new(0, 0, 50, 50), 0, 0.7)]),
        ];

        var report = CocoEvaluator.Evaluate(images, OneClass);

        Assert.Equal(56.0 / 101, report.Map!.Value, Digits);
        Assert.Equal(56.0 / 101, report.PerClass[0].AveragePrecision!.Value, Digits);
        Assert.Equal(2.0 / 3, report.Mar100!.Value, Digits);
        Assert.Equal(3, report.PerClass[0].GroundTruths);
    }

    [Fact]
    public void Given_two_objects_and_hits_misses_and_hits_then_AP_is_253_over_303()
    {
        // Two objects; TP 0.9, FP 0.8, TP 0.7: recall ½, ½, 1; precision 1⁻, ½, ⅔; envelope 1⁻, ⅔, ⅔.
        // Points 0..0.50 (51; 50·0.01 is exactly 0.5, reached at rank 0) read 1⁻, 0.51..1 (50) read ⅔:
        // AP = (51 + 50·⅔)/101 = (153 + 100)/303 = 253/303.
        EvaluatedImage[] images =
        [
            new([new(new(0, 0, 40, 40), 0), new(new(100, 0, 40, 40), 0)], [new(new(0, 0, 40, 40), 0, 0.9), new(new(300, 300, 40, 40), 0, 0.8), new(new(100, 0, 40, 40), 0, 0.7)]),
        ];

        Assert.Equal(253.0 / 303, CocoEvaluator.Evaluate(images, OneClass).Map!.Value, Digits);
    }

    [Fact]
    public void Given_one_detection_per_image_then_average_recall_at_1_counts_only_the_best()
    {
        // Two objects in one image, both found (0.9, 0.8). AR@1 keeps the 0.9 one: recall ½; AR@10 and AR@100: 1.
        EvaluatedImage[] images =
        [
            new([new(new(0, 0, 40, 40), 0), new(new(100, 0, 40, 40), 0)], [new(new(0, 0, 40, 40), 0, 0.9), new(new(100, 0, 40, 40), 0, 0.8)]),
        ];

        var report = CocoEvaluator.Evaluate(images, OneClass);

        Assert.Equal(0.5, report.Mar1!.Value, Digits);
        Assert.Equal(1.0, report.Mar10!.Value, Digits);
        Assert.Equal(1.0, report.Mar100!.Value, Digits);
    }

    [Fact]
    public void Given_an_object_overlapped_by_a_detection_of_another_class_then_it_is_not_found()
    {
        // Classes are matched apart: a "dog" box on the cat is a FP for dog (no dog object: dog left out) and the cat
        // is missed: AP(cat) = 0.
        var report = CocoEvaluator.Evaluate([new([new(new(0, 0, 40, 40), 0)], [new(new(0, 0, 40, 40), 1, 0.9)])], ["cat", "dog"]);

        Assert.Equal(0.0, report.PerClass[0].AveragePrecision);
        Assert.Equal(0.0, report.Map);
    }

    [Theory]
    [InlineData(2, 0.9)]
    [InlineData(0, double.NaN)]
    [InlineData(-1, 0.9)]
    public void Given_a_label_outside_the_classes_or_a_score_that_is_not_a_number_then_evaluation_refuses_it(int label, double score)
    {
        var ex = Assert.Throws<ArgumentException>(() => CocoEvaluator.Evaluate([new([new(new(0, 0, 4, 4), 0)], [new(new(0, 0, 4, 4), label, score)])], ["cat", "dog"]));

        Assert.Contains("Image 0", ex.Message, StringComparison.Ordinal);
    }
}
