using System;
using System.Collections;
using System.Collections.Generic;
using System.Threading;

namespace ImageSdk.Tables;

/// <summary>
/// The robots of the generated tables (<see cref="SchemaTables.Robots"/>) as a list whose items are built when first read:
/// the names are an array, and each robot's spec comes from its own generated method, once. A process that validates a
/// four-robot document so builds four specs, not every robot's (docs/benchmarks.md, "imagesdk validate per call").
/// Enumerating the list builds every spec, in order. Safe for concurrent readers: a spec two threads build at once is
/// kept once, and every reader gets that one.
/// </summary>
internal sealed class RobotTable : IReadOnlyList<RobotSpec>
{
    private readonly Func<int, RobotSpec> _build;
    private readonly RobotSpec?[] _specs;

    /// <summary>Creates the table over the robots' names and the method that builds the spec at an index.</summary>
    public RobotTable(string[] names, Func<int, RobotSpec> build)
    {
        _build = build;
        _specs = new RobotSpec?[names.Length];
    }

    /// <inheritdoc/>
    public int Count => _specs.Length;

    /// <inheritdoc/>
    public RobotSpec this[int index] => Volatile.Read(ref _specs[index]) ?? Build(index);

    /// <inheritdoc/>
    public IEnumerator<RobotSpec> GetEnumerator()
    {
        for (var i = 0; i < _specs.Length; i++)
        {
            yield return this[i];
        }
    }

    /// <inheritdoc/>
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private RobotSpec Build(int index)
    {
        var spec = _build(index);
        return Interlocked.CompareExchange(ref _specs[index], spec, null) ?? spec;
    }
}
