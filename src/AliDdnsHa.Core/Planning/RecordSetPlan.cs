// Licensed under the MIT license.

using System.Net;
using System.Text;
using AliDdnsHa.Dns;

namespace AliDdnsHa.Planning;

/// <summary>The planner's answer: the desired addresses and the ordered changes that get there.</summary>
/// <param name="Desired">The addresses the record set should hold, sorted.</param>
/// <param name="Changes">Adds, then updates, then deletes; each group sorted by address.</param>
/// <param name="Mode">Which rule decided <paramref name="Desired"/>.</param>
/// <param name="Pinned">Published addresses that should leave the set but whose record is locked at the provider:
/// they stay, and nothing is sent for them.</param>
public sealed record RecordSetPlan(IReadOnlyList<IPAddress> Desired, IReadOnlyList<RecordChange> Changes, PlanMode Mode, IReadOnlyList<IPAddress>? Pinned = null)
{
    /// <summary>The published addresses held only by a locked record (never <see langword="null"/>).</summary>
    public IReadOnlyList<IPAddress> LockedOut => Pinned ?? [];

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

        foreach (var address in LockedOut)
        {
            text.Append('\n').Append("  ! ").Append(address).Append(" (cannot withdraw: locked)");
        }

        return text.ToString();
    }
}
