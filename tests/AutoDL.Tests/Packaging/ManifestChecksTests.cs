using System.IO.Compression;
using System.Text;
using AutoDL.Data;
using AutoDL.Packaging;
using AutoDL.Tasks.ImageClassification.Inference;
using AutoDL.Tests.TestData;

namespace AutoDL.Tests.Packaging;

/// <summary>
/// A package's manifest is checked like its weights: an edited one is refused in one line when it is read, rather than
/// labelling every prediction wrongly or starting a server that answers 500 to everything.
/// </summary>
public sealed class ManifestChecksTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("autodl-manifest-").FullName;
    private readonly PackageContents _original = ModelPackage.ReadContents(Path.Combine(RepositoryPaths.PackageFixtures, "fashion-mnist-sample-v1.adlpk"));

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>The fixture written again, with its weights and ONNX model, and the manifest <paramref name="change"/> makes.</summary>
    private string Variant(Func<PackageManifest, PackageManifest> change)
    {
        var path = Path.Combine(_folder, $"{Guid.NewGuid():N}.adlpk");
        ModelPackage.Write(path, change(_original.Manifest), _original.Weights, _original.Onnx);
        return path;
    }

    [Fact]
    public void Given_a_manifest_edited_inside_the_zip_when_read_then_its_checksum_refuses_it()
    {
        var path = Variant(m => m);
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Update))
        {
            var entry = zip.GetEntry("manifest.json")!;
            string json;
            using (var reader = new StreamReader(entry.Open()))
            {
                json = reader.ReadToEnd();
            }
            Assert.Contains("\"Ankle_boot\"", json, StringComparison.Ordinal);
            entry.Delete();
            using var writer = new StreamWriter(zip.CreateEntry("manifest.json").Open(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            writer.Write(json.Replace("\"Ankle_boot\"", "\"Boot\"", StringComparison.Ordinal));
        }

        var error = Assert.Throws<AutoDLException>(() => ModelPackage.Read(path));

        Assert.Contains("manifest.json does not match its checksum", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_swapped_class_names_when_read_then_the_onnx_model_s_own_names_refuse_them()
    {
        var names = _original.Manifest.ClassNames.ToArray();
        (names[0], names[1]) = (names[1], names[0]);
        var path = Variant(m => m with { ClassNames = names });

        var error = Assert.Throws<AutoDLException>(() => Predictor.Load(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("differ from those model.onnx was exported with", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("one class")]
    [InlineData("repeated class")]
    [InlineData("five channels")]
    [InlineData("mean for other channels")]
    [InlineData("other input size")]
    public void Given_a_manifest_that_cannot_describe_a_running_network_when_read_then_one_line_names_the_field(string edit)
    {
        var path = Variant(m => edit switch
        {
            "one class" => m with { ClassNames = ["boot"] },
            "repeated class" => m with { ClassNames = [.. m.ClassNames.Take(m.ClassNames.Count - 1), m.ClassNames[0]] },
            "five channels" => m with { Input = new ImageShape(5, m.Input.Height, m.Input.Width) },
            // Valid on its own, and the weights would load (global pooling), but model.onnx takes the trained size only.
            "other input size" => m with { Input = new ImageShape(m.Input.Channels, m.Input.Height + 4, m.Input.Width + 4) },
            _ => m with { Preprocessing = m.Preprocessing with { Mean = [0.5f, 0.5f, 0.5f] } },
        });

        var error = Assert.Throws<AutoDLException>(() => Predictor.Load(path));

        Assert.Contains("has a manifest that cannot be used", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Given_the_fixture_written_again_unchanged_when_read_then_it_loads()
    {
        using var predictor = Predictor.Load(Variant(m => m));

        Assert.Equal(_original.Manifest.ClassNames, predictor.Manifest.ClassNames);
    }
}
