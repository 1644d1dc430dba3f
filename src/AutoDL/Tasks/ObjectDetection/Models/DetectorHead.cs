namespace AutoDL.Tasks.ObjectDetection.Models;

/// <summary>The detection head's shape and loss weight, over and above its backbone's configuration.</summary>
/// <param name="Levels">Feature pyramid levels (1 to 3): the backbone's last stages.</param>
/// <param name="Width">Channels of the pyramid and the towers, a multiple of 8.</param>
/// <param name="TowerDepth">3×3 convolutions per tower, 1 to 4.</param>
/// <param name="BoxWeight">The weight of the box term of the loss against the class term.</param>
internal sealed record DetectorHead(int Levels = 3, int Width = 64, int TowerDepth = 2, double BoxWeight = 1);
