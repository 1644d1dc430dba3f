namespace AutoDL.Training;

/// <summary>The optimiser a trial trains with.</summary>
public enum OptimizerKind
{
    /// <summary>AdamW (Loshchilov and Hutter, 2019): forgiving of the learning rate; the default.</summary>
    AdamW,

    /// <summary>SGD with Nesterov momentum 0.9: often a little better at the end, more sensitive to the learning rate.</summary>
    SgdNesterov,
}
