// Licensed under the MIT license.

using System.Net;
using AliDdnsHa.Controller;
using AliDdnsHa.Probing;

namespace AliDdnsHa.Health;

/// <summary>One endpoint: what each vantage sees of it, the combined verdict, and its probe loop. Mutated under the
/// owning <see cref="TargetHealth"/>'s lock.</summary>
internal sealed class EndpointMonitor
{
    public EndpointMonitor(string target, EndpointKey key, IReadOnlyList<VantageMonitor> vantages, int successThreshold, int failureThreshold, double phase)
    {
        Key = key;
        EndPoint = new IPEndPoint(key.Address, key.Port);
        Request = new VantageProbeRequest(EndPoint, target, key.Source);
        AddressText = key.Address.ToString();
        Phase = phase;
        Views = [.. vantages.Select(v => new VantageView(v, successThreshold, failureThreshold))];
        Votes = new Vote[Views.Length];
    }

    public EndpointKey Key { get; }

    public IPEndPoint EndPoint { get; }

    public string AddressText { get; }

    /// <summary>What each vantage is asked.</summary>
    public VantageProbeRequest Request { get; }

    /// <summary>Where in each interval this endpoint's settled probes fall, as a fraction in [0, 1).</summary>
    public double Phase { get; }

    /// <summary>One view per vantage of the target, in the target's order.</summary>
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

    /// <summary>Cancelled when the address leaves its source. Not disposed: it has no timer, and the probe round and
    /// the discovery that cancels it may finish in either order.</summary>
    public CancellationTokenSource Stopping { get; } = new();

    /// <summary>While probed: <see cref="Stopping"/> linked with the target's stopping token (set by
    /// <see cref="EndpointProber.Start"/>, disposed by the round that sees it cancelled).</summary>
    public CancellationTokenSource? Probing { get; set; }

    /// <summary>Takes over what <paramref name="previous"/> knew (same key, a controller rebuilt by a reload): the
    /// verdict, and each view's state and last answer for the vantages both have. Called before this monitor is shared.</summary>
    public void TakeOver(EndpointMonitor previous)
    {
        ArgumentNullException.ThrowIfNull(previous);
        Health = previous.Health;
        FailingSince = previous.FailingSince;
        LastTransitionAt = previous.LastTransitionAt;
        Rounds = previous.Rounds;
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
