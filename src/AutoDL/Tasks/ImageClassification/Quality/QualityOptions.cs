using AutoDL.Data.Quality;

namespace AutoDL.Tasks.ImageClassification.Quality;

/// <summary>What <see cref="QualityAnalyzer"/> checks and how strictly.</summary>
public sealed record QualityOptions
{
    /// <summary>
    /// Largest Hamming distance between 64-bit difference hashes for two images to be compared as near
    /// duplicates. 3 of 64 bits: a re-encoded or slightly resized copy moves a few bits. The hash is only a
    /// filter; <see cref="NearDuplicateSimilarity"/> decides.
    /// </summary>
    public int NearDuplicateDistance { get; init; } = DuplicateFinder.DefaultMaxDistance;

    /// <summary>
    /// Smallest pixel correlation (of 16×16 grey thumbnails, then of the full images) at which two images with
    /// close hashes count as near duplicates. 0.99: on Fashion-MNIST, 0.97 paired 38,000 images of distinct
    /// garments photographed alike, 0.99 pairs 365 and 0.999 still 34 (bench/results/data-quality-near-duplicates.md);
    /// a copy saved again or slightly brightened keeps a correlation above 0.99.
    /// </summary>
    public double NearDuplicateSimilarity { get; init; } = DuplicateFinder.DefaultMinSimilarity;

    /// <summary>A class with fewer training images than this is flagged as too small to learn. 10 is the fewest a 3-fold split can still put in every fold more than three times.</summary>
    public int MinClassSize { get; init; } = 10;

    /// <summary>
    /// Largest over smallest class at which the data counts as imbalanced, and fit switches to balanced accuracy and
    /// searches class weighting. At 4:1 among ten classes a model that ignores the smallest class loses under 3 points
    /// of accuracy, too little for accuracy to notice; Fashion-MNIST with one class cut to a tenth and 5 % of labels
    /// flipped measures 6.9:1 (bench/results/data-quality.md), which a threshold of 10:1 would miss.
    /// </summary>
    public double ImbalanceRatio { get; init; } = 4;

    /// <summary>Train the quick cross-validated model that finds label suspects and outliers. It is the slow part (minutes on large sets).</summary>
    public bool FindLabelErrors { get; init; } = true;

    /// <summary>Folds of the cross-validated model: each image is predicted by a model that never saw it.</summary>
    public int Folds { get; init; } = 3;

    /// <summary>Epochs each fold's model trains; null chooses from the data size so the whole analysis stays within minutes on a CPU.</summary>
    public int? Epochs { get; init; }

    /// <summary>
    /// Wall time the cross-validated model may take; its epochs are cut to fit (measured on this machine first),
    /// and the check is skipped, saying why, when not even one epoch per fold fits. Null: no limit.
    /// </summary>
    public TimeSpan? TimeBudget { get; init; }

    /// <summary>At most this many suspects and outliers are listed.</summary>
    public int MaxListed { get; init; } = 10_000;

    /// <summary>Seeds the folds and the model.</summary>
    public int Seed { get; init; }
}
