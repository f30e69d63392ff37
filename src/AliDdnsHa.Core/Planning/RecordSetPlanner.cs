// Licensed under the MIT license.

using System.Net;
using AliDdnsHa.Configuration;
using AliDdnsHa.Dns;
using AliDdnsHa.Probing;

namespace AliDdnsHa.Planning;

/// <summary>Turns endpoint states and the provider's record set into a plan. Pure and deterministic.</summary>
/// <remarks>
/// The rules, in order:
/// <list type="number">
/// <item>A frozen target (no vantage can see) keeps its set exactly as it is: no change at all.</item>
/// <item>An address is Up when any of its endpoints is Up, Down when all are Down, otherwise Unknown.</item>
/// <item>When nothing is discovered, or no address is Up while some are still Unknown, the set is held as it is:
/// nothing is removed before it is confirmed Down, and nothing unconfirmed is added.</item>
/// <item>When every address is Down, <see cref="WhenAllDownPolicy"/> decides: all discovered addresses, the set as
/// it is, or nothing.</item>
/// <item>Otherwise desired = Up addresses plus those already published whose endpoints are still Unknown.
/// Published addresses no endpoint claims any more (another owner, or a source that moved) are removed.</item>
/// <item>A managed line plans from its own sources' endpoints with the same rules, except when all of them are Down:
/// then <c>WhenLineDown</c> decides, instead of <c>WhenAllDown</c>: the default line's desired set without the line's
/// own dead addresses (a vantage inside that ISP's network may see an address dead that the target's vantages see Up;
/// held as it is if nothing is left, so a line is never emptied by accident), or nothing at all.</item>
/// <item>Changes go adds/enables → updates (TTL) → disables/deletes, so a set is never emptied on the way
/// (make-before-break): a line switching to the default line's set adds it before it deletes its own dead
/// addresses, and a line switching back adds its own before it deletes the default line's. Disabled records count as not published; in <see cref="RemoveMode.Disable"/> mode a removed
/// address is disabled and a recovered one enabled again, otherwise disabled records are left alone. Duplicate
/// records of one address are reduced to one.</item>
/// <item>A locked record is pinned: it is never updated, disabled, enabled or deleted. If its address should leave the
/// set it stays (reported in <see cref="RecordSetPlan.Pinned"/>); of duplicates, the locked one is the one kept.</item>
/// </list>
/// </remarks>
public static class RecordSetPlanner
{
    public static RecordSetPlan Plan(PlanInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var published = input.Actual.Where(r => r.Enabled).ToList();
        var publishedAddresses = published.Select(r => r.Address).ToHashSet();
        if (input.Frozen)
        {
            return new RecordSetPlan([.. publishedAddresses.Order(AddressComparer.Instance)], [], PlanMode.Frozen);
        }

        var health = AddressHealth(input.Endpoints);

        PlanMode mode;
        HashSet<IPAddress> desired;
        if (health.Count == 0)
        {
            (mode, desired) = (PlanMode.NothingDiscovered, publishedAddresses);
        }
        else if (health.Values.All(h => h == EndpointHealth.Down))
        {
            (mode, desired) = input.Fallback is { } fallback
                ? LineDown(input.WhenLineDown, [.. fallback.Where(a => !health.ContainsKey(a))], publishedAddresses)
                : (PlanMode.AllDown, input.WhenAllDown switch
                {
                    WhenAllDownPolicy.PublishAll => [.. health.Keys],
                    WhenAllDownPolicy.KeepLast => publishedAddresses,
                    _ => [],
                });
        }
        else
        {
            desired = [.. health.Where(h => h.Value == EndpointHealth.Up || (h.Value == EndpointHealth.Unknown && publishedAddresses.Contains(h.Key))).Select(h => h.Key)];
            mode = PlanMode.Healthy;
            if (!health.ContainsValue(EndpointHealth.Up))
            {
                // Nothing confirmed good yet: never delete towards an empty set on an unconfirmed picture.
                (mode, desired) = (PlanMode.Holding, publishedAddresses);
            }
        }

        var disable = input.RemoveMode == RemoveMode.Disable;
        var disabledByAddress = input.Actual.Where(r => !r.Enabled && !r.Locked).GroupBy(r => r.Address)
            .ToDictionary(g => g.Key, g => g.OrderBy(r => r.Id, StringComparer.Ordinal).First());
        var changes = new List<RecordChange>();
        foreach (var address in desired.Where(a => !publishedAddresses.Contains(a)).Order(AddressComparer.Instance))
        {
            changes.Add(disable && disabledByAddress.TryGetValue(address, out var disabled)
                ? new RecordChange(RecordChangeKind.Enable, address, input.Ttl, disabled)
                : new RecordChange(RecordChangeKind.Add, address, input.Ttl));
        }

        var kept = new List<DnsRecord>();
        var duplicates = new List<DnsRecord>();
        var removed = new List<DnsRecord>();
        var pinned = new List<IPAddress>();
        foreach (var group in published.GroupBy(r => r.Address))
        {
            // A locked record is the one kept: it cannot go anyway.
            var ordered = group.OrderBy(r => r.Locked ? 0 : 1).ThenBy(r => r.Ttl == input.Ttl ? 0 : 1).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();
            if (desired.Contains(group.Key))
            {
                kept.Add(ordered[0]);
            }
            else if (ordered[0].Locked)
            {
                pinned.Add(group.Key);
            }
            else
            {
                // In Disable mode one record per address is kept (disabled) for its id, weight and line.
                removed.Add(ordered[0]);
            }

            duplicates.AddRange(ordered.Skip(1).Where(r => !r.Locked));
        }

        var enabled = changes.Where(c => c.Kind == RecordChangeKind.Enable).Select(c => c.Existing!);
        foreach (var record in kept.Concat(enabled).Where(r => !r.Locked && r.Ttl is { } ttl && ttl != input.Ttl).OrderBy(r => r.Address, AddressComparer.Instance))
        {
            changes.Add(new RecordChange(RecordChangeKind.Update, record.Address, input.Ttl, record));
        }

        foreach (var record in removed.OrderBy(r => r.Address, AddressComparer.Instance))
        {
            changes.Add(new RecordChange(disable ? RecordChangeKind.Disable : RecordChangeKind.Delete, record.Address, input.Ttl, record));
        }

        foreach (var record in duplicates.OrderBy(r => r.Address, AddressComparer.Instance).ThenBy(r => r.Id, StringComparer.Ordinal))
        {
            changes.Add(new RecordChange(RecordChangeKind.Delete, record.Address, input.Ttl, record));
        }

        return new RecordSetPlan([.. desired.Order(AddressComparer.Instance)], changes, mode, [.. pinned.Order(AddressComparer.Instance)]);
    }

    /// <summary>What a managed line holds while none of its own endpoints is healthy.</summary>
    private static (PlanMode Mode, HashSet<IPAddress> Desired) LineDown(LineDownPolicy policy, IReadOnlyList<IPAddress> fallback, HashSet<IPAddress> published) =>
        policy == LineDownPolicy.Withdraw ? (PlanMode.Withdrawn, [])
        : fallback.Count > 0 ? (PlanMode.Fallback, [.. fallback])
        : (PlanMode.Holding, published); // the default line has nothing to lend: never empty a line by accident

    /// <summary>Aggregates endpoint states per address: Up if any is Up, Down if all are Down, else Unknown.</summary>
    internal static Dictionary<IPAddress, EndpointHealth> AddressHealth(IEnumerable<EndpointSnapshot> endpoints)
    {
        var result = new Dictionary<IPAddress, EndpointHealth>();
        foreach (var endpoint in endpoints)
        {
            result[endpoint.Address] = result.TryGetValue(endpoint.Address, out var current)
                ? Combine(current, endpoint.Health)
                : endpoint.Health;
        }

        return result;
    }

    private static EndpointHealth Combine(EndpointHealth a, EndpointHealth b) =>
        a == EndpointHealth.Up || b == EndpointHealth.Up ? EndpointHealth.Up
        : a == EndpointHealth.Down && b == EndpointHealth.Down ? EndpointHealth.Down
        : EndpointHealth.Unknown;
}
