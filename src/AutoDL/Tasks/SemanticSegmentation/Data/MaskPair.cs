using AutoDL.Data;

namespace AutoDL.Tasks.SemanticSegmentation.Data;

/// <summary>An image and its mask as a layout's folders pair them, before either is read.</summary>
/// <param name="ImagePath">The image file.</param>
/// <param name="MaskPath">The mask file.</param>
/// <param name="Split">Its split, as the source says.</param>
internal sealed record MaskPair(string ImagePath, string MaskPath, DataSplit Split);
