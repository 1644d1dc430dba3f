using AutoDL.Data;
using AutoDL.Models;
using AutoDL.Packaging;
using AutoDL.Training;

namespace AutoDL.Tasks.ImageClassification;

/// <summary>
/// Holds the best model of the search and keeps it on disk: every time a trial's epoch beats the best
/// validation metric so far, the package is rewritten (atomically), so a usable model exists at any moment,
/// even if the process is killed.
/// </summary>
internal sealed class BestModelKeeper
{
    private readonly string _packagePath;
    private readonly Func<ModelConfig, TrainingConfig, double, PackageManifest> _manifest;

    public BestModelKeeper(string packagePath, Func<ModelConfig, TrainingConfig, double, PackageManifest> manifest)
    {
        _packagePath = packagePath;
        _manifest = manifest;
    }

    /// <summary>The best so far, or null before the first finished epoch.</summary>
    public BestModel? Best { get; private set; }

    /// <summary>Keeps the weights if they beat the best so far; returns whether they did.</summary>
    public bool Offer(int trial, double validationAccuracy, ModelConfig model, TrainingConfig training, byte[] weights)
    {
        if (Best is not null && validationAccuracy <= Best.ValidationAccuracy)
        {
            return false;
        }
        Best = new BestModel(trial, validationAccuracy, model, training, weights);
        ModelPackage.Write(_packagePath, _manifest(model, training, validationAccuracy), weights);
        return true;
    }
}

/// <summary>The best model of a search.</summary>
internal sealed record BestModel(int Trial, double ValidationAccuracy, ModelConfig Model, TrainingConfig Training, byte[] Weights);
