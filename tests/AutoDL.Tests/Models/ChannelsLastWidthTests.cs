using AutoDL.Models;
using AutoDL.Tasks.SemanticSegmentation.Models;

namespace AutoDL.Tests.Models;

/// <summary>
/// Which networks train channels-last: a rule, because libtorch's AVX-512 kernels abort the process in the backward pass of
/// 8-channel stages on maps of 48 pixels and more (ModelConfig.ChannelsLastMinWidth), and the crash cannot be a test.
/// </summary>
public sealed class ChannelsLastWidthTests
{
    [Fact]
    public void Networks_whose_first_stage_is_narrower_than_16_channels_train_in_the_standard_layout()
    {
        Assert.False(new ResNetConfig(BaseWidth: 8).TrainsFasterChannelsLast);
        Assert.False(new PlainCnnConfig(BaseWidth: 8).TrainsFasterChannelsLast);
        Assert.False(new SegmenterConfig(new ResNetConfig(BaseWidth: 8), new SegmentationHead()).TrainsFasterChannelsLast);
        Assert.True(new ResNetConfig(BaseWidth: 16).TrainsFasterChannelsLast);
        Assert.True(new PlainCnnConfig(BaseWidth: 32).TrainsFasterChannelsLast);
        Assert.False(new MobileNetV2Config().TrainsFasterChannelsLast);
    }
}
