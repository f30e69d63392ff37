// Licensed under the MIT license.

using System.Net;
using AliDdnsHa.Controller;
using AliDdnsHa.Probing;

namespace AliDdnsHa.Health;

/// <summary>One endpoint: what each vantage sees of it, the combined verdict, and its probe loop. Mutated under the
/// owning <see cref="TargetHealth"/>'s lock.</summary>
internal sealed class EndpointMonitor
{
    private bool _left;

    /// <summary>An endpoint judged by <paramref name="vantages"/>: the target's first (<paramref name="targetViews"/> of
    /// them), then the vantages only some of its lines have; <paramref name="lines"/> are the verdicts of the lines that
    /// judge it with vantages of their own.</summary>
    public EndpointMonitor(
        string target, EndpointKey key, IReadOnlyList<VantageMonitor> vantages, int successThreshold, int failureThreshold, double phase, int? targetViews = null, LineVerdict[]? lines = null)
    {
        Key = key;
        EndPoint = new IPEndPoint(key.Address, key.Port);
        Request = new VantageProbeRequest(EndPoint, target, key.Source);
        AddressText = key.Address.ToString();
        Phase = phase;
        Views = [.. vantages.Select(v => new VantageView(v, successThreshold, failureThreshold))];
        Votes = new Vote[Views.Length];
        TargetViews = targetViews ?? Views.Length;
        Lines = lines ?? [];
    }

    /// <summary>How many of <see cref="Views"/>, from the first, are the target's vantages (its verdict's quorum).</summary>
    public int TargetViews { get; }

    /// <summary>The verdicts of the lines that judge this endpoint with vantages of their own.</summary>
    public LineVerdict[] Lines { get; }

    /// <summary>The verdict for <paramref name="line"/>: its own where it has vantages of its own, else the target's.</summary>
    public EndpointHealth HealthFor(string line)
    {
        foreach (var verdict in Lines)
        {
            if (verdict.Line == line)
            {
                return verdict.Health;
            }
        }

        return Health;
    }

    public EndpointKey Key { get; }

    public IPEndPoint EndPoint { get; }

    public string AddressText { get; }

    /// <summary>What each vantage is asked.</summary>
    public VantageProbeRequest Request { get; }

    /// <summary>Where in each interval this endpoint's settled probes fall, as a fraction in [0, 1).</summary>
    public double Phase { get; }

    /// <summary>One view per vantage that probes the endpoint: the target's in its order, then lines' own.</summary>
    public VantageView[] Views { get; }

    /// <summary>Scratch space for the views' votes (one per view), so a verdict allocates nothing.</summary>
    public Vote[] Votes { get; }

    /// <summary>The combined verdict (Frozen leaves it as it was).</summary>
    public EndpointHealth Health { get; set; } = EndpointHealth.Unknown;

    /// <summary>While Down: the first failed probe of the vantages that voted it Down.</summary>
    public DateTimeOffset? FailingSince { get; set; }

    public DateTimeOffset? LastTransitionAt { get; set; }

    /// <summary>Completed probe rounds (every vantage asked once).</summary>
    public long Rounds { get; set; }

    /// <summary>True once the address has left its source: its probe rounds stop booking the next one. A flag, not a
    /// cancellation source: at 10,000 endpoints a source (and a linked one per probe loop) per endpoint was megabytes of
    /// heap, while a probe already in flight when its endpoint leaves simply ends within its timeout and its answer is
    /// ignored (the monitor is no longer current in <see cref="TargetHealth"/>).</summary>
    public bool HasLeft => Volatile.Read(ref _left);

    /// <summary>Marks the address as gone from its source (see <see cref="HasLeft"/>).</summary>
    public void Leave() => Volatile.Write(ref _left, true);

    /// <summary>Takes over what <paramref name="previous"/> knew (same key, a controller rebuilt by a reload): the
    /// verdict, and each view's state and last answer for the vantages both have. Called before this monitor is shared.</summary>
    public void TakeOver(EndpointMonitor previous)
    {
        ArgumentNullException.ThrowIfNull(previous);
        Health = previous.Health;
        FailingSince = previous.FailingSince;
        LastTransitionAt = previous.LastTransitionAt;
        Rounds = previous.Rounds;
        foreach (var verdict in Lines)
        {
            if (previous.Lines.FirstOrDefault(l => l.Line == verdict.Line) is { } old)
            {
                verdict.Health = old.Health;
                verdict.FailingSince = old.FailingSince;
                verdict.LastTransitionAt = old.LastTransitionAt;
            }
        }

        foreach (var view in Views)
        {
            if (previous.Views.FirstOrDefault(v => v.Vantage.Name == view.Vantage.Name) is { } old)
            {
                view.State.Restore(old.State);
                view.LastResult = old.LastResult;
                view.LastProbeAt = old.LastProbeAt;
                view.LastFault = old.LastFault;
                view.Recent.CopyFrom(old.Recent);
            }
            else
            {
                Rounds = 0; // a vantage new to this endpoint has not been asked yet
            }
        }
    }
}
