using System;
using System.Collections.Generic;
using ImageSdk.Tables;

namespace ImageSdk.Validation.Engine;

/// <summary>
/// The schema tables arranged once for the rules' inner loops: arrays instead of interface lists, and the ordinals each
/// rule looks for (the catalog parameter, <c>use</c>, the required and the capability-checked parameters) found up front.
/// It adds no data: every member is computed from <see cref="SchemaTables"/>.
/// </summary>
internal sealed class RobotPlan
{
    // A robot's plan is built when the robot is first found, from its spec, which the tables build then too (RobotTable).
    private static readonly RobotPlan?[] s_robots = new RobotPlan?[SchemaTables.RobotNames.Length];

    private RobotPlan(RobotSpec spec, bool own)
    {
        Spec = spec;
        Parameters = ToArray(spec.Parameters);
        Names = Array.ConvertAll(Parameters, parameter => parameter.Name);
        CatalogOrdinal = UseOrdinal = -1;
        int requiredCount = 0, checkedCount = 0;
        for (var p = 0; p < Parameters.Length; p++)
        {
            var parameter = Parameters[p];
            if (parameter.Catalog is not null)
            {
                CatalogOrdinal = p;
            }
            else if (parameter.Accepts(ValueForms.Use))
            {
                UseOrdinal = p;
            }

            if (parameter.Capability == ModelCapability.Route)
            {
                RouteOrdinal = p; // the provider route whose native capabilities refine the model's
            }

            requiredCount += parameter.Required ? 1 : 0;
            checkedCount += IsChecked(parameter.Capability) ? 1 : 0;
        }

        // Arrays filled in a second pass, not grown in lists: a list of a value tuple is generic code that ReadyToRun cannot
        // precompile, so it would be compiled at every start of the process.
        Required = new int[requiredCount];
        CapabilityChecked = new (int, ModelCapability)[checkedCount];
        requiredCount = checkedCount = 0;
        for (var p = 0; p < Parameters.Length; p++)
        {
            if (Parameters[p].Required)
            {
                Required[requiredCount++] = p;
            }

            if (IsChecked(Parameters[p].Capability))
            {
                CapabilityChecked[checkedCount++] = (p, Parameters[p].Capability!.Value);
            }
        }

        // A robot of the user's own schema, which Transloadit does not know, makes files when its step has no use.
        Source = own ? FilesWithoutUse.Always : spec.FilesWithoutUse;
        SourceOrdinal = !own && spec.FilesWithoutUseParameter is { } decider ? IndexOf(decider) : -1;
    }

    /// <summary>Whether a step of this robot with no <c>use</c> brings files into the assembly (an importer, the upload step, a generator).</summary>
    public FilesWithoutUse Source { get; }

    /// <summary>For <see cref="FilesWithoutUse.WhenGiven"/> and <see cref="FilesWithoutUse.WhenNonEmptyString"/>: the ordinal of the parameter that decides, else -1.</summary>
    public int SourceOrdinal { get; }

    /// <summary>The robot as the tables give it.</summary>
    public RobotSpec Spec { get; }

    /// <summary>The ordinal of the parameter that names a provider route (<c>x-imagesdk-capability: route</c>), or -1.</summary>
    public int RouteOrdinal { get; } = -1;

    /// <summary>The parameters in schema order.</summary>
    public ParameterSpec[] Parameters { get; }

    /// <summary>The parameter names, by ordinal.</summary>
    public string[] Names { get; }

    /// <summary>The ordinal of the parameter whose value names a catalog model, or -1.</summary>
    public int CatalogOrdinal { get; }

    /// <summary>The ordinal of <c>use</c>, or -1.</summary>
    public int UseOrdinal { get; }

    /// <summary>The ordinals of the required parameters.</summary>
    public int[] Required { get; }

    /// <summary>The parameters checked against the model's capabilities: their ordinals and what they are checked against.</summary>
    public (int Ordinal, ModelCapability Capability)[] CapabilityChecked { get; }

    /// <summary>Every robot's name, in table order.</summary>
    public static string[] RobotNames => SchemaTables.RobotNames;

    /// <summary>The robot called <paramref name="name"/>, or null.</summary>
    public static RobotPlan? Find(string name) => (s_robotIndex ??= new TableNames.Index(SchemaTables.RobotNames)).IndexOf(name) is var i and >= 0 ? At(i) : null;

    // Look-ups by reference, built on first use (start-up builds none for robots a document does not name).
    private static TableNames.Index? s_robotIndex;
    private TableNames.Index? _index;

    /// <summary>The robot whose steps must be called <paramref name="stepName"/> (<c>/upload/handle</c> for <c>:original</c>), or null.</summary>
    public static RobotPlan? Reserving(string stepName)
    {
        // Every step name and every use is asked about: only the few robots that require a name are compared (one of 93).
        var required = SchemaTables.RequiredStepNames;
        var reserving = s_reserving ??= Reservers(required);
        for (var i = 0; i < reserving.Length; i++)
        {
            if (required[reserving[i]] == stepName) // ordinal
            {
                return At(reserving[i]);
            }
        }

        return null;
    }

    // The indices of the robots whose steps must have one name, in table order; found on the first look-up.
    private static int[]? s_reserving;

    private static int[] Reservers(string?[] required)
    {
        var count = 0;
        foreach (var name in required)
        {
            count += name is null ? 0 : 1;
        }

        var reserving = new int[count];
        count = 0;
        for (var i = 0; i < required.Length; i++)
        {
            if (required[i] is not null)
            {
                reserving[count++] = i;
            }
        }

        return reserving;
    }

    /// <summary>The name the steps of the first robot that requires one must have (<c>:original</c>), or null.</summary>
    public static string? FirstRequiredStepName
    {
        get
        {
            foreach (var name in SchemaTables.RequiredStepNames)
            {
                if (name is not null)
                {
                    return name;
                }
            }

            return null;
        }
    }

    /// <summary>The plan of the robot at <paramref name="index"/> in the tables, built on first use; every caller gets the same one.</summary>
    private static RobotPlan At(int index)
    {
        if (System.Threading.Volatile.Read(ref s_robots[index]) is { } plan)
        {
            return plan;
        }

        var built = new RobotPlan(SchemaTables.Robots[index], own: false);
        return System.Threading.Interlocked.CompareExchange(ref s_robots[index], built, null) ?? built;
    }

    /// <summary>Whether a parameter's value is checked against the model's capabilities (the route is not: it refines them).</summary>
    private static bool IsChecked(ModelCapability? capability) => capability is { } c && c != ModelCapability.Route;

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<RobotSpec, RobotPlan> s_own = new();

    /// <summary>The plan of a robot of the schema, else of one of <paramref name="own"/> (robots of the user's own schema), or null.</summary>
    public static RobotPlan? Find(string name, IReadOnlyList<RobotSpec> own)
    {
        if (Find(name) is { } plan)
        {
            return plan;
        }

        for (var i = 0; i < own.Count; i++)
        {
            if (string.Equals(own[i].Name, name, StringComparison.Ordinal))
            {
                return s_own.GetValue(own[i], spec => new RobotPlan(spec, own: true));
            }
        }

        return null;
    }

    /// <summary>The ordinal of the parameter called <paramref name="name"/>, or -1.</summary>
    public int IndexOf(string name) => (_index ??= new TableNames.Index(Names)).IndexOf(name);

    /// <summary>A table list as an array: the generated tables are arrays already, so this is a cast.</summary>
    public static T[] ToArray<T>(IReadOnlyList<T> list) => list as T[] ?? System.Linq.Enumerable.ToArray(list);
}
