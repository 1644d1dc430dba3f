namespace AutoDL.Data.Augmentation;

/// <summary>How a mixed batch's targets mix: image i is <paramref name="OwnWeight"/> its own label and the rest its partner's.</summary>
/// <param name="Partners">For each image, the index of the image it was mixed with.</param>
/// <param name="OwnWeight">The weight of each image's own label, in [0, 1].</param>
public sealed record MixedTargets(long[] Partners, float OwnWeight);
