namespace AutoDL.Tasks.SemanticSegmentation.Models;

/// <summary>How a segmentation network turns its backbone's stage maps into a class score per pixel.</summary>
internal enum SegmentationDecoder
{
    /// <summary>U-Net-style (<see cref="UNetNetwork"/>): climbs every chosen tap, joining and refining at each; the most detail, the most cost.</summary>
    UNet,

    /// <summary>DeepLabv3+-style (<see cref="AsppNetwork"/>): an atrous pyramid with image pooling on the deepest map, fused once with a fine map.</summary>
    Aspp,

    /// <summary>LR-ASPP (<see cref="LrAsppNetwork"/>, MobileNetV3's): the deepest map gated by its global context, plus a linear read of a fine map; the cheapest.</summary>
    LrAspp,
}
