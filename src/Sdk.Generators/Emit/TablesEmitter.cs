using System.Collections.Generic;
using System.Linq;
using ImageSdk.Generators.Infrastructure;
using ImageSdk.Generators.Model;
using ImageSdk.Tables;

namespace ImageSdk.Generators.Emit;

/// <summary>
/// Emits the schema tables: the schema's data for the validation rules. No rule is written here. Each table is built on its
/// first read, in a holder class of its own (and each robot's spec in a method of its own), so that a reader pays for the
/// tables it reads only: a fresh compiler running the analyzer JIT-compiles and runs no initializer of a table it never
/// reads (docs/benchmarks.md, "Analyzer build overhead, third round").
/// </summary>
internal static class TablesEmitter
{
    public static string Emit(TablesModel tables)
    {
        var w = Emitter.Begin(Emitter.RootNamespace + ".Tables");
        w.WriteLine("public static partial class SchemaTables");
        w.OpenBrace();
        w.WriteLine("private static readonly string[] s_none = global::System.Array.Empty<string>();");
        w.WriteLine();
        EmitRobots(w, tables);
        w.WriteLine();
        w.WriteLine("/// <summary>The top-level keys of assembly JSON, in schema order.</summary>");
        w.WriteLine("public static global::System.Collections.Generic.IReadOnlyList<ParameterSpec> AssemblyKeys => AssemblyKeyTable.Items;");
        w.WriteLine();
        if (tables.Encoded && Encode(tables.EnvelopeKeys, robot: null, tables.Catalog) is { } encodedKeys)
        {
            w.WriteLine("private static class AssemblyKeyTable");
            w.OpenBrace();
            w.WriteLine(EncodedComment("assembly keys"));
            w.WriteLine("public static readonly ParameterSpec[] Items = SpecText.Parameters(");
            WriteEncoded(w, encodedKeys);
            w.WriteLine(");");
            w.CloseBrace();
        }
        else
        {
            OpenHolder(w, "AssemblyKeyTable", "ParameterSpec[]", "new ParameterSpec[]");
            foreach (var key in tables.EnvelopeKeys)
            {
                w.WriteLine(Parameter(key, robot: null) + ",");
            }

            CloseHolder(w);
        }
        w.WriteLine();
        w.WriteLine("/// <summary>The model catalog, in catalog order.</summary>");
        w.WriteLine("public static global::System.Collections.Generic.IReadOnlyList<ModelSpec> Models => ModelTable.Items;");
        w.WriteLine();
        OpenHolder(w, "ModelTable", "ModelSpec[]", "new ModelSpec[]");
        foreach (var entry in tables.Catalog?.Entries ?? EquatableArray<CatalogEntry>.Empty)
        {
            w.WriteLine("new ModelSpec(");
            w.Indent();
            w.WriteLine($"{Text.Literal(entry.Id)},");
            w.WriteLine($"{Strings(entry.Aliases)},");
            w.WriteLine($"{Text.Literal(entry.DisplayName)},");
            w.WriteLine($"{Text.Literal(entry.Description)},");
            w.WriteLine("new ProviderRoute[] { " + string.Join(", ", entry.Providers.Select(p => Route(p, tables.Catalog!.MaskEnum))) + " },");
            w.WriteLine("new ModelCapabilities(");
            w.Indent();
            w.WriteLine($"Formats: {Strings(entry.Formats)},");
            w.WriteLine($"DefaultFormat: {Text.Literal(entry.DefaultFormat)},");
            w.WriteLine($"ImageInput: {Bool(entry.ImageInput)},");
            w.WriteLine($"MaskInput: {Bool(entry.MaskInput)},");
            w.WriteLine($"InputRoles: {Strings(entry.InputRoles)},");
            w.WriteLine($"RequiredInputs: {Strings(entry.RequiredInputs)},");
            w.WriteLine($"MaxOutputsPerCall: {Text.Literal(entry.MaxOutputsPerCall)},");
            w.WriteLine($"AspectRatios: {Strings(entry.AspectRatios)},");
            w.WriteLine($"DefaultAspectRatio: {Text.Literal(entry.DefaultAspectRatio)},");
            w.WriteLine($"Size: new SizeSupport({Bool(entry.SizeSupported)}, {Text.Literal(entry.SizeMin)}, {Text.Literal(entry.SizeMax)}, {Text.Literal(entry.SizeMultipleOf)}),");
            w.WriteLine($"Styles: {Strings(entry.Styles)},");
            w.WriteLine($"Seed: {Bool(entry.Seed)},");
            w.WriteLine($"SvgStyles: {Strings(entry.SvgStyles)}),");
            w.WriteLine($"MemberName: {Text.Literal(entry.MemberName)}),");
            w.Outdent();
            w.Outdent();
        }

        CloseHolder(w);
        w.WriteLine();
        w.WriteLine("/// <summary>The robot whose step makes an assembly a Smart CDN one (it serves files), if the schema says; null otherwise.</summary>");
        w.WriteLine($"public static string? SmartCdnRobot => {Text.Literal(tables.SmartCdn?.Robot)};");
        w.WriteLine();
        w.WriteLine("/// <summary>The most steps a Smart CDN assembly may have.</summary>");
        w.WriteLine($"public static int SmartCdnMaxSteps => {tables.SmartCdn?.MaxSteps ?? 0};");
        w.WriteLine();
        w.WriteLine("/// <summary>The model used when a step names none.</summary>");
        w.WriteLine($"public static string? DefaultModel => {Text.Literal(tables.DefaultModel)};");
        w.WriteLine();
        w.WriteLine("/// <summary>");
        w.WriteLine("/// The generated builder types by name, the assembly builder first, then one per robot (<c>x-imagesdk-builder</c>): the contract");
        w.WriteLine("/// by which the analyzer and the transpiler find builder chains, instead of guessing from a name's suffix.");
        w.WriteLine("/// </summary>");
        var builders = new List<string>();
        if (tables.EnvelopeBuilderName is { } envelopeBuilder)
        {
            builders.Add(envelopeBuilder);
        }

        builders.AddRange(tables.Robots.Select(r => r.BuilderName));
        w.WriteLine("public static global::System.Collections.Generic.IReadOnlyList<string> BuilderTypeNames => BuilderTypeNameTable.Items;");
        w.WriteLine();
        w.WriteLine("private static class BuilderTypeNameTable");
        w.OpenBrace();
        w.WriteLine($"public static readonly string[] Items = {Strings(builders.ToEquatableArray())};");
        w.CloseBrace();
        w.WriteLine();
        w.WriteLine("/// <summary>The metadata name of the assembly builder, e.g. <c>ImageSdk.AssemblyBuilder</c>.</summary>");
        w.WriteLine($"public const string AssemblyBuilderTypeName = {Text.Literal(Emitter.RootNamespace + "." + (tables.EnvelopeBuilderName ?? "AssemblyBuilder"))};");
        w.WriteLine();
        w.WriteLine("/// <summary>The grammar of builder code, as the generator writes the builders: by it the analyzer and the transpiler read and write them.</summary>");
        w.WriteLine("internal static BuilderGrammar Grammar => GrammarTable.Value;");
        w.WriteLine();
        w.WriteLine("private static class GrammarTable");
        w.OpenBrace();
        w.WriteLine("public static readonly BuilderGrammar Value = new BuilderGrammar");
        w.OpenBrace();
        w.WriteLine($"Namespace = {Text.Literal(Emitter.RootNamespace)},");
        w.WriteLine($"AssemblyBuilder = {Text.Literal(tables.EnvelopeBuilderName ?? "AssemblyBuilder")},");
        w.WriteLine($"StepMethod = {Text.Literal(BuilderContract.StepMethod)},");
        w.WriteLine($"FieldMethod = {Text.Literal(BuilderContract.FieldMethod)},");
        w.WriteLine($"StepBuilder = {Text.Literal(BuilderContract.StepBuilder)},");
        w.WriteLine($"RobotNameConstant = {Text.Literal(BuilderContract.RobotNameConstant)},");
        w.WriteLine($"RequiredStepNameConstant = {Text.Literal(BuilderContract.RequiredStepNameConstant)},");
        w.WriteLine($"CatalogType = {Text.Literal(tables.Catalog?.TypeName)},");
        w.WriteLine($"InterpolationType = {Text.Literal(BuilderContract.InterpolationType)},");
        w.WriteLine($"InterpolationFieldMethod = {Text.Literal(BuilderContract.InterpolationFieldMethod)},");
        w.WriteLine($"InterpolationParseMethod = {Text.Literal(BuilderContract.InterpolationParseMethod)},");
        w.WriteLine($"UseType = {Text.Literal(BuilderContract.UseType)},");
        w.WriteLine($"UseStepMethod = {Text.Literal(BuilderContract.UseStepMethod)},");
        w.WriteLine($"UseStepsMethod = {Text.Literal(BuilderContract.UseStepsMethod)},");
        w.WriteLine($"UseInputsMethod = {Text.Literal(BuilderContract.UseInputsMethod)},");
        w.WriteLine($"UseBundleMethod = {Text.Literal(BuilderContract.UseBundleMethod)},");
        w.WriteLine($"UseBundleParameters = {Strings(BuilderContract.UseBundleParameters.ToEquatableArray())},");
        w.WriteLine($"InputType = {Text.Literal(BuilderContract.InputType)},");
        w.WriteLine($"InputParameters = {Strings(BuilderContract.InputParameters.ToEquatableArray())},");
        w.WriteLine($"InputsToUseMethod = {Text.Literal(BuilderContract.InputsToUseMethod)},");
        CloseHolder(w);
        w.WriteLine();
        w.WriteLine("/// <summary>The pattern of a string holding a <c>${...}</c> Assembly Variable, from the schema.</summary>");
        w.WriteLine($"public const string InterpolationPattern = {Text.Literal(tables.InterpolationPattern ?? string.Empty)};");
        w.WriteLine();
        w.WriteLine("/// <summary>The schema fragments that <see cref=\"ParameterSpec.Schema\"/> fragments name by <c>$ref</c>, by key (<c>file#pointer</c>).</summary>");
        w.WriteLine("public static global::System.Collections.Generic.IReadOnlyDictionary<string, string> SchemaDefinitions => DefinitionTable.Items;");
        w.WriteLine();
        OpenHolder(w, "DefinitionTable", "global::System.Collections.Generic.Dictionary<string, string>", "new global::System.Collections.Generic.Dictionary<string, string>(global::System.StringComparer.Ordinal)");
        foreach (var definition in tables.Definitions)
        {
            w.WriteLine($"[{Text.Literal(definition.Key)}] = {Text.Literal(definition.Json)},");
        }

        CloseHolder(w);
        w.CloseBrace();
        return Emitter.End(w);
    }

    /// <summary>
    /// Opens <c>private static class HOLDER { public static readonly TYPE Items = NEW { ...</c>: a table whose initializer runs
    /// (and is JIT-compiled) when the table is first read, not with every other table (<see cref="CloseHolder"/> closes it).
    /// </summary>
    private static void OpenHolder(SourceWriter w, string holder, string type, string creation)
    {
        w.WriteLine($"private static class {holder}");
        w.OpenBrace();
        w.WriteLine($"public static readonly {type} Items = {creation}");
        w.OpenBrace();
    }

    /// <summary>Closes the initializer and the class that <see cref="OpenHolder"/> opened.</summary>
    private static void CloseHolder(SourceWriter w)
    {
        w.CloseBrace(";");
        w.CloseBrace();
    }

    /// <summary>
    /// The robots: their names (and their steps' required names) as arrays, and each robot's spec in a method of its own that
    /// <c>RobotTable</c> calls when the robot is first read. A process that validates a four-robot document so builds four
    /// robots' specs, not all of them (docs/benchmarks.md, "imagesdk validate per call").
    /// </summary>
    private static void EmitRobots(SourceWriter w, TablesModel tables)
    {
        w.WriteLine("/// <summary>The robots of the schema, ordered by name. A robot's spec is built when it is first read.</summary>");
        w.WriteLine("public static global::System.Collections.Generic.IReadOnlyList<RobotSpec> Robots => RobotSpecs.Table;");
        w.WriteLine();
        w.WriteLine("/// <summary>The robot names, in the order of <see cref=\"Robots\"/>: read without building a robot's spec.</summary>");
        w.WriteLine("internal static string[] RobotNames => RobotSpecs.Names;");
        w.WriteLine();
        w.WriteLine("/// <summary>The name each robot's steps must have (<c>:original</c>), or null, in the order of <see cref=\"Robots\"/>.</summary>");
        w.WriteLine("internal static string?[] RequiredStepNames => RobotSpecs.RequiredStepNames;");
        w.WriteLine();
        w.WriteLine("/// <summary>");
        w.WriteLine("/// Every distinct name in the robots' specs that the rules compare a document's text with: robot names, required step names,");
        w.WriteLine("/// parameter names, enum values, map keys and input roles. The same (interned literal) strings as the specs hold, read");
        w.WriteLine("/// without building a spec. In a class of its own: the validator's name table reads it, the analyzer does not.");
        w.WriteLine("/// </summary>");
        w.WriteLine("internal static string[] RobotStrings => RobotStringTable.Items;");
        w.WriteLine();
        w.WriteLine("private static class RobotStringTable");
        w.OpenBrace();
        var strings = new List<string>();
        var seen = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (var robot in tables.Robots)
        {
            var names = new[] { robot.Name, robot.RequiredStepName }
                .Concat(robot.Parameters.SelectMany(p => new[] { p.JsonName }.Concat(p.EnumValues).Concat(p.MapKeys).Concat(p.UseRoles)));
            foreach (var name in names)
            {
                if (!string.IsNullOrEmpty(name) && seen.Add(name!))
                {
                    strings.Add(name!);
                }
            }
        }

        w.WriteLine("public static readonly string[] Items = " + Strings(strings.ToEquatableArray()) + ";");
        w.CloseBrace();
        w.WriteLine();
        w.WriteLine("private static class RobotSpecs");
        w.OpenBrace();
        w.WriteLine("public static readonly string[] Names = " + Strings(tables.Robots.Select(r => r.Name).ToEquatableArray()) + ";");
        w.WriteLine();
        w.WriteLine("public static readonly string?[] RequiredStepNames = new string?[] { " + string.Join(", ", tables.Robots.Select(r => Text.Literal(r.RequiredStepName))) + " };");
        w.WriteLine();
        w.WriteLine("public static readonly RobotTable Table = new RobotTable(Names, Build);");
        w.WriteLine();
        w.WriteLine("private static RobotSpec Build(int index)");
        w.OpenBrace();
        w.WriteLine("switch (index)");
        w.OpenBrace();
        for (var i = 0; i < tables.Robots.Count; i++)
        {
            w.WriteLine($"case {i}: return Robot{i}();");
        }

        w.WriteLine("default: throw new global::System.ArgumentOutOfRangeException(nameof(index));");
        w.CloseBrace();
        w.CloseBrace();
        for (var i = 0; i < tables.Robots.Count; i++)
        {
            var robot = tables.Robots[i];
            w.WriteLine();
            if (tables.Encoded && Encode(robot.Parameters, robot, tables.Catalog) is { } encoded)
            {
                w.WriteLine(EncodedComment("parameters of " + Text.Shown(robot.Name, quoted: false)));
                w.WriteLine($"private static RobotSpec Robot{i}() => new RobotSpec({Text.Literal(robot.Name)}, {Text.Literal(robot.Description)}, {Text.Literal(robot.RequiredStepName)}, SpecText.Parameters(");
                WriteEncoded(w, encoded);
                w.WriteLine($")) {{ {Members(robot)} }};");
                continue;
            }

            w.WriteLine($"private static RobotSpec Robot{i}() => new RobotSpec({Text.Literal(robot.Name)}, {Text.Literal(robot.Description)}, {Text.Literal(robot.RequiredStepName)}, new ParameterSpec[]");
            w.OpenBrace();
            foreach (var parameter in robot.Parameters)
            {
                w.WriteLine(Parameter(parameter, robot) + ",");
            }

            w.CloseBrace($") {{ {Members(robot)} }};");
        }

        w.CloseBrace();
    }

    /// <summary>
    /// The <c>RobotSpec</c> of a robot as one expression with every type name qualified, for code outside the tables: a
    /// user robot's builder carries its own (<c>Spec</c>), by which the validator and the runner judge its steps.
    /// </summary>
    public static string QualifiedSpec(RobotModel robot)
    {
        const string Tables = "global::ImageSdk.Tables.";
        var parameters = string.Join(", ", robot.Parameters.Select(p => Parameter(p, robot)
            .Replace("new ParameterSpec", "new " + Tables + "ParameterSpec")
            .Replace("ValueForms.", Tables + "ValueForms.")
            .Replace("BuilderArguments.", Tables + "BuilderArguments.")
            .Replace("s_none", "global::System.Array.Empty<string>()")));
        return $"new {Tables}RobotSpec({Text.Literal(robot.Name)}, {Text.Literal(robot.Description)}, {Text.Literal(robot.RequiredStepName)}, new {Tables}ParameterSpec[] {{ {parameters} }}) {{ {Members(robot)} }}";
    }

    /// <summary>The robot's members set by name: its builder and, where the schema says, its category and when it brings files without a use.</summary>
    private static string Members(RobotModel robot) =>
        $"BuilderTypeName = {Text.Literal(robot.BuilderName)}" + (robot.Category is null ? string.Empty : $", Category = {Text.Literal(robot.Category)}")
        + (robot.FilesWithoutUse is null ? string.Empty : $", FilesWithoutUse = global::ImageSdk.Tables.FilesWithoutUse.{robot.FilesWithoutUse}")
        + (robot.FilesWithoutUseParameter is null ? string.Empty : $", FilesWithoutUseParameter = {Text.Literal(robot.FilesWithoutUseParameter)}")
        + (robot.AllowedInSmartCdn ? ", AllowedInSmartCdn = true" : string.Empty);

    /// <summary>The field end and the null field of <c>SpecText</c> (src/Shared/Tables/SpecText.cs), the reader of what <see cref="Encode(EquatableArray{ParameterModel}, RobotModel?, CatalogModel?)"/> writes.</summary>
    private const char SpecTextEnd = '\u001f', SpecTextNull = '\u0000';

    /// <summary>The comment above an encoded table: what the string holds and which reader decodes it.</summary>
    private static string EncodedComment(string what) =>
        $"// The {what} as text, one line per parameter (its members inside), decoded by SpecText.Parameters (src/Shared/Tables/SpecText.cs): each field ends with \\u001f, \\u0000 is null, lists are a count and the items.";

    /// <summary>The encoded parameters as one string constant, a literal per line (the compiler joins them into one).</summary>
    private static void WriteEncoded(SourceWriter w, List<string> encoded)
    {
        w.Indent();
        for (var i = 0; i < encoded.Count; i++)
        {
            w.WriteLine(Text.Literal(encoded[i]) + (i < encoded.Count - 1 ? " +" : string.Empty));
        }

        w.Outdent();
    }

    /// <summary>
    /// The parameters as <c>SpecText</c> reads them: the count (on the first line), then one string per parameter. Null where
    /// a text holds the field separator or a capability is not in the catalog's vocabulary: those are written as constructors.
    /// </summary>
    private static List<string>? Encode(EquatableArray<ParameterModel> parameters, RobotModel? robot, CatalogModel? catalog)
    {
        var lines = new List<string>();
        foreach (var parameter in parameters)
        {
            var line = new System.Text.StringBuilder();
            if (!Encode(line, parameter, robot, catalog))
            {
                return null;
            }

            lines.Add(line.ToString());
        }

        var count = Number(parameters.Count) + SpecTextEnd;
        if (lines.Count == 0)
        {
            lines.Add(count);
        }
        else
        {
            lines[0] = count + lines[0];
        }

        return lines;
    }

    private static bool Encode(System.Text.StringBuilder line, ParameterModel p, RobotModel? robot, CatalogModel? catalog)
    {
        var ok = true;
        void Field(string? value)
        {
            ok &= value is null || (value.IndexOf(SpecTextEnd) < 0 && value != SpecTextNull.ToString());
            line.Append(value ?? SpecTextNull.ToString()).Append(SpecTextEnd);
        }

        void List(EquatableArray<string> values)
        {
            Field(Number(values.Count));
            foreach (var value in values)
            {
                Field(value);
            }
        }

        int? capability = null;
        if (p.Capability is { } named)
        {
            var values = catalog?.Capabilities.Values ?? EquatableArray<string>.Empty;
            var index = values.Select((v, i) => (v, i)).FirstOrDefault(x => catalog!.Capabilities.EnumName + "." + Text.Pascal(x.v) == named);
            ok &= index.v is not null;
            capability = index.i;
        }

        Field(p.JsonName);
        Field(Number((int)p.Forms));
        Field(p.Required ? "1" : "0");
        Field(p.Minimum is { } min ? min.ToString("R", System.Globalization.CultureInfo.InvariantCulture) : null);
        Field(p.Maximum is { } max ? max.ToString("R", System.Globalization.CultureInfo.InvariantCulture) : null);
        Field(p.MinLength is { } length ? Number(length) : null);
        Field(p.Pattern);
        List(p.EnumValues);
        List(p.MapKeys);
        List(p.UseRoles);
        Field(p.Catalog);
        Field(capability is { } c ? Number(c) : null);
        Field(p.DefaultJson);
        Field(p.Description);
        Field(p.Members.Count == 0 ? null : Number(p.Members.Count));
        foreach (var member in p.Members)
        {
            ok &= Encode(line, member, robot: null, catalog);
        }

        Field(p.Schema);
        Field(p.MethodName);
        List(p.EnumValues.Select(Text.Pascal).ToEquatableArray());
        List(p.UseRoles.Select(Text.Pascal).ToEquatableArray());
        Field(Number((int)BuilderContract.Arguments(p)));
        Field(BuilderContract.ArgumentTypeName(p, robot));
        return ok;
    }

    private static string Number(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Parameter(ParameterModel p, RobotModel? robot) =>
        $"new ParameterSpec({Text.Literal(p.JsonName)}, {FlagsExpression(p.Forms)}, {Bool(p.Required)}, {Text.Literal(p.Minimum)}, {Text.Literal(p.Maximum)}, " +
        $"{Text.Literal(p.MinLength)}, {Text.Literal(p.Pattern)}, {Strings(p.EnumValues)}, {Strings(p.MapKeys)}, {Strings(p.UseRoles)}, " +
        $"{Text.Literal(p.Catalog)}, {(p.Capability is null ? "null" : $"global::{Emitter.RootNamespace}.{p.Capability}")}, {Text.Literal(p.DefaultJson)}, {Text.Literal(p.Description)}, " +
        (p.Members.Count == 0 ? "null" : "new ParameterSpec[] { " + string.Join(", ", p.Members.Select(m => Parameter(m, robot: null))) + " }") +
        (p.Schema is null ? ")" : $", Schema: {Text.Literal(p.Schema)})") +
        $" {{ MemberName = {Text.Literal(p.MethodName)}, EnumMembers = {Strings(p.EnumValues.Select(Text.Pascal).ToEquatableArray())}, UseRoleMembers = {Strings(p.UseRoles.Select(Text.Pascal).ToEquatableArray())}" +
        $", Arguments = {FlagsExpression(BuilderContract.Arguments(p))}, ArgumentTypeName = {Text.Literal(BuilderContract.ArgumentTypeName(p, robot))} }}";

        /// <summary>A flags value as C#, e.g. <c>ValueForms.String | ValueForms.Interpolation</c>.</summary>
    private static string FlagsExpression<TFlags>(TFlags value)
        where TFlags : struct, System.Enum
    {
        var bits = System.Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
        var names = new List<string>();
        foreach (TFlags flag in System.Enum.GetValues(typeof(TFlags)))
        {
            var flagBits = System.Convert.ToInt64(flag, System.Globalization.CultureInfo.InvariantCulture);
            if (flagBits != 0 && (bits & flagBits) == flagBits)
            {
                names.Add(typeof(TFlags).Name + "." + flag);
            }
        }

        return names.Count == 0 ? typeof(TFlags).Name + ".None" : string.Join(" | ", names);
    }

    private static string Route(ProviderRouteModel route, string maskEnum) =>
        $"new ProviderRoute({Text.Literal(route.Provider)}, {Text.Literal(route.ModelId)}" + (route.Native is not { } n ? ")"
            : $", new RouteCapabilities({Strings(n.Formats)}, {n.MaxOutputsPerCall}, {Strings(n.AspectRatios)}, global::{Emitter.RootNamespace}.{maskEnum}.{Text.Pascal(n.Mask)}, {Bool(n.Seed)}, {Strings(n.Styles)}, {Text.Literal(n.SvgModelId)}, {n.MaxInputImages}, {Strings(n.SvgStyles)}, {Strings(n.ImageSizes)}, {Text.Literal(n.SizeInput)}, {Text.Literal(n.ImageField)}, {Text.Literal(n.InputRatio)}, {Text.Literal(n.FastInput)}))");

    private static string Strings(EquatableArray<string> values) =>
        values.Count == 0 ? "s_none" : "new[] { " + string.Join(", ", values.Select(Text.Literal)) + " }";

    private static string Bool(bool value) => value ? "true" : "false";
}
