namespace AutoDL.Search.Samplers.Tpe;

/// <summary>
/// The standard normal's CDF, its logarithm and its inverse. .NET has no erf, and its generic
/// <c>double.ExpM1</c>/<c>double.LogP1</c> are the naive formulas, which lose every digit in the tails
/// where TPE compares narrow kernels; so these are written out with care for the tails.
/// </summary>
internal static class Gaussian
{
    private static readonly double LogSqrtPi = 0.5 * Math.Log(Math.PI);

    /// <summary>log Φ(x), accurate far into both tails.</summary>
    public static double LogCdf(double x)
    {
        if (x > 0)
        {
            // Φ(x) = 1 − Q(x); log1p keeps the digits of a Q(x) far below machine epsilon.
            return Log1p(-0.5 * Erfc(x / Math.Sqrt(2)));
        }
        double z = -x / Math.Sqrt(2);
        return z > 2 ? Math.Log(0.5) + LogErfcLarge(z) : Math.Log(0.5 * Erfc(z));
    }

    /// <summary>Φ(x).</summary>
    public static double Cdf(double x) => 0.5 * Erfc(-x / Math.Sqrt(2));

    /// <summary>
    /// Φ⁻¹(p) for p in (0, 1): Acklam's rational approximation (relative error 1e-9) polished by one
    /// Halley step against <see cref="Erfc"/>, which brings it to full double precision.
    /// </summary>
    public static double InverseCdf(double p)
    {
        if (p <= 0)
        {
            return double.NegativeInfinity;
        }
        if (p >= 1)
        {
            return double.PositiveInfinity;
        }
        double x;
        if (p < 0.02425)
        {
            double q = Math.Sqrt(-2 * Math.Log(p));
            x = (((((-7.784894002430293e-03 * q - 3.223964580411365e-01) * q - 2.400758277161838e+00) * q - 2.549732539343734e+00) * q + 4.374664141464968e+00) * q + 2.938163982698783e+00)
                / ((((7.784695709041462e-03 * q + 3.224671290700398e-01) * q + 2.445134137142996e+00) * q + 3.754408661907416e+00) * q + 1);
        }
        else if (p > 1 - 0.02425)
        {
            double q = Math.Sqrt(-2 * Math.Log(1 - p));
            x = -(((((-7.784894002430293e-03 * q - 3.223964580411365e-01) * q - 2.400758277161838e+00) * q - 2.549732539343734e+00) * q + 4.374664141464968e+00) * q + 2.938163982698783e+00)
                / ((((7.784695709041462e-03 * q + 3.224671290700398e-01) * q + 2.445134137142996e+00) * q + 3.754408661907416e+00) * q + 1);
        }
        else
        {
            double q = p - 0.5;
            double r = q * q;
            x = (((((-3.969683028665376e+01 * r + 2.209460984245205e+02) * r - 2.759285104469687e+02) * r + 1.383577518672690e+02) * r - 3.066479806614716e+01) * r + 2.506628277459239e+00) * q
                / (((((-5.447609879822406e+01 * r + 1.615858368580409e+02) * r - 1.556989798598866e+02) * r + 6.680131188771972e+01) * r - 1.328068155288572e+01) * r + 1);
        }
        double e = Cdf(x) - p;
        double u = e * Math.Sqrt(2 * Math.PI) * Math.Exp(x * x / 2);
        return x - u / (1 + x * u / 2);
    }

    /// <summary>erfc(x) to about 1e-15 relative: a Taylor series of erf near 0, a continued fraction in the tails.</summary>
    public static double Erfc(double x)
    {
        if (x > 2)
        {
            return Math.Exp(LogErfcLarge(x));
        }
        if (x < -2)
        {
            return 2 - Math.Exp(LogErfcLarge(-x));
        }
        return 1 - ErfSeries(x);
    }

    /// <summary>log(1 + x) without the cancellation of Math.Log(1 + x) for small x (Goldberg's correction).</summary>
    public static double Log1p(double x)
    {
        double u = 1 + x;
        return u == 1 ? x : Math.Log(u) * x / (u - 1);
    }

    /// <summary>exp(x) − 1 without cancellation for small x (Kahan's correction).</summary>
    public static double Expm1(double x)
    {
        double u = Math.Exp(x);
        if (u == 1)
        {
            return x;
        }
        double um1 = u - 1;
        return um1 == -1 ? -1 : um1 * x / Math.Log(u);
    }

    /// <summary>log(1 − exp(x)) for x ≤ 0, choosing the form that keeps its digits (Mächler, 2012).</summary>
    public static double Log1mExp(double x) => x > -Math.Log(2) ? Math.Log(-Expm1(x)) : Log1p(-Math.Exp(x));

    private static double ErfSeries(double x)
    {
        // erf(x) = 2/√π Σ (−1)ⁿ x^(2n+1) / (n! (2n+1)); for |x| ≤ 2 the terms fall below 1e-17 within 40 steps.
        double x2 = x * x;
        double term = x;
        double sum = x;
        for (int n = 1; n < 60; n++)
        {
            term *= -x2 / n;
            double add = term / (2 * n + 1);
            sum += add;
            if (Math.Abs(add) < 1e-17 * Math.Abs(sum))
            {
                break;
            }
        }
        return 2 / Math.Sqrt(Math.PI) * sum;
    }

    /// <summary>log erfc(x) for x &gt; 2 from Laplace's continued fraction, evaluated by modified Lentz; never underflows.</summary>
    private static double LogErfcLarge(double x)
    {
        // erfc(x) = exp(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))).
        const double tiny = 1e-300;
        double f = x;
        double c = x;
        double d = 0;
        for (int n = 1; n < 500; n++)
        {
            double a = n / 2.0;
            d = x + a * d;
            d = Math.Abs(d) < tiny ? tiny : d;
            c = x + a / c;
            c = Math.Abs(c) < tiny ? tiny : c;
            d = 1 / d;
            double delta = c * d;
            f *= delta;
            if (Math.Abs(delta - 1) < 1e-16)
            {
                break;
            }
        }
        return -x * x - LogSqrtPi - Math.Log(f);
    }
}
