using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ImageSdk.Tables;
using ImageSdk.Validation;
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
    /// <summary>The names builder code is written with, as the generator emitted them.</summary>
    private static readonly BuilderGrammar s_grammar = SchemaTables.Grammar;

    private readonly BuilderSymbols _symbols;
    private readonly InstructionDocument _doc = new();

    public BuilderChainReader(BuilderSymbols symbols) => _symbols = symbols;

    /// <summary>Whether some step name or step was not a constant: rules about references between steps are then not judged.</summary>
    public bool HasUnknownSteps { get; private set; }

    public InstructionDocument Document => _doc;

    /// <summary>
    /// Calls the reader could not turn into values (a method no parameter maps to, a field name that is not a constant).
    /// The analyzer ignores them; the transpiler reports them, because it never guesses.
    /// </summary>
    public List<(SyntaxNode Syntax, string Reason)> Unread { get; } = new();

    /// <summary>Reads an assembly chain: its root is <c>new AssemblyBuilder()</c>; calls are in source order.</summary>
    public void ReadAssembly(IObjectCreationOperation root, IReadOnlyList<IInvocationOperation> calls)
    {
        var assembly = _doc.Add(InstructionDocument.None, InstructionKind.Object);
        _doc.SetOrigin(assembly, root.Syntax);

        // "steps" and "fields" stand where their first call stands, so JSON -> C# -> JSON keeps the key order.
        var steps = InstructionDocument.None;
        var fields = InstructionDocument.None;
        var seen = new Dictionary<string, SyntaxNode>(StringComparer.Ordinal);
        foreach (var call in calls)
        {
            var method = call.TargetMethod.Name;
            if (method == s_grammar.StepMethod)
            {
                ReadStepCall(Member(ref steps, "steps", root.Syntax), call, seen); // findings about the steps as a whole sit on new AssemblyBuilder()
            }
            else if (method == s_grammar.FieldMethod && InParameterOrder(call.Arguments) is { Length: 2 } field)
            {
                if (field[0].Value.ConstantValue is { HasValue: true, Value: string fieldName })
                {
                    ReadValue(Member(ref fields, "fields", call.Syntax), fieldName, s_fieldSpec, field[1].Value, field[1].Syntax);
                }
                else
                {
                    Unread.Add((field[0].Syntax, "the field name is not a constant"));
                }
            }
            else if (s_envelopeMethods.TryGetValue(method, out var key))
            {
                ReadArguments(assembly, key, call);
            }
            else
            {
                Unread.Add((call.Syntax, $"'{method}' sets no key of the assembly"));
            }
        }

        Member(ref steps, "steps", root.Syntax); // builders always write "steps", if empty

        // The assembly's member `key`, added where it is first needed.
        int Member(ref int node, string key, SyntaxNode origin)
        {
            if (node == InstructionDocument.None)
            {
                node = _doc.Add(assembly, InstructionKind.Object, key);
                _doc.SetOrigin(node, origin);
            }

            return node;
        }
    }

    private void ReadStepCall(int steps, IInvocationOperation call, Dictionary<string, SyntaxNode> seen)
    {
        string? name;
        IOperation? stepArgument;
        SyntaxNode nameSyntax;
        var arguments = InParameterOrder(call.Arguments);
        if (arguments.Length == 1)
        {
            // Step(UploadHandleStep): the step takes the name its robot requires.
            stepArgument = arguments[0].Value;
            name = RequiredStepName(stepArgument.Type);
            nameSyntax = arguments[0].Syntax;
        }
        else if (arguments.Length >= 2)
        {
            name = arguments[0].Value.ConstantValue is { HasValue: true, Value: string text } ? text : null;
            nameSyntax = arguments[0].Syntax;
            stepArgument = arguments[1].Value;
        }
        else
        {
            return;
        }

        if (name is null)
        {
            HasUnknownSteps = true;
            Unread.Add((nameSyntax, "the step name is not a constant"));
            UnreadSteps.Add(stepArgument.WithoutImplicitConversions());
            return;
        }

        if (seen.ContainsKey(name))
        {
            Duplicates.Add((name, nameSyntax));
            UnreadSteps.Add(stepArgument.WithoutImplicitConversions());
            return;
        }

        seen[name] = nameSyntax;
        ReadStep(steps, name, nameSyntax, stepArgument);
    }

    /// <summary>The deepest an array or object may stand, the root at 0: the validator's limit (IMG1003).</summary>
    public static readonly int MaxDepth = ValidationOptions.Default.MaxDepth;

    /// <summary>
    /// Arrays and objects that would nest deeper than <see cref="MaxDepth"/>: read as unknown values, without going into
    /// them. The analyzer ignores them; the transpiler reports them.
    /// </summary>
    public List<SyntaxNode> TooDeep { get; } = new();

    private int DepthOf(int node)
    {
        var depth = 0;
        for (var current = _doc[node].Parent; current != InstructionDocument.None && depth < MaxDepth; current = _doc[current].Parent)
        {
            depth++;
        }

        return depth;
    }

    /// <summary>The steps of <c>.Step</c> calls not read into the document: their name is not a constant, or is taken.</summary>
    public List<IOperation> UnreadSteps { get; } = new();

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
                Unread.Add((call.Syntax, $"'{call.TargetMethod.Name}' sets no parameter of {robot.Name}"));
                continue;
            }

            // A later call of the same method adds a later member: the engine reads the last one, as the builder keeps it.
            ReadArguments(step, parameter, call);
        }
    }

    private void ReadArguments(int parent, ParameterSpec parameter, IInvocationOperation call)
    {
        // The one argument given (not by default), without a list per call: a chain has one call per parameter.
        IArgumentOperation? given = null;
        var count = 0;
        foreach (var argument in call.Arguments)
        {
            if (argument.ArgumentKind != ArgumentKind.DefaultValue)
            {
                given = argument;
                count++;
            }
        }

        if (count == 1)
        {
            ReadValue(parent, parameter.Name, parameter, given!.Value, given.Syntax, call.Syntax);
        }
        else
        {
            var unknown = _doc.Add(parent, InstructionKind.Unknown, parameter.Name);
            _doc.SetOrigin(unknown, call.Syntax);
        }
    }

    private void ReadValue(int parent, string? name, ParameterSpec parameter, IOperation value, SyntaxNode? syntax = null, SyntaxNode? nameSyntax = null)
    {
        syntax ??= value.Syntax;
        var operation = Unwrap(value);
        if (operation is IConversionOperation { Conversion.IsUserDefined: true, Operand: { ConstantValue.HasValue: true } operand })
        {
            operation = operand; // (JsonNode)0: the constant, as the implicit conversion would give it
        }

        if (operation is IArrayCreationOperation or IObjectCreationOperation && DepthOf(parent) + 1 >= MaxDepth)
        {
            // Deeper than JSON may nest: not read, so no recursion (here or in the rules) grows with the code.
            TooDeep.Add(syntax);
            _doc.SetOrigin(_doc.Add(parent, InstructionKind.Unknown, name), syntax, nameSyntax);
            return;
        }

        var node = operation switch
        {
            IArrayCreationOperation array => ReadArray(parent, name, parameter, array),
            IInvocationOperation { TargetMethod.IsStatic: true } factory => ReadFactory(parent, name, parameter, factory),
            IObjectCreationOperation creation => ReadCreation(parent, name, parameter, creation),
            IPropertyReferenceOperation { Property.IsStatic: true } property
                when SymbolEqualityComparer.Default.Equals(property.Property.ContainingType, _symbols.Catalog)
                     && SchemaTables.Models.FirstOrDefault(m => m.MemberName == property.Property.Name) is { } model
                => _doc.AddString(parent, name, model.Id), // ImageModel.GoogleNanoBanana → its catalog id
            IFieldReferenceOperation { Field.ContainingType.TypeKind: TypeKind.Enum } member
                when parameter.ValueOfMember(member.Field.Name) is { } enumValue
                => _doc.AddString(parent, name, enumValue), // an enum member → its JSON value
            _ => AddConstant(parent, name, operation),
        };
        _doc.SetOrigin(node, syntax, nameSyntax);
    }

    /// <summary><c>new[] { ... }</c>, <c>new string[0]</c> or a params array: a JSON array.</summary>
    private int ReadArray(int parent, string? name, ParameterSpec parameter, IArrayCreationOperation array)
    {
        if (array.Initializer is null && !array.DimensionSizes.All(d => d.ConstantValue is { HasValue: true, Value: 0 }))
        {
            return _doc.Add(parent, InstructionKind.Unknown, name);
        }

        var items = _doc.Add(parent, InstructionKind.Array, name);
        foreach (var element in array.Initializer?.ElementValues ?? ImmutableArrayEmpty)
        {
            ReadValue(items, null, parameter, element);
        }

        return items;
    }

    /// <summary>Static calls that make values: inputs in a role, <c>StepUse</c> forms, interpolations.</summary>
    private int ReadFactory(int parent, string? name, ParameterSpec parameter, IInvocationOperation factory)
    {
        var method = factory.TargetMethod;
        var type = method.ContainingType;
        if (parameter.Accepts(ValueForms.Use))
        {
            // ImageGenerateInput.Image("step") / .Mask("step", "field"): an input in a role.
            if (parameter.ValueOfMember(method.Name) is { } role && parameter.UseRoles.Contains(role) && factory.Arguments.Length >= 1)
            {
                var given = InParameterOrder(factory.Arguments);
                return ReadInput(parent, name, parameter, given[0].Value, role, factory.Syntax, given.Length > 1 ? given[1].Value : null);
            }

            var toUse = method.Name == s_grammar.InputsToUseMethod;
            if (toUse || SymbolEqualityComparer.Default.Equals(type, _symbols.StepUse))
            {
                var arguments = InParameterOrder(factory.Arguments);
                if (method.Name == s_grammar.UseStepMethod && arguments.Length == 1)
                {
                    return AddConstant(parent, name, Unwrap(arguments[0].Value));
                }

                if ((toUse || method.Name == s_grammar.UseStepsMethod || method.Name == s_grammar.UseInputsMethod)
                    && arguments.Length == 1 && Unwrap(arguments[0].Value) is IArrayCreationOperation array)
                {
                    return ReadArray(parent, name, parameter, array);
                }

                if (method.Name == s_grammar.UseBundleMethod && arguments.Length == 4)
                {
                    var bundle = _doc.Add(parent, InstructionKind.Object, name);
                    ReadValue(bundle, "steps", parameter, arguments[0].Value, arguments[0].Syntax);
                    ReadOptional(bundle, UseGrammar.BundleSteps, parameter, arguments[1]);
                    ReadOptional(bundle, UseGrammar.GroupByOriginal, parameter, arguments[2]);
                    ReadOptional(bundle, "fields", parameter, arguments[3]);
                    return bundle;
                }
            }
        }

        if (SymbolEqualityComparer.Default.Equals(type, _symbols.Interpolation) && factory.Arguments.Length == 1
            && factory.Arguments[0].Value.ConstantValue is { HasValue: true, Value: string text })
        {
            if (method.Name == s_grammar.InterpolationFieldMethod)
            {
                return _doc.AddString(parent, name, "${fields." + text + "}"); // Interpolation.Field("x") → "${fields.x}"
            }

            if (method.Name == s_grammar.InterpolationParseMethod)
            {
                return _doc.AddString(parent, name, text);
            }
        }

        return _doc.Add(parent, InstructionKind.Unknown, name);
    }

    /// <summary>An optional argument: left out of the JSON when it is <c>null</c> (given or by default).</summary>
    private void ReadOptional(int parent, string name, ParameterSpec parameter, IArgumentOperation argument)
    {
        if (IsNull(argument.Value))
        {
            return;
        }

        ReadValue(parent, name, parameter, argument.Value, argument.ArgumentKind == ArgumentKind.DefaultValue ? null : argument.Syntax);
    }

    /// <summary>
    /// <c>new ImageGenerateInput("step", ImageInputRole.Mask, "field")</c>, <c>new StepInput("step", "mask")</c>, or a
    /// collection: <c>new Dictionary&lt;string, bool&gt; { ["has_transparency"] = true }</c>, <c>new JsonObject { ... }</c>, <c>new JsonArray(...)</c>.
    /// </summary>
    private int ReadCreation(int parent, string? name, ParameterSpec parameter, IObjectCreationOperation creation)
    {
        if (parameter.Accepts(ValueForms.Use) && creation.Constructor?.Parameters is { Length: 3 } ctor
            && ctor.Select(c => c.Name).SequenceEqual(s_grammar.InputParameters) && creation.Arguments.Length == 3)
        {
            var given = InParameterOrder(creation.Arguments);
            return ReadInput(parent, name, parameter, given[0].Value, Unwrap(given[1].Value), creation.Syntax, given[2].Value);
        }

        var isArray = creation.Type?.Name == "JsonArray"
            || creation.Initializer?.Initializers.Any(i => i is IInvocationOperation { Arguments.Length: 1 }) == true;
        var node = _doc.Add(parent, isArray ? InstructionKind.Array : InstructionKind.Object, name);
        ReadCollection(node, isArray, parameter, creation);
        return node;
    }

    private void ReadCollection(int node, bool isArray, ParameterSpec parameter, IObjectCreationOperation creation)
    {
        if (isArray && creation.Arguments.Length == 1 && Unwrap(creation.Arguments[0].Value) is IArrayCreationOperation items)
        {
            foreach (var item in items.Initializer?.ElementValues ?? ImmutableArrayEmpty)
            {
                ReadValue(node, null, parameter, item);
            }
        }
        else if (creation.Arguments.Any(a => a.ArgumentKind != ArgumentKind.DefaultValue))
        {
            Unread.Add((creation.Syntax, "only the initializer of a collection is read, not its constructor arguments"));
        }

        foreach (var element in creation.Initializer?.Initializers ?? ImmutableArrayEmpty)
        {
            switch (element)
            {
                case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Arguments.Length: 1 } indexer } assignment
                    when indexer.Arguments[0].Value.ConstantValue is { HasValue: true, Value: string key }:
                    ReadValue(node, key, parameter, assignment.Value, assignment.Value.Syntax, indexer.Syntax);
                    break;
                case IInvocationOperation { TargetMethod.Name: "Add", Arguments.Length: 2 } add
                    when add.Arguments[0].Value.ConstantValue is { HasValue: true, Value: string key }:
                    ReadValue(node, key, parameter, add.Arguments[1].Value, add.Arguments[1].Syntax, add.Arguments[0].Syntax);
                    break;
                case IInvocationOperation { TargetMethod.Name: "Add", Arguments.Length: 1 } add:
                    ReadValue(node, null, parameter, add.Arguments[0].Value);
                    break;
                default:
                    Unread.Add((element.Syntax, "only constant keys and values of a collection are read"));
                    _doc.SetOrigin(_doc.Add(node, InstructionKind.Unknown, isArray ? null : "?"), element.Syntax);
                    break;
            }
        }

    }

    /// <summary>One <c>{name, as, fields}</c> input; <paramref name="role"/> is a role name or the operation giving it.</summary>
    private int ReadInput(int parent, string? name, ParameterSpec parameter, IOperation stepName, object? role, SyntaxNode roleSyntax, IOperation? fields)
    {
        var input = _doc.Add(parent, InstructionKind.Object, name);
        ReadValue(input, UseGrammar.Name, parameter, stepName);
        if (role is string known)
        {
            _doc.SetOrigin(_doc.AddString(input, UseGrammar.As, known), roleSyntax);
        }
        else if (role is IOperation given && !IsNull(given))
        {
            ReadValue(input, UseGrammar.As, parameter, given);
        }

        if (fields is not null && !IsNull(fields))
        {
            ReadValue(input, "fields", parameter, fields);
        }

        return input;
    }

    /// <summary>A <c>null</c> argument, given or by default (an optional <c>bool?</c> defaults to <c>default(bool?)</c>, no constant).</summary>
    /// <summary>Arguments by parameter position: an invocation lists them in evaluation order, named ones where they were written.</summary>
    private static IArgumentOperation[] InParameterOrder(System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments)
    {
        // Positional arguments are already in order: sorted only when a named one was written out of place.
        for (var i = 1; i < arguments.Length; i++)
        {
            if ((arguments[i - 1].Parameter?.Ordinal ?? int.MaxValue) > (arguments[i].Parameter?.Ordinal ?? int.MaxValue))
            {
                return arguments.OrderBy(a => a.Parameter?.Ordinal ?? int.MaxValue).ToArray();
            }
        }

        return arguments.ToArray();
    }

    private static bool IsNull(IOperation operation) => Unwrap(operation) switch
    {
        IDefaultValueOperation defaulted => defaulted.Type is null || !defaulted.Type.IsValueType || defaulted.Type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T,
        var other => other.ConstantValue is { HasValue: true, Value: null },
    };

    private int AddConstant(int parent, string? name, IOperation? value)
    {
        switch (value?.ConstantValue is { HasValue: true } constant ? constant.Value : NotConstant)
        {
            case string text:
                return _doc.AddString(parent, name, text);
            case bool flag:
                return _doc.AddBoolean(parent, name, flag);
            case int or long or short or byte or sbyte or uint or ushort or ulong:
                var integer = value!.ConstantValue.Value!;
                return _doc.AddNumber(parent, name, Convert.ToDouble(integer, CultureInfo.InvariantCulture), Convert.ToString(integer, CultureInfo.InvariantCulture)!);
            case double or float or decimal:
                return _doc.AddNumber(parent, name, Convert.ToDouble(value!.ConstantValue.Value, CultureInfo.InvariantCulture));
            case null:
                return _doc.Add(parent, InstructionKind.Null, name); // null inside a JsonObject / JsonArray, or a null argument (notify_url)
            default:
                return _doc.Add(parent, InstructionKind.Unknown, name);
        }
    }

    private static readonly object NotConstant = new();

    private static readonly System.Collections.Immutable.ImmutableArray<IOperation> ImmutableArrayEmpty = System.Collections.Immutable.ImmutableArray<IOperation>.Empty;

    private static IOperation Unwrap(IOperation operation) => operation.WithoutImplicitConversions();

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

    /// <summary>The assembly builder's methods for top-level keys (not steps or fields, which have their own calls).</summary>
    private static readonly Dictionary<string, ParameterSpec> s_envelopeMethods = SchemaTables.AssemblyKeys
        .Where(k => !k.Accepts(ValueForms.Steps) && !k.Accepts(ValueForms.Scalar))
        .ToDictionary(k => k.MemberName, StringComparer.Ordinal);

    /// <summary>The spec of <c>fields</c>, whose values <c>Field(name, value)</c> sets.</summary>
    private static readonly ParameterSpec s_fieldSpec = SchemaTables.AssemblyKeys.First(k => k.Accepts(ValueForms.Scalar));

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<RobotSpec, Dictionary<string, ParameterSpec>> s_methods = new();

    /// <summary>The builder method of each parameter, as the generator emitted it (<see cref="ParameterSpec.MemberName"/>), mapped once per robot.</summary>
    private static Dictionary<string, ParameterSpec> MethodsOf(RobotSpec robot) =>
        s_methods.GetValue(robot, r => r.Parameters.ToDictionary(p => p.MemberName, StringComparer.Ordinal));

    internal static RobotSpec? RobotOf(ITypeSymbol? type) =>
        type?.GetMembers(s_grammar.RobotNameConstant).OfType<IFieldSymbol>().FirstOrDefault() is { HasConstantValue: true, ConstantValue: string robot }
            ? SchemaTables.FindRobot(robot)
            : null;

    private static string? RequiredStepName(ITypeSymbol? type) =>
        type?.GetMembers(s_grammar.RequiredStepNameConstant).OfType<IFieldSymbol>().FirstOrDefault() is { HasConstantValue: true, ConstantValue: string name } ? name : null;
}

/// <summary>The ImageSdk types the analyzer looks for, resolved once per compilation.</summary>
internal sealed class BuilderSymbols
{
    private BuilderSymbols(INamedTypeSymbol assemblyBuilder, INamedTypeSymbol? stepBuilder, INamedTypeSymbol? interpolation, INamedTypeSymbol? catalog, INamedTypeSymbol? stepUse)
    {
        StepUse = stepUse;
        AssemblyBuilder = assemblyBuilder;
        StepBuilder = stepBuilder;
        Interpolation = interpolation;
        Catalog = catalog;
    }

    public INamedTypeSymbol AssemblyBuilder { get; }

    public INamedTypeSymbol? StepBuilder { get; }

    public INamedTypeSymbol? Interpolation { get; }

    /// <summary>The model type (the catalog's), whose static properties are the models.</summary>
    public INamedTypeSymbol? Catalog { get; }

    public INamedTypeSymbol? StepUse { get; }

    /// <summary>The symbols, or null when the compilation does not reference ImageSdk.</summary>
    public static BuilderSymbols? From(Compilation compilation)
    {
        var grammar = SchemaTables.Grammar;
        INamedTypeSymbol? Type(string? name) => name is null ? null : compilation.GetBestTypeByMetadataName(grammar.MetadataName(name));
        return Type(grammar.AssemblyBuilder) is { } assemblyBuilder
            ? new BuilderSymbols(assemblyBuilder, Type(grammar.StepBuilder), Type(grammar.InterpolationType), Type(grammar.CatalogType), Type(grammar.UseType))
            : null;
    }

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
