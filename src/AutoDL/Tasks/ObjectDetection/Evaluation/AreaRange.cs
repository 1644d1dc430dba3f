namespace AutoDL.Tasks.ObjectDetection.Evaluation;

/// <summary>
/// A range of object areas in pixels, both ends included as COCOeval tests them (<c>area &lt; lo or area &gt; hi</c>
/// is outside), so an object of exactly 32² pixels is both small and medium.
/// </summary>
/// <param name="Min">Smallest area inside.</param>
/// <param name="Max">Largest area inside.</param>
internal readonly record struct AreaRange(double Min, double Max)
{
    public bool Contains(double area) => !(area < Min || area > Max);
}
