namespace AutoDL.Tasks.ImageClassification.Data;

/// <summary>One IDX images file and its labels, as read from disk (images row-major, one byte per pixel).</summary>
internal readonly record struct IdxPair(byte[] Pixels, byte[] Labels, int Rows, int Columns, string LabelsFile);
