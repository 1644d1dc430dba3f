namespace AutoDL.Search.Samplers.Tpe;

/// <summary>
/// A normal distribution cut to [low, high] and renormalised: the kernel of every numeric TPE dimension.
/// Log densities are computed in log space so that a narrow kernel far from a point still ranks it
/// (a density of exactly 0 would tie every far point).
/// </summary>
internal static class TruncatedNormal
{
    private static readonly double LogSqrt2Pi = 0.5 * Math.Log(2 * Math.PI);

    /// <summary>A draw by inverting the CDF, clamped into [low, high] against rounding.</summary>
    public static double Sample(double mu, double sigma, double low, double high, Random random)
    {
        double a = (low - mu) / sigma;
        double b = (high - mu) / sigma;
        double u = random.NextDouble();
        double z;
        if (a > 0)
        {
            // Entirely in the right tail: mirror into the left one, where Φ keeps its digits.
            double pa = Gaussian.Cdf(-b);
            double pb = Gaussian.Cdf(-a);
            z = -Gaussian.InverseCdf(pa + u * (pb - pa));
        }
        else
        {
            double pa = Gaussian.Cdf(a);
            double pb = Gaussian.Cdf(b);
            z = Gaussian.InverseCdf(pa + u * (pb - pa));
        }
        return Math.Clamp(mu + sigma * (double.IsFinite(z) ? z : 0), low, high);
    }

    /// <summary>log density at x of N(mu, sigma²) truncated to [low, high].</summary>
    public static double LogPdf(double x, double mu, double sigma, double low, double high)
    {
        if (x < low || x > high)
        {
            return double.NegativeInfinity;
        }
        double z = (x - mu) / sigma;
        return -0.5 * z * z - LogSqrt2Pi - Math.Log(sigma) - LogMass((low - mu) / sigma, (high - mu) / sigma);
    }

    /// <summary>log of the standard normal's mass between a and b (a &lt; b), stable in both tails.</summary>
    public static double LogMass(double a, double b)
    {
        if (b <= 0)
        {
            double logB = Gaussian.LogCdf(b);
            return logB + Gaussian.Log1mExp(Gaussian.LogCdf(a) - logB);
        }
        if (a >= 0)
        {
            return LogMass(-b, -a);
        }
        // Straddling 0 the mass is at least Φ(b) − ½, so 1 − Φ(a) − Φ(−b) loses nothing.
        return Gaussian.Log1p(-Gaussian.Cdf(a) - Gaussian.Cdf(-b));
    }
}
