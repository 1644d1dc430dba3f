namespace AutoDL.Data.Augmentation;

/// <summary>
/// 2×3 matrices in <c>affine_grid</c>'s convention (output position → input position, coordinates normalised to
/// [-1, 1] on each axis), built from pixel-space operations so that a rotation stays a rotation on a non-square image.
/// </summary>
public static class AffineMatrix
{
    /// <summary>The identity.</summary>
    public static (float A, float B, float Tx, float C, float D, float Ty) Identity => (1, 0, 0, 0, 1, 0);

    /// <summary>A rotation by <paramref name="degrees"/> about the centre of an image of the given size.</summary>
    public static (float A, float B, float Tx, float C, float D, float Ty) Rotate(double degrees, int height, int width)
    {
        double r = degrees * Math.PI / 180, cos = Math.Cos(r), sin = Math.Sin(r);
        // In pixels input = R·output; normalising x by width/2 and y by height/2 turns R into D·R·D⁻¹.
        return ((float)cos, (float)(-sin * height / width), 0, (float)(sin * width / height), (float)cos, 0);
    }

    /// <summary>A horizontal shear: input x = x + <paramref name="shear"/>·y (in pixels).</summary>
    public static (float A, float B, float Tx, float C, float D, float Ty) ShearX(double shear, int height, int width) =>
        (1, (float)(shear * height / width), 0, 0, 1, 0);

    /// <summary>A vertical shear: input y = y + <paramref name="shear"/>·x (in pixels).</summary>
    public static (float A, float B, float Tx, float C, float D, float Ty) ShearY(double shear, int height, int width) =>
        (1, 0, 0, (float)(shear * width / height), 1, 0);

    /// <summary>A shift by fractions of the width and height (positive moves the content left and up).</summary>
    public static (float A, float B, float Tx, float C, float D, float Ty) Translate(double fractionX, double fractionY) =>
        (1, 0, (float)(2 * fractionX), 0, 1, (float)(2 * fractionY));

    /// <summary>A mirror image, left to right.</summary>
    public static (float A, float B, float Tx, float C, float D, float Ty) FlipHorizontal => (-1, 0, 0, 0, 1, 0);

    /// <summary>Writes a matrix into <paramref name="destination"/> at image <paramref name="index"/> (6 values per image).</summary>
    public static void Write((float A, float B, float Tx, float C, float D, float Ty) m, float[] destination, int index)
    {
        ArgumentNullException.ThrowIfNull(destination);
        int o = index * 6;
        (destination[o], destination[o + 1], destination[o + 2], destination[o + 3], destination[o + 4], destination[o + 5]) = (m.A, m.B, m.Tx, m.C, m.D, m.Ty);
    }
}
