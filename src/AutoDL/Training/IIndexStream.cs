namespace AutoDL.Training;

/// <summary>The order in which training images are visited: an endless stream of indices.</summary>
internal interface IIndexStream
{
    /// <summary>The next training image to use.</summary>
    int Next();
}
