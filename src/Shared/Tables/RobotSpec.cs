using System;
using System.Collections.Generic;

namespace ImageSdk.Tables;

/// <summary>One robot of the schema and its parameters, in schema order.</summary>
/// <param name="Name">The robot name, e.g. <c>/image/generate</c>.</param>
/// <param name="Description">The schema description.</param>
/// <param name="RequiredStepName">The name a step of this robot must have (e.g. <c>:original</c>), if any.</param>
/// <param name="Parameters">The parameters other than <c>robot</c>.</param>
public sealed record RobotSpec(string Name, string Description, string? RequiredStepName, IReadOnlyList<ParameterSpec> Parameters)
{
    /// <summary>The generated step builder, e.g. <c>ImageGenerateStep</c> (<c>x-imagesdk-builder</c>), in the root namespace: the generator's contract with the readers of builder code.</summary>
    public required string BuilderTypeName { get; init; }

    /// <summary>The robot's category in Transloadit's docs (<c>x-imagesdk-category</c>), e.g. <c>file-exporting</c>; null where the schema gives none.</summary>
    public string? Category { get; init; }

    /// <summary>
    /// Whether the robot exports its input files to storage (<c>/s3/store</c>, <c>/ftp/store</c>, ...: category
    /// <c>file-exporting</c>). Such a step's results are the stored files' URLs, not files to download.
    /// </summary>
    public bool ExportsFiles => string.Equals(Category, "file-exporting", StringComparison.Ordinal);

    /// <summary>Whether a step of this robot with no <c>use</c> brings files of its own (<c>x-imagesdk-files-without-use</c>), as Transloadit's linter judges it.</summary>
    public FilesWithoutUse FilesWithoutUse { get; init; }

    /// <summary>The parameter that decides <see cref="FilesWithoutUse"/> when it is <see cref="FilesWithoutUse.WhenGiven"/> or <see cref="FilesWithoutUse.WhenNonEmptyString"/>; else null.</summary>
    public string? FilesWithoutUseParameter { get; init; }

    /// <summary>Whether Transloadit allows the robot in a Smart CDN assembly, one that serves files (<c>x-imagesdk-smart-cdn</c>).</summary>
    public bool AllowedInSmartCdn { get; init; }

    /// <summary>Finds a parameter by its JSON name, or returns null.</summary>
    public ParameterSpec? FindParameter(string name) => IndexOfParameter(name) is var i and >= 0 ? Parameters[i] : null;

    /// <summary>The position of a parameter in <see cref="Parameters"/>, or -1.</summary>
    public int IndexOfParameter(string name)
    {
        for (var i = 0; i < Parameters.Count; i++)
        {
            if (string.Equals(Parameters[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
