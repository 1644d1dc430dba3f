using AutoDL.Data.Augmentation;
using static TorchSharp.torch;

namespace AutoDL.Tests.Data.Augmentation;

[Collection(TorchCollection.Name)]
public sealed class TensorAugmentationsTests
{
    /// <summary>Two 1×4×4 images with distinct values everywhere, so any move of a pixel shows.</summary>
    private static Tensor Batch() => arange(32, dtype: float32).view(2, 1, 4, 4);

    private static float[] Matrices(params (float, float, float, float, float, float)[] matrices)
    {
        var values = new float[matrices.Length * 6];
        for (int i = 0; i < matrices.Length; i++)
        {
            AffineMatrix.Write(matrices[i], values, i);
        }
        return values;
    }

    [Fact]
    public void The_identity_matrix_leaves_images_as_they_are()
    {
        using var _ = NewDisposeScope();
        var images = Batch();

        var result = TensorAugmentations.Affine(images, Matrices(AffineMatrix.Identity, AffineMatrix.Identity), [0f]);

        Assert.True(result.allclose(images, atol: 1e-4));
    }

    [Fact]
    public void A_flip_mirrors_each_row_exactly()
    {
        using var _ = NewDisposeScope();
        var images = Batch();

        var result = TensorAugmentations.Affine(images, Matrices(AffineMatrix.FlipHorizontal, AffineMatrix.Identity), [0f]);

        Assert.True(result[0].allclose(images[0].flip(2), atol: 1e-4));
        Assert.True(result[1].allclose(images[1], atol: 1e-4));
    }

    [Fact]
    public void A_quarter_turn_on_a_square_image_moves_pixels_like_rot90()
    {
        using var _ = NewDisposeScope();
        var images = Batch();

        var result = TensorAugmentations.Affine(images, Matrices(AffineMatrix.Rotate(90, 4, 4), AffineMatrix.Rotate(-90, 4, 4)), [0f]);

        // Which way is positive depends on the y axis pointing down; the two directions must be each other's inverse.
        var clockwise = images[0].rot90(1, (1, 2));
        var anticlockwise = images[0].rot90(-1, (1, 2));
        Assert.True(result[0].allclose(clockwise, atol: 1e-3) || result[0].allclose(anticlockwise, atol: 1e-3));
        var back = TensorAugmentations.Affine(result, Matrices(AffineMatrix.Rotate(-90, 4, 4), AffineMatrix.Rotate(90, 4, 4)), [0f]);
        Assert.True(back.allclose(images, atol: 1e-3));
    }

    [Fact]
    public void A_shift_by_one_pixel_moves_content_and_fills_the_border_with_the_fill_value()
    {
        using var _ = NewDisposeScope();
        var images = Batch();

        // A quarter of the width is one pixel of four; positive moves content left.
        var result = TensorAugmentations.Affine(images, Matrices(AffineMatrix.Translate(0.25, 0), AffineMatrix.Identity), [-7f]);

        Assert.True(result[0, 0, .., 0..3].allclose(images[0, 0, .., 1..4], atol: 1e-4));
        Assert.True(result[0, 0, .., 3].allclose(full(4, -7f), atol: 1e-4));
    }

    [Fact]
    public void Brightness_shifts_and_contrast_scales_about_each_images_own_mean()
    {
        using var _ = NewDisposeScope();
        var images = Batch();

        var result = TensorAugmentations.BrightnessContrast(images, [2f, 0f], [1f, 0.5f]);

        Assert.True(result[0].allclose(images[0] + 2, atol: 1e-4));
        Assert.Equal(images[1].mean().item<float>(), result[1].mean().item<float>(), 3);
        Assert.Equal(images[1].std().item<float>() / 2, result[1].std().item<float>(), 3);
    }

    [Fact]
    public void Erasing_changes_only_the_box_and_an_empty_box_changes_nothing()
    {
        using var _ = NewDisposeScope();
        var images = Batch() + 100;

        var result = TensorAugmentations.Erase(images, [1, 1, 2, 3, 0, 0, 0, 0]);

        var changed = result.ne(images)[0, 0];
        Assert.Equal(6, changed.sum().item<long>());
        Assert.True(changed[1..3, 1..4].all().item<bool>());
        Assert.True(result[1].allclose(images[1], 0, 0));
    }

    [Fact]
    public void Mixup_blends_each_image_with_its_partner()
    {
        using var _ = NewDisposeScope();
        var images = Batch();

        var result = TensorAugmentations.Mixup(images, [1, 0], 0.25f);

        Assert.True(result[0].allclose(images[0] * 0.25f + images[1] * 0.75f, atol: 1e-4));
        Assert.True(result[1].allclose(images[1] * 0.25f + images[0] * 0.75f, atol: 1e-4));
    }

    [Fact]
    public void CutMix_pastes_the_partners_box_and_keeps_the_rest()
    {
        using var _ = NewDisposeScope();
        var images = Batch();

        var result = TensorAugmentations.CutMix(images, [1, 0], 0, 2, 2, 2);

        Assert.True(result[0, 0, 0..2, 2..4].allclose(images[1, 0, 0..2, 2..4], 0, 0));
        Assert.True(result[0, 0, 2..4, ..].allclose(images[0, 0, 2..4, ..], 0, 0));
        Assert.True(result[0, 0, .., 0..2].allclose(images[0, 0, .., 0..2], 0, 0));
    }
}
