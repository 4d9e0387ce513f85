namespace ImageSdk.Tables;

/// <summary>
/// Whether a step with no <c>use</c> brings files into the assembly of its own, as Transloadit's linter judges it (its
/// <c>missing-input</c> error): a robot's <c>x-imagesdk-files-without-use</c>, which tools/robot-import probes on the linter.
/// </summary>
public enum FilesWithoutUse
{
    /// <summary>Never: the robot processes the files of other steps (annotation absent).</summary>
    Never,

    /// <summary>Always (<c>"always"</c>): an importer, the upload step, <c>/image/generate</c>.</summary>
    Always,

    /// <summary>When the deciding parameter is given, whatever its value (<c>"given"</c>: <c>/html/convert</c>'s <c>url</c>).</summary>
    WhenGiven,

    /// <summary>When the deciding parameter is a non-empty string (<c>"non-empty-string"</c>: <c>/text/speak</c>'s <c>prompt</c>).</summary>
    WhenNonEmptyString,
}
