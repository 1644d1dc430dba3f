namespace AutoDL.Tasks.ObjectDetection.Models;

/// <summary>
/// One level of the detector's feature pyramid: a grid of locations, each predicting the object around it when the
/// object's size suits the level.
/// </summary>
/// <param name="Stride">Pixels of the input per grid cell (the input's width over the grid's).</param>
/// <param name="Height">Grid rows.</param>
/// <param name="Width">Grid columns.</param>
/// <param name="MinReach">An object is this level's when the farthest of its edges from a location is above this (pixels).</param>
/// <param name="MaxReach">... and at most this; the coarsest level takes everything larger.</param>
internal readonly record struct PyramidLevel(double Stride, int Height, int Width, double MinReach, double MaxReach)
{
    /// <summary>Its locations: Height × Width.</summary>
    public int Locations => Height * Width;
}
