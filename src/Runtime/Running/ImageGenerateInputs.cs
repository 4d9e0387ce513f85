using System.Collections.Generic;
using System.Linq;
using ImageSdk.Tables;
using Parameter = ImageSdk.ImageGenerateStep.ParameterNames;

namespace ImageSdk.Running;

/// <summary>
/// The input files of an <c>/image/generate</c> step by role, by Transloadit's rule: a file's upload field first, then the
/// entry's <c>as</c> ("Field is checked first, then as"), else <c>image</c>. Roles other than image and mask
/// (style_reference, backdrop, ...) go with every call as references, described in the prompt. Files that are not images
/// are passed on with <c>force_accept</c>, skipped (with a notice) otherwise.
/// </summary>
internal sealed record GenerateInputs(
    bool Known,
    IReadOnlyList<ResultFile> Images,
    IReadOnlyList<ResultFile> Masks,
    IReadOnlyList<(ResultFile File, string Role)> References,
    IReadOnlyList<ResultFile> Passed,
    bool Bundled,
    bool MakesNothing,
    IReadOnlyList<StepPlanInput> Planned,
    IReadOnlyList<string> Notes)
{
    /// <summary>Selects the inputs of the files known so far (all of them in a run; the uploads in a dry run).</summary>
    public static GenerateInputs Select(StepContext context, ModelCapabilities capabilities)
    {
        var images = new List<ResultFile>();
        var masks = new List<ResultFile>();
        var references = new List<(ResultFile File, string Role)>();
        var askedAsMask = new HashSet<ResultFile>(); // files an input asks for as the mask, whose upload field made them something else
        var passed = new List<ResultFile>();
        var notes = new List<string>();
        var origin = new Dictionary<ResultFile, string>();
        var forceAccept = context.Instructions.Flag(Parameter.ForceAccept);
        foreach (var (input, file) in context.Files())
        {
            origin.TryAdd(file, input.Step);
            if (file.Type != "image" || file.Source is null)
            {
                if (forceAccept)
                {
                    passed.Add(file);
                }
                else
                {
                    notes.Add($"step '{context.Step}': '{file.Name}' is not an image and was skipped (force_accept passes such files on)");
                }

                continue;
            }

            var role = (capabilities.InputRoles.Contains(file.Field ?? string.Empty) ? file.Field : null) ?? input.Role ?? Roles.Image;
            if (input.Role == Roles.Mask && role != Roles.Mask)
            {
                askedAsMask.Add(file);
            }

            // A file listed twice in one role (use: [{as: image}, {as: mask}] over one upload) counts once.
            switch (role)
            {
                case Roles.Mask when !masks.Contains(file): masks.Add(file); break;
                case Roles.Image when !images.Contains(file): images.Add(file); break;
                case Roles.Mask or Roles.Image: break;
                default: references.Add((file, role!)); break;
            }
        }

        if (masks.Count == 0 && images.Count == 1 && askedAsMask.Contains(images[0]))
        {
            masks.Add(images[0]); // one file as image and mask: its transparent region is the mask
        }

        var bundled = context.BundlesSteps && images.Count > 1;
        if (bundled)
        {
            // One invocation over all files: the first is the subject, the others go with it in the same call.
            references.InsertRange(0, images.Skip(1).Select(i => (i, Roles.Image)));
        }

        // Transloadit's rule: a step whose use gives it no files makes none. It never turns into text-to-image.
        var known = context.Inputs.All(i => i.Files is not null);
        var makesNothing = known && context.HasUse && images.Count == 0 && references.Count == 0;
        if (makesNothing)
        {
            notes.Add($"step '{context.Step}': its use gave it no image, so it made none (a step with use never generates from the prompt alone)");
        }

        var planned = images.Select(f => Planned(f, Roles.Image))
            .Concat(masks.Where(m => !images.Contains(m)).Select(f => Planned(f, Roles.Mask)))
            .Concat(masks.Where(images.Contains).Select(f => Planned(f, Roles.Mask)))
            .Concat(references.Skip(bundled ? images.Count - 1 : 0).Select(r => Planned(r.File, r.Role)))
            .Concat(passed.Select(f => Planned(f, "passed")))
            .ToList();
        return new GenerateInputs(known, images, masks, references, passed, bundled, makesNothing, planned, notes);

        StepPlanInput Planned(ResultFile file, string role) => new(origin[file], Printable.Escape(file.Name), file.Field is null ? null : Printable.Escape(file.Field), role);
    }

    /// <summary>The two roles the runner itself gives meaning to.</summary>
    public static class Roles
    {
        public const string Image = "image";
        public const string Mask = "mask";
    }
}
