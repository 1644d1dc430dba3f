namespace AutoDL.Data.Augmentation;

/// <summary>
/// How training images are augmented. Crop and flip run while images are still uint8 (they cost no more than the
/// copy into the batch); the policy, erasing and mixing run as tensor operations on the whole batch
/// (<see cref="BatchAugmenter"/>), and only when switched on.
/// </summary>
/// <param name="PadCrop">Pixels of padding for the random crop; 0 disables it. 2–4 px is the classic recipe for 28–32 px images.</param>
/// <param name="HorizontalFlip">Mirror half the images. Wrong for text, digits and other chiral data, so fit searches it only where mirrored images keep their labels (the task judges it from the training images), and its default recipe never flips.</param>
public sealed record AugmentationConfig(int PadCrop = 2, bool HorizontalFlip = false)
{
    /// <summary>No augmentation.</summary>
    public static AugmentationConfig None { get; } = new(0, false);

    /// <summary>
    /// The strongest distortion of the TrivialAugment-style policy, in [0, 1]; 0 switches it off. Each image gets one
    /// operation drawn uniformly (<see cref="TrivialAugmentPolicy"/>) at a strength drawn uniformly up to this.
    /// </summary>
    public double Magnitude { get; init; }

    /// <summary>Chance that an image gets a random rectangle replaced by noise (random erasing, Zhong et al. 2020); 0 switches it off.</summary>
    public double ErasingProbability { get; init; }

    /// <summary>Mixing of image pairs (mixup or CutMix); their targets mix in the same proportion.</summary>
    public MixKind Mix { get; init; }

    /// <summary>Whether anything beyond the uint8 crop and flip is asked for, so the batch must go through <see cref="BatchAugmenter"/>.</summary>
    public bool NeedsTensorOperations => Magnitude > 0 || ErasingProbability > 0 || Mix != MixKind.None;

    /// <summary>A short description for a leaderboard column.</summary>
    public string Describe() => FormattableString.Invariant(
        $"crop={PadCrop} flip={HorizontalFlip}{(Magnitude > 0 ? $" trivialaugment={Magnitude:0.##}" : "")}{(ErasingProbability > 0 ? $" erasing={ErasingProbability:0.##}" : "")}{(Mix != MixKind.None ? $" mix={Mix}" : "")}");
}
