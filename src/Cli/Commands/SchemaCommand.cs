using System.CommandLine;
using System.IO;
using ImageSdk.Validation;

namespace ImageSdk.Cli.Commands;

/// <summary><c>imagesdk schema</c>: prints the one JSON Schema for assembly JSON with every robot, for editors' <c>$schema</c>.</summary>
public static class SchemaCommand
{
    /// <summary>Creates the command, writing to <paramref name="stdout"/>.</summary>
    /// <param name="stdout">Where the schema goes.</param>
    public static Command Create(TextWriter stdout)
    {
        var command = new Command("schema", "Print the JSON Schema (2020-12) of assembly JSON with every robot: save it and point \"$schema\" at it for completion in VS Code and Rider.");
        command.SetAction(_ =>
        {
            stdout.Write(AssemblySchemaBundle.Text());
            return ImageSdkCli.Success;
        });
        return command;
    }
}
