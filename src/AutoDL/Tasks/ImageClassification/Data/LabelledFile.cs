using AutoDL.Data;

namespace AutoDL.Tasks.ImageClassification.Data;

/// <summary>One image file found by a scanner, before decoding.</summary>
internal sealed record LabelledFile(string Path, string Label, DataSplit Split);
