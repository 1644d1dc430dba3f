namespace AutoDL.Models;

/// <summary>
/// A feature map a backbone produces on the way to its output, where a feature pyramid can take it: the output of one
/// child of one of its parts (the last block of a stage).
/// </summary>
/// <param name="Part">The index of the part in <see cref="Backbone.Parts"/>.</param>
/// <param name="Child">The index of the child within that part, whose output this is.</param>
/// <param name="Map">The map's shape for one image.</param>
internal readonly record struct FeatureTap(int Part, int Child, FeatureMap Map);
