using ImageSdk.Tables;

namespace ImageSdk.Validation.Engine;

/// <summary>
/// Transloadit's Smart CDN rules, as its linter applies them: an assembly with a step of the robot that serves files
/// (<see cref="SchemaTables.SmartCdnRobot"/>) may have at most <see cref="SchemaTables.SmartCdnMaxSteps"/> steps, each of a
/// robot allowed there (<see cref="RobotSpec.AllowedInSmartCdn"/>). Both facts come from the schema.
/// </summary>
internal sealed partial class AssemblyChecker
{
    private bool _smartCdn; // a step of the Smart CDN robot was seen in this run

    /// <summary>Notes a step's robot: whether it is the one that makes the assembly a Smart CDN one.</summary>
    private void NoteSmartCdn(RobotSpec robot) => _smartCdn |= string.Equals(robot.Name, SchemaTables.SmartCdnRobot, System.StringComparison.Ordinal);

    /// <summary>The Smart CDN rules, where a step noted by <see cref="NoteSmartCdn"/> made the assembly one.</summary>
    private void CheckSmartCdn(int steps)
    {
        if (!_smartCdn || SchemaTables.SmartCdnRobot is not { } server)
        {
            return;
        }

        ref readonly var node = ref _doc[steps];
        if (node.ChildCount > SchemaTables.SmartCdnMaxSteps)
        {
            Report(ValidationRules.SmartCdnTooManySteps, steps, $"an assembly with a {server} step (Smart CDN) has at most {SchemaTables.SmartCdnMaxSteps} steps; this one has {node.ChildCount}");
        }

        for (var step = node.FirstChild; step != InstructionDocument.None; step = _doc[step].NextSibling)
        {
            // An unknown robot is IMG1203 already; a known one must be allowed where files are served.
            if (RobotOf(step) is var robot and not InstructionDocument.None && _doc[robot].Kind == InstructionKind.String
                && RobotPlan.Find(_doc[robot].Text!, _options.Robots) is { } plan && !plan.Spec.AllowedInSmartCdn)
            {
                Report(ValidationRules.SmartCdnRobotNotAllowed, robot, $"step '{_doc[step].Name}' uses {plan.Spec.Name}, which Transloadit does not allow in an assembly with a {server} step (Smart CDN); remove the step, or serve the files from another assembly");
            }
        }
    }

    /// <summary>The <c>robot</c> value of a step that is an object, or <see cref="InstructionDocument.None"/>.</summary>
    private int RobotOf(int step) => _doc[step].Kind == InstructionKind.Object ? _doc.Member(step, RobotKey) : InstructionDocument.None;
}
