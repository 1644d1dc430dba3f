using AutoDL.Models;
using AutoDL.Packaging;
using AutoDL.Search;
using AutoDL.Training;

namespace AutoDL.Pipeline;

/// <summary>
/// Holds the best model of the search and keeps it on disk: every time a trial's epoch beats the best
/// validation metric so far, the package is rewritten (atomically), so a usable model exists at any moment,
/// even if the process is killed; a resumed search starts from that package.
/// </summary>
internal sealed class BestModelKeeper
{
    private readonly string _packagePath;
    private readonly Func<BestModel, PackageManifest> _manifest;
    private readonly MetricDirection _direction;

    public BestModelKeeper(string packagePath, MetricDirection direction, Func<BestModel, PackageManifest> manifest)
    {
        _packagePath = packagePath;
        _direction = direction;
        _manifest = manifest;
    }

    /// <summary>The best so far, or null before the first finished epoch.</summary>
    public BestModel? Best { get; private set; }

    /// <summary>
    /// The best model of any trial other than <see cref="Best"/>'s (kept in memory only): the partner an ensemble of the
    /// best two is made with. Null until two trials have finished an epoch.
    /// </summary>
    public BestModel? RunnerUp { get; private set; }

    /// <summary>
    /// Takes the package an earlier run of the same study left as the best so far. A missing package, or one
    /// that cannot be read (the run died while no model existed yet), leaves the keeper empty: the next
    /// finished epoch replaces it.
    /// </summary>
    public void RestoreFromDisk()
    {
        if (!File.Exists(_packagePath))
        {
            return;
        }
        try
        {
            var (manifest, weights) = ModelPackage.Read(_packagePath);
            if (manifest.Training is { } training && manifest.SearchTrial is { } trial)
            {
                Best = new BestModel(trial, manifest.Metrics.ValidationScore, manifest.Model, training, weights);
            }
        }
        catch (AutoDLException e) when (e.InnerException is not OutOfMemoryException)
        {
            // Damaged or foreign: not a model we can build on; it is overwritten by the next best. A package too large
            // for this machine's memory is neither, so that error stops the resume and the package stays as it is.
        }
    }

    /// <summary>Keeps the weights if they beat the best so far (or the runner-up of another trial); returns whether they became the best.</summary>
    public bool Offer(int trial, double validationScore, ModelConfig model, TrainingConfig training, byte[] weights)
    {
        var offered = new BestModel(trial, validationScore, model, training, weights);
        if (Best is not null && !_direction.IsBetter(validationScore, Best.ValidationScore))
        {
            if (trial != Best.Trial && (RunnerUp is null || _direction.IsBetter(validationScore, RunnerUp.ValidationScore)))
            {
                RunnerUp = offered;
            }
            return false;
        }
        // Written first, so the best in memory is never one the package on disk lacks.
        try
        {
            ModelPackage.Write(_packagePath, _manifest(offered), weights);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CannotWrite(_packagePath, e);
        }
        // The best and the runner-up come from different trials: when one trial overtakes the best, the best moves down.
        RunnerUp = new[] { Best, RunnerUp }
            .Where(m => m is not null && m.Trial != trial)
            .MaxBy(m => _direction.Score(m!.ValidationScore));
        Best = offered;
        return true;
    }

    /// <summary>The error for a package the output folder cannot take: it names the file and what to do.</summary>
    public static StudyCannotContinueException CannotWrite(string packagePath, Exception cause) =>
        new($"Cannot write the model package '{packagePath}': {cause.Message} Free some disk space or choose another folder with --output; the study so far is kept, and --resume continues it.", cause);
}

/// <summary>The best model of a search.</summary>
internal sealed record BestModel(int Trial, double ValidationScore, ModelConfig Model, TrainingConfig Training, byte[] Weights);
