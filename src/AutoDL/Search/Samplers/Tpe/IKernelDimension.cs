namespace AutoDL.Search.Samplers.Tpe;

/// <summary>
/// One parameter's column of a Parzen mixture: a kernel per observation (and the prior, last). Component k
/// of the mixture is the product over dimensions of each column's kernel k, so the columns share indices.
/// </summary>
internal interface IKernelDimension
{
    /// <summary>How many kernels (observations plus the prior, when there is one).</summary>
    int Count { get; }

    /// <summary>A draw from kernel <paramref name="component"/>, in the parameter's internal form.</summary>
    double Sample(int component, Random random);

    /// <summary>Adds each kernel's log density (or log mass, for discrete values) at an internal value to <paramref name="perComponent"/>.</summary>
    void AddLogPdf(double value, Span<double> perComponent);
}
