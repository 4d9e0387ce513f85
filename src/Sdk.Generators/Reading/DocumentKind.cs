using System.Linq;
using ImageSdk.Generators.Infrastructure;
using ImageSdk.Generators.Json;

namespace ImageSdk.Generators.Reading;

/// <summary>
/// What a schema file is, as the keyword <c>x-imagesdk-kind</c> at its top says (schema/README.md). The generator classifies
/// files by this keyword alone, never by the keys they happen to hold. A project's own robot schema, marked by the item
/// metadata <c>ImageSdkSchema="robot"</c>, is a robot whatever its keyword says: the project said so where it added the file.
/// </summary>
internal enum DocumentKind
{
    /// <summary>Neither known nor given: reported (IMG9010), and the file is read only as a target of <c>$ref</c>.</summary>
    Unknown,

    /// <summary><c>robot</c>: one robot, named by <c>properties.robot.const</c>; it gets a step builder.</summary>
    Robot,

    /// <summary><c>envelope</c>: Assembly Instructions, their top-level keys and steps; it gets the assembly builder.</summary>
    Envelope,

    /// <summary><c>catalog</c>: the model catalog (<c>models.json</c>); it gets the model type.</summary>
    Catalog,

    /// <summary><c>definitions</c>: definitions that other files reference, or the schema of a file of schema/; nothing is generated from it.</summary>
    Definitions,
}

/// <summary>Reads <see cref="DocumentKind"/> from a schema file.</summary>
internal static class DocumentKinds
{
    /// <summary>The keyword, at the top of each schema file.</summary>
    public const string Keyword = "x-imagesdk-kind";

    private static readonly (string Name, DocumentKind Kind)[] s_kinds =
    {
        ("robot", DocumentKind.Robot), ("envelope", DocumentKind.Envelope), ("catalog", DocumentKind.Catalog), ("definitions", DocumentKind.Definitions),
    };

    /// <summary>The values the keyword takes, for messages.</summary>
    public static string Allowed => string.Join(", ", s_kinds.Select(k => "\"" + k.Name + "\""));

    /// <summary>
    /// The kind of <paramref name="document"/>, and why it has none (null when it has one). The item metadata
    /// <c>ImageSdkSchema="robot"</c> wins over the keyword; <paramref name="overridden"/> is then the keyword it overrode.
    /// </summary>
    public static (DocumentKind Kind, string? Problem) Of(SchemaDocument document, out string? overridden)
    {
        var keyword = document.Root?[Keyword];
        var given = keyword is null ? null : keyword.AsString() ?? keyword.ToJson();
        var kind = s_kinds.FirstOrDefault(k => keyword?.AsString() == k.Name).Kind; // Unknown when none matches
        overridden = document.UserRobot && given is not null && kind != DocumentKind.Robot ? Text.Shown(given) : null;
        if (document.UserRobot)
        {
            return (DocumentKind.Robot, null);
        }

        return given is null ? (DocumentKind.Unknown, $"The schema file has no \"{Keyword}\"; give it one of {Allowed} at its top")
            : kind == DocumentKind.Unknown ? (DocumentKind.Unknown, $"The schema file's \"{Keyword}\" is {Text.Shown(given)}; it must be one of {Allowed}")
            : (kind, null);
    }
}
