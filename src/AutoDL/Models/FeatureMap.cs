namespace AutoDL.Models;

/// <summary>The shape of the feature map a backbone hands its head: channels and spatial size, for one image.</summary>
internal readonly record struct FeatureMap(int Channels, int Height, int Width);
