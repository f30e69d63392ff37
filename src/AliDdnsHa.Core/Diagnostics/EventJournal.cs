// Licensed under the MIT license.

namespace AliDdnsHa.Diagnostics;

/// <summary>The recent events in memory: a ring buffer of the last <see cref="Capacity"/> entries, read by
/// <c>/api/events</c> and the status page, and a <see cref="Published"/> hook the notifications subscribe to.</summary>
/// <remarks>Events are rare (state changes, not probes), so one lock is enough. <see cref="Published"/> handlers run
/// on the publishing thread (a probe or reconcile loop) and must only enqueue.</remarks>
public sealed class EventJournal
{
    /// <summary>The default number of events kept.</summary>
    public const int DefaultCapacity = 500;

    private readonly TimeProvider _time;
    private readonly ControllerEvent?[] _ring;
    private readonly Lock _gate = new();
    private long _lastId;

    public EventJournal(TimeProvider timeProvider, int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _time = timeProvider;
        _ring = new ControllerEvent?[capacity];
    }

    public int Capacity => _ring.Length;

    /// <summary>The id of the newest event (0 before the first).</summary>
    public long LastId
    {
        get
        {
            lock (_gate)
            {
                return _lastId;
            }
        }
    }

    /// <summary>Raised after an event is stored.</summary>
    public event Action<ControllerEvent>? Published;

    /// <summary>Stores an event and tells the subscribers; returns it.</summary>
    public ControllerEvent Publish(
        string kind,
        string? target,
        string message,
        string? source = null,
        string? address = null,
        string? detail = null,
        int? healthy = null,
        int? total = null,
        IReadOnlyList<string>? changes = null,
        bool? wasPublished = null,
        string? line = null)
    {
        ControllerEvent entry;
        lock (_gate)
        {
            entry = new ControllerEvent(++_lastId, _time.GetUtcNow(), kind, target, source, address, detail, healthy, total, changes, wasPublished, message, line);
            _ring[(int)((entry.Id - 1) % _ring.Length)] = entry;
        }

        Published?.Invoke(entry);
        return entry;
    }

    /// <summary>Events with an id above <paramref name="since"/>, newest first, at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<ControllerEvent> Since(long since, int limit)
    {
        var result = new List<ControllerEvent>();
        lock (_gate)
        {
            for (var id = _lastId; id > since && id > _lastId - _ring.Length && result.Count < limit; id--)
            {
                result.Add(_ring[(int)((id - 1) % _ring.Length)]!);
            }
        }

        return result;
    }
}
