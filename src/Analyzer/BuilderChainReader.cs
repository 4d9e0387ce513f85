using System;
using System.Collections.Generic;
using System.Linq;
using ImageSdk.Generators.Infrastructure;
using ImageSdk.Rules;
using ImageSdk.Validation.Engine;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ImageSdk.Analyzer;

/// <summary>
/// The analyzer's front end: fills the rule engine's neutral model from a builder chain
/// (<c>new AssemblyBuilder().Step("g", new ImageGenerateStep().Prompt("x").Format(ImageFormat.Svg))</c>). Constant
/// arguments become values: literals, consts, enum members, <c>ImageModel</c> members, constant interpolated strings,
/// <c>Interpolation.Field("x")</c>. Anything else is <see cref="InstructionKind.Unknown"/> and is never reported.
/// Every value remembers its syntax, so a finding lands on the argument that is wrong.
/// </summary>
internal sealed class BuilderChainReader
{
    private readonly BuilderSymbols _symbols;
    private readonly InstructionDocument _doc = new();

    public BuilderChainReader(BuilderSymbols symbols) => _symbols = symbols;

    /// <summary>Whether some step name or step was not a constant: rules about references between steps are then not judged.</summary>
    public bool HasUnknownSteps { get; private set; }

    public InstructionDocument Document => _doc;

    /// <summary>Reads an assembly chain: its root is <c>new AssemblyBuilder()</c>; calls are in source order.</summary>
    public void ReadAssembly(IObjectCreationOperation root, IReadOnlyList<IInvocationOperation> calls)
    {
        var assembly = _doc.Add(InstructionDocument.None, InstructionKind.Object);
        _doc.SetOrigin(assembly, root.Syntax);
        var steps = _doc.Add(assembly, InstructionKind.Object, "steps");
        _doc.SetOrigin(steps, root.Syntax);
        var seen = new Dictionary<string, SyntaxNode>(StringComparer.Ordinal);
        foreach (var call in calls)
        {
            if (call.TargetMethod.Name != "Step")
            {
                continue;
            }

            string? name;
            IOperation? stepArgument;
            SyntaxNode nameSyntax;
            if (call.Arguments.Length == 1)
            {
                // Step(UploadHandleStep): the step takes the name its robot requires.
                stepArgument = call.Arguments[0].Value;
                name = RequiredStepName(stepArgument.Type);
                nameSyntax = call.Arguments[0].Syntax;
            }
            else if (call.Arguments.Length >= 2)
            {
                name = call.Arguments[0].Value.ConstantValue is { HasValue: true, Value: string text } ? text : null;
                nameSyntax = call.Arguments[0].Syntax;
                stepArgument = call.Arguments[1].Value;
            }
            else
            {
                continue;
            }

            if (name is null)
            {
                HasUnknownSteps = true;
                continue;
            }

            if (seen.ContainsKey(name))
            {
                Duplicates.Add((name, nameSyntax));
                continue;
            }

            seen[name] = nameSyntax;
            ReadStep(steps, name, nameSyntax, stepArgument);
        }
    }

    /// <summary>Step names added twice (the second syntax), which JSON cannot even express.</summary>
    public List<(string Name, SyntaxNode Syntax)> Duplicates { get; } = new();

    /// <summary>Reads a step on its own (not inside an assembly chain), as the only step of an assembly.</summary>
    public void ReadLoneStep(IOperation step)
    {
        var assembly = _doc.Add(InstructionDocument.None, InstructionKind.Object);
        _doc.SetOrigin(assembly, step.Syntax);
        var steps = _doc.Add(assembly, InstructionKind.Object, "steps");
        _doc.SetOrigin(steps, step.Syntax);
        HasUnknownSteps = true; // its assembly is elsewhere: references cannot be judged
        ReadStep(steps, RequiredStepName(step.Type) ?? "step", step.Syntax, step);
    }

    private void ReadStep(int steps, string name, SyntaxNode nameSyntax, IOperation? expression)
    {
        var (root, calls) = Chain(expression);
        if (root is null || RobotOf(root.Type) is not { } robot)
        {
            HasUnknownSteps = true;
            var unknown = _doc.Add(steps, InstructionKind.Unknown, name);
            _doc.SetOrigin(unknown, expression?.Syntax, nameSyntax);
            return;
        }

        var step = _doc.Add(steps, InstructionKind.Object, name);
        _doc.SetOrigin(step, root.Syntax, nameSyntax);
        var robotNode = _doc.AddString(step, "robot", robot.Name);
        _doc.SetOrigin(robotNode, root.Syntax);
        foreach (var call in calls)
        {
            if (!MethodsOf(robot).TryGetValue(call.TargetMethod.Name, out var parameter))
            {
                continue;
            }

            // A later call of the same method adds a later member: the engine reads the last one, as the builder keeps it.
            ReadArguments(step, parameter, call);
        }
    }

    private void ReadArguments(int step, ParameterSpec parameter, IInvocationOperation call)
    {
        var arguments = call.Arguments.Where(a => a.ArgumentKind != ArgumentKind.DefaultValue).ToList();
        if (arguments.Count == 1 && Unwrap(arguments[0].Value) is IArrayCreationOperation array
            && (array.Initializer is not null || array.DimensionSizes.All(d => d.ConstantValue is { HasValue: true, Value: 0 })))
        {
            var items = _doc.Add(step, InstructionKind.Array, parameter.Name);
            _doc.SetOrigin(items, arguments[0].Syntax, call.Syntax);
            foreach (var element in array.Initializer?.ElementValues ?? ImmutableArrayEmpty)
            {
                ReadValue(items, null, parameter, element);
            }

            return;
        }

        if (arguments.Count == 1)
        {
            ReadValue(step, parameter.Name, parameter, arguments[0].Value, arguments[0].Syntax);
        }
        else
        {
            var unknown = _doc.Add(step, InstructionKind.Unknown, parameter.Name);
            _doc.SetOrigin(unknown, call.Syntax);
        }
    }

    private static readonly System.Collections.Immutable.ImmutableArray<IOperation> ImmutableArrayEmpty = System.Collections.Immutable.ImmutableArray<IOperation>.Empty;

    private void ReadValue(int parent, string? name, ParameterSpec parameter, IOperation value, SyntaxNode? syntax = null)
    {
        syntax ??= value.Syntax;
        var operation = Unwrap(value);

        // ImageGenerateInput.Image("step") / .Mask("step", "field"): a use input in a role.
        if (operation is IInvocationOperation { TargetMethod.IsStatic: true } factory && parameter.Accepts(ValueForms.Use)
            && parameter.UseRoles.FirstOrDefault(r => Text.Pascal(r) == factory.TargetMethod.Name) is { } role)
        {
            var input = _doc.Add(parent, InstructionKind.Object, name);
            _doc.SetOrigin(input, syntax);
            var stepName = factory.Arguments.Length > 0 ? factory.Arguments[0] : null;
            AddConstant(input, "name", stepName?.Value, stepName?.Syntax ?? syntax);
            var roleNode = _doc.AddString(input, "as", role);
            _doc.SetOrigin(roleNode, factory.Syntax);
            return;
        }

        // Interpolation.Field("x") → "${fields.x}".
        if (operation is IInvocationOperation { TargetMethod.Name: "Field" } field && SymbolEqualityComparer.Default.Equals(field.TargetMethod.ContainingType, _symbols.Interpolation)
            && field.Arguments.Length == 1 && field.Arguments[0].Value.ConstantValue is { HasValue: true, Value: string variable })
        {
            var node = _doc.AddString(parent, name, "${fields." + variable + "}");
            _doc.SetOrigin(node, syntax);
            return;
        }

        // ImageModel.GoogleNanoBanana → its catalog id.
        if (operation is IPropertyReferenceOperation { Property.IsStatic: true } property && SymbolEqualityComparer.Default.Equals(property.Property.ContainingType, _symbols.ImageModel)
            && RuleTables.Models.FirstOrDefault(m => Text.Pascal(m.Id) == property.Property.Name) is { } model)
        {
            var node = _doc.AddString(parent, name, model.Id);
            _doc.SetOrigin(node, syntax);
            return;
        }

        // An enum member → its JSON value.
        if (operation is IFieldReferenceOperation { Field.ContainingType.TypeKind: TypeKind.Enum } member
            && parameter.EnumValues.Concat(parameter.UseRoles).FirstOrDefault(v => Text.Pascal(v) == member.Field.Name) is { } enumValue)
        {
            var node = _doc.AddString(parent, name, enumValue);
            _doc.SetOrigin(node, syntax);
            return;
        }

        AddConstant(parent, name, operation, syntax);
    }

    private void AddConstant(int parent, string? name, IOperation? value, SyntaxNode syntax)
    {
        int node;
        switch (value?.ConstantValue is { HasValue: true } constant ? constant.Value : NotConstant)
        {
            case string text:
                node = _doc.AddString(parent, name, text);
                break;
            case bool flag:
                node = _doc.AddBoolean(parent, name, flag);
                break;
            case int or long or short or byte or sbyte or uint or ushort or ulong or double or float or decimal:
                node = _doc.AddNumber(parent, name, Convert.ToDouble(value!.ConstantValue.Value, System.Globalization.CultureInfo.InvariantCulture));
                break;
            default:
                node = _doc.Add(parent, InstructionKind.Unknown, name);
                break;
        }

        _doc.SetOrigin(node, syntax);
    }

    private static readonly object NotConstant = new();

    private static IOperation Unwrap(IOperation operation)
    {
        while (operation is IConversionOperation { IsImplicit: true } conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    /// <summary>The root creation and the calls on it, in source order: <c>new X().A().B()</c> gives (new X(), [A, B]).</summary>
    internal static (IObjectCreationOperation? Root, List<IInvocationOperation> Calls) Chain(IOperation? expression)
    {
        var calls = new List<IInvocationOperation>();
        var current = expression is null ? null : Unwrap(expression);
        while (current is IInvocationOperation invocation && invocation.Instance is not null)
        {
            calls.Add(invocation);
            current = Unwrap(invocation.Instance);
        }

        calls.Reverse();
        return (current as IObjectCreationOperation, calls);
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<RobotSpec, Dictionary<string, ParameterSpec>> s_methods = new();

    /// <summary>The builder method name of each parameter (the generator's Pascal case), computed once per robot.</summary>
    private static Dictionary<string, ParameterSpec> MethodsOf(RobotSpec robot) =>
        s_methods.GetValue(robot, r => r.Parameters.ToDictionary(p => Text.Pascal(p.Name), StringComparer.Ordinal));

    private RobotSpec? RobotOf(ITypeSymbol? type) =>
        type?.GetMembers("RobotName").OfType<IFieldSymbol>().FirstOrDefault() is { HasConstantValue: true, ConstantValue: string robot }
            ? RuleTables.FindRobot(robot)
            : null;

    private static string? RequiredStepName(ITypeSymbol? type) =>
        type?.GetMembers("RequiredStepName").OfType<IFieldSymbol>().FirstOrDefault() is { HasConstantValue: true, ConstantValue: string name } ? name : null;
}

/// <summary>The ImageSdk types the analyzer looks for, resolved once per compilation.</summary>
internal sealed class BuilderSymbols
{
    private BuilderSymbols(INamedTypeSymbol assemblyBuilder, INamedTypeSymbol? stepBuilder, INamedTypeSymbol? interpolation, INamedTypeSymbol? imageModel)
    {
        AssemblyBuilder = assemblyBuilder;
        StepBuilder = stepBuilder;
        Interpolation = interpolation;
        ImageModel = imageModel;
    }

    public INamedTypeSymbol AssemblyBuilder { get; }

    public INamedTypeSymbol? StepBuilder { get; }

    public INamedTypeSymbol? Interpolation { get; }

    public INamedTypeSymbol? ImageModel { get; }

    /// <summary>The symbols, or null when the compilation does not reference ImageSdk.</summary>
    public static BuilderSymbols? From(Compilation compilation) =>
        compilation.GetTypeByMetadataName("ImageSdk.AssemblyBuilder") is { } assemblyBuilder
            ? new BuilderSymbols(
                assemblyBuilder,
                compilation.GetTypeByMetadataName("ImageSdk.Instructions.StepBuilder"),
                compilation.GetTypeByMetadataName("ImageSdk.Interpolation"),
                compilation.GetTypeByMetadataName("ImageSdk.ImageModel"))
            : null;

    /// <summary>Whether <paramref name="type"/> is a generated step builder.</summary>
    public bool IsStep(ITypeSymbol? type)
    {
        for (var current = type as INamedTypeSymbol; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, StepBuilder))
            {
                return true;
            }
        }

        return false;
    }
}
