namespace AutoDL.Models;

/// <summary>A block with a residual connection, whose branch can start as zero so that the block starts as the identity.</summary>
internal interface IResidualBlock
{
    /// <summary>Zeroes the scale of the branch's last batch norm (Goyal et al. 2017): deep stacks then train like shallow ones at first.</summary>
    void ZeroInitResidual();
}
