using System.IO;
using System.Text;

namespace ImageSdk.Validation;

/// <summary>
/// The one JSON Schema for assembly JSON with every robot, which the build makes from <c>schema/</c>
/// (src/Sdk/SchemaBundle.targets) and embeds here. Editors take it as <c>$schema</c>; <c>imagesdk schema</c> prints it.
/// </summary>
internal static class AssemblySchemaBundle
{
    /// <summary>The resource's name in ImageSdk.dll.</summary>
    public const string ResourceName = "ImageSdk.imagesdk.schema.json";

    /// <summary>The bundle's UTF-8 bytes.</summary>
    public static byte[] Utf8()
    {
        using var stream = typeof(AssemblySchemaBundle).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidDataException($"ImageSdk.dll has no resource {ResourceName}; it is built from schema/ by SchemaBundle.targets");
        using var copy = new MemoryStream((int)stream.Length);
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>The bundle as text.</summary>
    public static string Text() => Encoding.UTF8.GetString(Utf8());
}
