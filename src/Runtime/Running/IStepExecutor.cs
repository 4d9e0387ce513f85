using System.Collections.Generic;
using System.Threading.Tasks;

namespace ImageSdk.Running;

/// <summary>Runs the steps of one robot. The scheduler hands it a step once every step it uses has finished.</summary>
internal interface IStepExecutor
{
    /// <summary>The robot it runs, e.g. <c>/image/generate</c>.</summary>
    string Robot { get; }

    /// <summary>Runs <paramref name="step"/>; any exception becomes the step's error in the result.</summary>
    Task<IReadOnlyList<ResultFile>> ExecuteAsync(StepInstructions step, RunContext context);
}

/// <summary><c>/upload/handle</c>: its files are the uploads.</summary>
internal sealed class UploadHandleExecutor : IStepExecutor
{
    public string Robot => UploadHandleStep.RobotName;

    public Task<IReadOnlyList<ResultFile>> ExecuteAsync(StepInstructions step, RunContext context) => Task.FromResult(context.Uploads);
}
