// Licensed under the MIT license.

using System.Net;
using AliDdnsHa.Controller;
using AliDdnsHa.Dns;

namespace AliDdnsHa.Reconciliation;

/// <summary>Whether a record set is blocked: the provider refused a change for good (a conflicting or locked record, a
/// quota, a permission, a key), so that change is not sent again until the next resync, a reload, or a change in the
/// set wanted. Not thread-safe: the reconciler guards it with its lock.</summary>
internal sealed class RecordSetBlock
{
    private string? _desired;

    /// <summary>The refusal in force, for status; <see langword="null"/> when not blocked.</summary>
    public BlockedStatus? Current { get; private set; }

    /// <summary>Until when the refusal holds: the next resync.</summary>
    public DateTimeOffset Until { get; private set; }

    /// <summary>True when a read was refused: nothing can be planned until the next resync.</summary>
    public bool OnRead => Current is not null && _desired is null;

    /// <summary>Blocks the record set for <paramref name="desired"/> (<see langword="null"/>: a read was refused) until
    /// <paramref name="until"/>. Returns true when this is a new refusal (tell it once), false when it repeats.</summary>
    public bool Block(DnsProviderException error, string message, IReadOnlyList<IPAddress>? desired, DateTimeOffset now, DateTimeOffset until)
    {
        var repeat = Current is { } current && current.Code == error.Code && _desired == Key(desired);
        _desired = Key(desired);
        Until = until;
        Current = new BlockedStatus(error.Code, message, error.Hint, repeat ? Current!.Since : now, until);
        return !repeat;
    }

    /// <summary>True while a change towards <paramref name="desired"/> must not be sent.</summary>
    public bool Holds(IReadOnlyList<IPAddress> desired, DateTimeOffset now) =>
        Current is not null && now < Until && (_desired is null || _desired == Key(desired));

    /// <summary>Lifts the block; returns the refusal that was in force, if any.</summary>
    public BlockedStatus? Clear()
    {
        var previous = Current;
        Current = null;
        _desired = null;
        return previous;
    }

    private static string? Key(IReadOnlyList<IPAddress>? desired) => desired is null ? null : string.Join(",", desired);
}
