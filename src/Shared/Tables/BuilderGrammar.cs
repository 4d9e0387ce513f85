using System.Collections.Generic;

namespace ImageSdk.Tables;

/// <summary>
/// The grammar of builder code: the names by which the generated builders, and the hand-written types they build on, are
/// written. The generator emits it into the schema tables (<see cref="SchemaTables.Grammar"/>) from the same constants it
/// writes the builders with, so the readers of builder code (the analyzer's chain reader, the transpiler both ways, the
/// code fixes) name nothing themselves. Type names are simple names in <see cref="Namespace"/>; <see cref="MetadataName"/>
/// qualifies them.
/// </summary>
internal sealed class BuilderGrammar
{
    /// <summary>The namespace of the builders and their types, <c>ImageSdk</c>.</summary>
    public required string Namespace { get; init; }

    /// <summary>The assembly builder, <c>AssemblyBuilder</c> (<c>x-imagesdk-builder</c> of the envelope).</summary>
    public required string AssemblyBuilder { get; init; }

    /// <summary>The assembly builder's method that adds a step: <c>Step(name, step)</c>, or <c>Step(step)</c> for a robot whose steps have a required name.</summary>
    public required string StepMethod { get; init; }

    /// <summary>The assembly builder's method that sets one of <c>fields</c>: <c>Field(name, value)</c>.</summary>
    public required string FieldMethod { get; init; }

    /// <summary>The base type of every step builder, with its namespace below <see cref="Namespace"/>: <c>Instructions.StepBuilder</c>.</summary>
    public required string StepBuilder { get; init; }

    /// <summary>The constant of each step builder that holds its robot's name, <c>RobotName</c>.</summary>
    public required string RobotNameConstant { get; init; }

    /// <summary>The constant of a step builder whose steps must have one name, <c>RequiredStepName</c>.</summary>
    public required string RequiredStepNameConstant { get; init; }

    /// <summary>The model type (<c>csharpType</c> of the catalog, <c>ImageModel</c>), whose static properties are the models; null without a catalog.</summary>
    public required string? CatalogType { get; init; }

    /// <summary>The interpolation type, <c>Interpolation</c>.</summary>
    public required string InterpolationType { get; init; }

    /// <summary>Its factory of <c>${fields.NAME}</c>: <c>Interpolation.Field(name)</c>.</summary>
    public required string InterpolationFieldMethod { get; init; }

    /// <summary>Its factory of any <c>${...}</c> text: <c>Interpolation.Parse(text)</c>.</summary>
    public required string InterpolationParseMethod { get; init; }

    /// <summary>The type of a <c>use</c> value in any of its forms, <c>StepUse</c>.</summary>
    public required string UseType { get; init; }

    /// <summary>Its factory of one step name, <c>StepUse.Step(name)</c>.</summary>
    public required string UseStepMethod { get; init; }

    /// <summary>Its factory of step names, <c>StepUse.Steps(names)</c>.</summary>
    public required string UseStepsMethod { get; init; }

    /// <summary>Its factory of inputs, <c>StepUse.Of(inputs)</c>.</summary>
    public required string UseInputsMethod { get; init; }

    /// <summary>Its factory of the object form, <c>StepUse.Bundle(steps, bundleSteps, groupByOriginal, fields)</c>.</summary>
    public required string UseBundleMethod { get; init; }

    /// <summary>The parameters of <see cref="UseBundleMethod"/>, in order: <c>steps</c>, <c>bundleSteps</c>, <c>groupByOriginal</c>, <c>fields</c>.</summary>
    public required IReadOnlyList<string> UseBundleParameters { get; init; }

    /// <summary>The untyped input, <c>StepInput</c>.</summary>
    public required string InputType { get; init; }

    /// <summary>
    /// The constructor parameters of <see cref="InputType"/> and of every robot's typed input (<c>ImageGenerateInput</c>), in
    /// order: <c>Name</c>, <c>As</c>, <c>Fields</c> (the step, the role, the upload field filter).
    /// </summary>
    public required IReadOnlyList<string> InputParameters { get; init; }

    /// <summary>The static method of a robot's typed input that makes the <c>use</c> value of typed inputs, <c>ToStepUse(inputs)</c>.</summary>
    public required string InputsToUseMethod { get; init; }

    /// <summary>The metadata name of a type of the grammar, e.g. <c>ImageSdk.ImageModel</c>.</summary>
    /// <param name="type">The type's name below <see cref="Namespace"/>.</param>
    public string MetadataName(string type) => Namespace + "." + type;
}
