// Licensed under the MIT license.

using System.Net;
using System.Text;
using AliDdnsHa.Dns;

namespace AliDdnsHa.Planning;

/// <summary>The planner's answer: the desired addresses and the ordered changes that get there.</summary>
/// <param name="Desired">The addresses the record set should hold, sorted.</param>
/// <param name="Changes">Adds, then updates, then deletes; each group sorted by address.</param>
/// <param name="Mode">Which rule decided <paramref name="Desired"/>.</param>
public sealed record RecordSetPlan(IReadOnlyList<IPAddress> Desired, IReadOnlyList<RecordChange> Changes, PlanMode Mode)
{
    public bool IsNoop => Changes.Count == 0;

    /// <summary>A stable, diffable text form (used by <c>aliddnsha plan</c>).</summary>
    public string Describe(string target)
    {
        var text = new StringBuilder();
        text.Append(target).Append(": desired [").AppendJoin(", ", Desired).Append("] (").Append(Mode).Append(')');
        if (IsNoop)
        {
            text.Append(" no change");
        }

        foreach (var change in Changes)
        {
            text.Append('\n').Append("  ").Append(change);
        }

        return text.ToString();
    }
}
