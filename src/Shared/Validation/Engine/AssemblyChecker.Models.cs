using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using ImageSdk.Tables;

namespace ImageSdk.Validation.Engine;

/// <summary>The rules on model combinations, from the catalog in <c>schema/models.json</c>: formats, input roles, sizes, ratios, styles.</summary>
internal sealed partial class AssemblyChecker
{
    // ---- model combinations (data in schema/models.json) --------------------------------------------------------

    private void CheckModel(RobotPlan plan, int step, int use, int[] parameters)
    {
        var robot = plan.Spec;
        var catalogOrdinal = plan.CatalogOrdinal;
        if (catalogOrdinal < 0)
        {
            return;
        }

        var modelNode = parameters[catalogOrdinal];
        ModelSpec? model;
        if (modelNode != InstructionDocument.None)
        {
            ref readonly var value = ref _doc[modelNode];
            if (value.Kind != InstructionKind.String || _doc.IsVariable(modelNode))
            {
                return;
            }

            model = SchemaTables.FindModel(value.Text!);
            if (model is null)
            {
                ReportUnknownModel(robot, modelNode, value.Text!);
                return;
            }
        }
        else
        {
            model = SchemaTables.DefaultModel is { } fallback ? SchemaTables.FindModel(fallback) : null;
            if (model is null)
            {
                return;
            }
        }

        var capabilities = model.Capabilities;
        var route = RouteOf(plan, parameters, model);
        var format = FormatOf(plan, parameters, model);
        // The route that will run decides the styles where it has its own list (recraft-v3-svg on Replicate takes five).
        var styleRoute = (route ?? (model.Providers.Count == 1 ? model.Providers[0] : null))?.Native is { } routeNative && routeNative.StylesFor(format).Count > 0 ? routeNative : null;
        var styles = styleRoute?.StylesFor(format) ?? capabilities.StylesFor(format);
        foreach (var (p, capability) in plan.CapabilityChecked)
        {
            var parameter = plan.Parameters[p];
            var index = parameters[p];
            if (index == InstructionDocument.None)
            {
                continue;
            }

            ref readonly var value = ref _doc[index];
            var text = value.Kind == InstructionKind.String && !_doc.IsVariable(index) ? value.Text : null;
            switch (capability)
            {
                case ModelCapability.Formats when text is not null && Contains(parameter.EnumValues, text) && !Contains(capabilities.Formats, text):
                    ReportFormat(robot, model, parameter, index, text);
                    break;
                case ModelCapability.AspectRatios when text is not null && AspectRatio.TryParseShape(text, out _) && route?.Native is { } native:
                    // A named route judges by its own list; an empty one takes any ratio (as a pixel size).
                    if (native.AspectRatios.Count > 0 && !Contains(native.AspectRatios, text))
                    {
                        ReportAspectRatio(robot, model, route, native.AspectRatios, parameter, index, text);
                    }

                    break;
                case ModelCapability.AspectRatios when text is not null && AspectRatio.TryParseShape(text, out _) && !Contains(capabilities.AspectRatios, text):
                    ReportAspectRatio(robot, model, null, capabilities.AspectRatios, parameter, index, text);
                    break;
                case ModelCapability.Size when !capabilities.Size.Supported && (value.Kind == InstructionKind.Number || text is not null):
                    ReportSizeIgnored(robot, model, parameter, index);
                    break;
                case ModelCapability.Styles when text is not null && text.Length > 0:
                    if (styles.Count == 0)
                    {
                        ReportStyleIgnored(robot, model, parameter, index, text);
                    }
                    else if (!Contains(styles, text))
                    {
                        ReportStyleNotSupported(robot, model, styles, parameter, index, text, format, styleRoute);
                    }

                    break;
            }
        }

        if (plan.UseOrdinal >= 0)
        {
            CheckInputRoles(robot, plan.Parameters[plan.UseOrdinal], model, step, modelNode, use);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportUnknownModel(RobotSpec robot, int modelNode, string name)
    {
        var severity = _options.UnknownModelsAsWarnings ? ValidationSeverity.Warning : ValidationSeverity.Error;
        var passThrough = _options.UnknownModelsAsWarnings ? "; it is passed through to remote providers as is" : string.Empty;
        var suggestion = DidYouMean.Suggest(name, SchemaTables.ModelNames);
        Report(ValidationRules.UnknownModel, modelNode, $"unknown model '{Clip(name)}'{DidYouMean.Hint(suggestion)}; models: {s_modelList}{passThrough}", robot, severity: severity,
            fix: Replace(suggestion));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportFormat(RobotSpec robot, ModelSpec model, ParameterSpec parameter, int index, string format)
    {
        var makers = s_formatMakers.GetValue(format, static format => new ModelList(m => Contains(m.Capabilities.Formats, format)));
        var fix = new Dictionary<string, string> { [FixProperty.Value] = model.Capabilities.DefaultFormat, [FixProperty.Parameter] = parameter.Name };
        if (makers.Ids.Length > 0)
        {
            fix[FixProperty.Model] = makers.Ids[0];
        }

        Report(ValidationRules.FormatNotSupported, index, $"{model.Id} cannot deliver {parameter.Name} '{format}'; it delivers {Joined(model.Capabilities.Formats)}" + (makers.Ids.Length > 0 ? $"; '{format}' comes from {makers.Joined}" : string.Empty), robot, fix: fix);
    }

    /// <summary>The format the step asks for: its constant format, else the model's default.</summary>
    private string FormatOf(RobotPlan plan, int[] parameters, ModelSpec model)
    {
        foreach (var (p, capability) in plan.CapabilityChecked)
        {
            if (capability == ModelCapability.Formats && parameters[p] is var node && node != InstructionDocument.None
                && _doc[node].Kind == InstructionKind.String && !_doc.IsVariable(node))
            {
                return _doc[node].Text!;
            }
        }

        return model.Capabilities.DefaultFormat;
    }

    /// <summary>The route a constant provider value names among the model's routes, or null.</summary>
    private ProviderRoute? RouteOf(RobotPlan plan, int[] parameters, ModelSpec model)
    {
        if (plan.RouteOrdinal < 0 || parameters[plan.RouteOrdinal] is var node && node == InstructionDocument.None)
        {
            return null;
        }

        ref readonly var value = ref _doc[node];
        if (value.Kind != InstructionKind.String || _doc.IsVariable(node))
        {
            return null;
        }

        for (var i = 0; i < model.Providers.Count; i++)
        {
            if (string.Equals(model.Providers[i].Provider, value.Text, StringComparison.Ordinal))
            {
                return model.Providers[i];
            }
        }

        return null;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportAspectRatio(RobotSpec robot, ModelSpec model, ProviderRoute? route, IReadOnlyList<string> listed, ParameterSpec parameter, int index, string ratio)
    {
        var snapped = AspectRatio.Snap(listed, ratio);
        var who = route is null ? model.Id : $"{model.Id} on {route.Provider}";
        Report(ValidationRules.AspectRatioSnapped, index, snapped is null
            ? $"{who} takes no {parameter.Name}; its size decides the shape, so '{ratio}' is ignored"
            : $"{who} does not list {parameter.Name} '{ratio}'; it will be snapped to '{snapped}' (listed: {Joined(listed)})", robot);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportSizeIgnored(RobotSpec robot, ModelSpec model, ParameterSpec parameter, int index) =>
        Report(ValidationRules.SizeIgnored, index, $"{model.Id} ignores {parameter.Name}; set the shape with an aspect ratio ({Joined(model.Capabilities.AspectRatios)})", robot);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportStyleNotSupported(RobotSpec robot, ModelSpec model, IReadOnlyList<string> styles, ParameterSpec parameter, int index, string style, string format, RouteCapabilities? route)
    {
        // A route with its own list: the run sends the listed style the name ends in, or refuses the step before any call.
        var outcome = route is null ? "it is passed to the model as is"
            : route.StyleFor(style, format) is { } sent ? $"the run sends '{Clip(sent)}'"
            : "the run refuses it before any provider call";
        Report(ValidationRules.StyleNotSupported, index, $"{model.Id} does not list {parameter.Name} '{Clip(style)}'{(format == "svg" && (route is not null || ReferenceEquals(styles, model.Capabilities.SvgStyles)) ? " for svg" : string.Empty)}{DidYouMean.Hint(style, styles)}; {outcome}; styles: {Joined(styles)}", robot);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportStyleIgnored(RobotSpec robot, ModelSpec model, ParameterSpec parameter, int index, string style)
    {
        Report(ValidationRules.StyleIgnored, index, $"{model.Id} has no styles, so {parameter.Name} '{Clip(style)}' is ignored; styles come with {s_styledModels}", robot);
    }

    private void CheckInputRoles(RobotSpec robot, ParameterSpec useParameter, ModelSpec model, int step, int modelNode, int use)
    {
        var capabilities = model.Capabilities;
        var roles = _roles;
        roles.Clear();
        var allExplicit = use != InstructionDocument.None && CollectRoles(use, roles);
        for (var r = 0; r < roles.Count; r++)
        {
            var role = _doc[roles[r]].Text!;
            if (Contains(useParameter.UseRoles, role) && !Contains(capabilities.InputRoles, role))
            {
                ReportInputRole(robot, model, roles[r], role);
            }
        }

        if (capabilities.RequiredInputs.Count == 0)
        {
            return;
        }

        if (use == InstructionDocument.None)
        {
            ReportNoInputs(robot, model, modelNode != InstructionDocument.None ? modelNode : step);
            return;
        }

        if (!allExplicit)
        {
            return; // roles come from upload field names at run time
        }

        List<string>? missing = null;
        for (var i = 0; i < capabilities.RequiredInputs.Count; i++)
        {
            var required = capabilities.RequiredInputs[i];
            var given = false;
            for (var r = 0; r < roles.Count && !given; r++)
            {
                given = string.Equals(_doc[roles[r]].Text, required, StringComparison.Ordinal);
            }

            if (!given)
            {
                (missing ??= new List<string>()).Add(required);
            }
        }

        if (missing is not null)
        {
            ReportMissingInputs(robot, model, use, missing);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportNoInputs(RobotSpec robot, ModelSpec model, int node)
    {
        var required = model.Capabilities.RequiredInputs;
        var example = string.Join(", ", required.Select(r => $"{{\"name\": \"{s_uploadStep}\", \"as\": \"{r}\"}}"));
        Report(ValidationRules.MissingInputRole, node, $"{model.Id} needs {List(required, "and")} inputs; add \"use\": [{example}]", robot);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportMissingInputs(RobotSpec robot, ModelSpec model, int use, List<string> missing) =>
        Report(ValidationRules.MissingInputRole, use, $"{model.Id} needs {List(model.Capabilities.RequiredInputs, "and")} inputs, but use gives no {List(missing, "or")}; add {{\"name\": ..., \"as\": \"{missing[0]}\"}}", robot);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportInputRole(RobotSpec robot, ModelSpec model, int node, string role)
    {
        var takers = s_roleTakers.GetValue(role, static role => new ModelList(m => Contains(m.Capabilities.InputRoles, role)));
        Report(ValidationRules.InputNotSupported, node, $"{model.Id} takes no {role} input; {role} inputs go to {takers.Joined}", robot);
    }

    /// <summary>Collects the constant <c>as</c> values of a use; returns whether every input states its role.</summary>
    private bool CollectRoles(int use, List<int> roles)
    {
        var node = use;
        if (_doc[node].Kind == InstructionKind.Object)
        {
            node = _doc.Member(use, UseGrammar.Steps);
            if (node == InstructionDocument.None)
            {
                return false;
            }
        }

        if (_doc[node].Kind != InstructionKind.Array)
        {
            return false;
        }

        var allExplicit = true;
        for (var item = _doc[node].FirstChild; item != InstructionDocument.None; item = _doc[item].NextSibling)
        {
            var role = _doc[item].Kind == InstructionKind.Object ? _doc.Member(item, UseGrammar.As) : InstructionDocument.None;
            if (role != InstructionDocument.None && _doc[role].Kind == InstructionKind.String)
            {
                roles.Add(role);
            }
            else
            {
                allExplicit = false;
            }
        }

        return allExplicit;
    }
}
