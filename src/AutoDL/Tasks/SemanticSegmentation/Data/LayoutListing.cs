using AutoDL.Data;

namespace AutoDL.Tasks.SemanticSegmentation.Data;

/// <summary>What one layout's reader found: its images paired with their masks, the class names it declares (null when it declares none), and what it could not pair.</summary>
/// <param name="Format">"masks" or "voc".</param>
/// <param name="ClassNames">The classes by index, or null: then the masks' largest label decides how many there are.</param>
/// <param name="Pairs">Each image with its mask.</param>
/// <param name="Skipped">Images without masks, masks without images.</param>
internal sealed record LayoutListing(string Format, IReadOnlyList<string>? ClassNames, IReadOnlyList<MaskPair> Pairs, IReadOnlyList<SkippedFile> Skipped);
