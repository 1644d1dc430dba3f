namespace AutoDL.Data.Augmentation;

/// <summary>How pairs of training images are mixed.</summary>
public enum MixKind
{
    /// <summary>No mixing.</summary>
    None,

    /// <summary>Blend two images and their targets with a weight from Beta(0.2, 0.2) (Zhang et al., 2018).</summary>
    Mixup,

    /// <summary>Paste a rectangle of one image into another, targets mixed by its area, Beta(1, 1) (Yun et al., 2019).</summary>
    CutMix,
}
