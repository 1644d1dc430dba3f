using AutoDL.Data;
using AutoDL.Tasks.ObjectDetection.Models;
using AutoDL.Tasks.SemanticSegmentation.Models;
using static TorchSharp.torch;

namespace AutoDL.Models;

/// <summary>
/// What a model family can do for one configuration: build the classifier and the backbone, and count their costs
/// from the same plan. The one place a configuration's type is matched to its family.
/// </summary>
internal sealed record NetworkFamily(
    Func<ImageShape, int, nn.Module<Tensor, Tensor>> Create,
    Func<ImageShape, int, NetworkCost> Cost,
    Func<ImageShape, Backbone> CreateBackbone,
    Func<ImageShape, BackboneCost> BackboneCost)
{
    /// <summary>The family of <paramref name="config"/>, bound to it.</summary>
    public static NetworkFamily For(ModelConfig config) => config switch
    {
        PlainCnnConfig plain => new((input, classes) => PlainCnn.Create(plain, input, classes), (input, classes) => PlainCnn.Cost(plain, input, classes), input => PlainCnn.CreateBackbone(plain, input), input => PlainCnn.BackboneCost(plain, input)),
        ResNetConfig resNet => new((input, classes) => ResNet.Create(resNet, input, classes), (input, classes) => ResNet.Cost(resNet, input, classes), input => ResNet.CreateBackbone(resNet, input), input => ResNet.BackboneCost(resNet, input)),
        MobileNetV2Config mobileNet => new((input, classes) => MobileNetV2.Create(mobileNet, input, classes), (input, classes) => MobileNetV2.Cost(mobileNet, input, classes), input => MobileNetV2.CreateBackbone(mobileNet, input), input => MobileNetV2.BackboneCost(mobileNet, input)),
        DetectorConfig detector => new((input, classes) => FcosNetwork.Create(detector, input, classes), (input, classes) => FcosCost.Of(detector.Backbone, input, classes, detector.Head), _ => throw NotABackbone(detector), _ => throw NotABackbone(detector)),
        SegmenterConfig segmenter => new((input, classes) => SegmentationNetwork.Create(segmenter, input, classes), (input, classes) => SegmenterCost.Of(segmenter, input, classes), _ => throw NotABackbone(segmenter), _ => throw NotABackbone(segmenter)),
        _ => throw new NotSupportedException($"No network is registered for the model family '{config.Family}'."),
    };

    private static NotSupportedException NotABackbone(ModelConfig whole) => new($"A {whole.Family} network ({whole.Describe()}) is a whole network, not a backbone another head can stand on.");
}
