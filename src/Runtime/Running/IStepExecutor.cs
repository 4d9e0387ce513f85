using System.Collections.Generic;
using System.Threading.Tasks;

namespace ImageSdk.Running;

/// <summary>
/// Runs the steps of one robot on this machine. Register one in the service collection
/// (<c>services.TryAddEnumerable(ServiceDescriptor.Singleton&lt;IStepExecutor, MyExecutor&gt;())</c>) or pass it to the
/// <see cref="AssemblyRunner"/>, and the runner runs that robot's steps locally; a robot without an executor runs only on
/// Transloadit (<see cref="RunOptions.Remote"/>). An executor of the user's own for a built-in robot takes its place.
/// </summary>
/// <remarks>
/// A step is planned and run from the same plan: the runner calls <see cref="Plan"/> once the step's inputs are known and
/// runs <see cref="ExecuteAsync"/> with the plan it returned (unless the plan has an <see cref="StepPlan.Error"/>, which
/// becomes the step's error). A dry run (<see cref="AssemblyRunner.Plan(string, IReadOnlyList{RunUpload}?, RunOptions?)"/>)
/// shows the plans and nothing else; there, the files of inputs that are other steps' outputs are not known yet.
/// </remarks>
public interface IStepExecutor
{
    /// <summary>The robot it runs, e.g. <c>/image/resize</c>.</summary>
    string Robot { get; }

    /// <summary>
    /// The schema of a robot of your own (<c>ImageSdkSchema="robot"</c>): its builder's generated <c>Spec</c>, by which the
    /// runner validates its steps. Null (the default) for a robot of the SDK's schema.
    /// </summary>
    ImageSdk.Tables.RobotSpec? Schema => null;

    /// <summary>What the step would do, calling and writing nothing: its inputs with their roles, its outputs and calls, or why it cannot run.</summary>
    /// <param name="context">The step, its inputs and the providers.</param>
    StepPlan Plan(StepContext context);

    /// <summary>Runs the plan; any exception becomes the step's error in the result.</summary>
    /// <param name="plan">The plan <see cref="Plan"/> returned for this step, without an error.</param>
    /// <param name="context">The same context the plan was made with.</param>
    /// <returns>The step's files, those it wrote with <see cref="StepContext.WriteFileAsync"/> or passed on.</returns>
    Task<IReadOnlyList<ResultFile>> ExecuteAsync(StepPlan plan, StepContext context);
}

/// <summary><c>/upload/handle</c>: its files are the uploads.</summary>
internal sealed class UploadHandleExecutor : IStepExecutor
{
    public string Robot => UploadHandleStep.RobotName;

    public StepPlan Plan(StepContext context) => StepPlan.Local(context) with { Images = context.Uploads.Count };

    public Task<IReadOnlyList<ResultFile>> ExecuteAsync(StepPlan plan, StepContext context) => Task.FromResult(context.Uploads);
}
