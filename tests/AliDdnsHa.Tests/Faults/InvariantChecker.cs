// Licensed under the MIT license.

using System.Diagnostics;
using AliDdnsHa.Testing;

namespace AliDdnsHa.Tests.Faults;

/// <summary>Watches every state a record set passes through at the Alidns emulator and checks the controller's
/// promises: never empty once published (WhenAllDown PublishAll), a closed listener's address gone within the failover
/// bound plus the retry budget (counted from when faults stopped, if they were on), and at the end exactly the healthy
/// set with no lost or duplicated records.</summary>
internal sealed class InvariantChecker
{
    private readonly object _gate = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<(TimeSpan At, IReadOnlyList<string> Values)> _states = [];
    private readonly Dictionary<string, TimeSpan> _closedAt = [];
    private readonly List<(string Address, TimeSpan ClosedAt, TimeSpan ReopenedAt)> _closures = [];
    private readonly List<(TimeSpan From, TimeSpan To)> _allDown = [];
    private readonly string _context;
    private TimeSpan _faultsClearedAt;
    private int _open;

    public InvariantChecker(AlidnsEmulator emulator, string zone, string rr, int listeners, string context = "")
    {
        _context = context;
        _open = listeners;
        emulator.OnChange = (z, r, line, values) =>
        {
            if (z == zone && r == rr && line == "default")
            {
                lock (_gate)
                {
                    _states.Add((_clock.Elapsed, values));
                }
            }
        };
    }

    public TimeSpan Now => _clock.Elapsed;

    public int StateCount
    {
        get
        {
            lock (_gate)
            {
                return _states.Count;
            }
        }
    }

    /// <summary>A listener was closed now (and stays closed until <see cref="Reopened"/>).</summary>
    public void Closed(string address)
    {
        lock (_gate)
        {
            _closedAt[address] = _clock.Elapsed;
            if (--_open == 0)
            {
                _allDown.Add((_clock.Elapsed, TimeSpan.MaxValue));
            }
        }
    }

    public void Reopened(string address)
    {
        lock (_gate)
        {
            if (_closedAt.Remove(address, out var closedAt))
            {
                _closures.Add((address, closedAt, _clock.Elapsed));
            }

            if (_open++ == 0)
            {
                _allDown[^1] = (_allDown[^1].From, _clock.Elapsed);
            }
        }
    }

    /// <summary>Faults at the provider stopped now; removal deadlines count from here at the earliest.</summary>
    public void FaultsCleared()
    {
        lock (_gate)
        {
            _faultsClearedAt = _clock.Elapsed;
        }
    }

    /// <summary>Once the set held an address it never became empty (every state, not only the last).</summary>
    public void AssertNeverEmptyAfterFirstPublish()
    {
        lock (_gate)
        {
            var first = _states.FindIndex(s => s.Values.Count > 0);
            Assert.True(first >= 0, $"{_context}nothing was ever published");
            var empty = _states.Skip(first).FirstOrDefault(s => s.Values.Count == 0);
            Assert.True(empty.Values is null, $"{_context}the record set was emptied at {empty.At.TotalSeconds:F2} s; states: {Describe()}");
        }
    }

    /// <summary>Every address still closed was removed no later than its deadline.</summary>
    public void AssertClosedRemovedWithin(TimeSpan bound)
    {
        lock (_gate)
        {
            foreach (var (address, closedAt) in _closedAt)
            {
                AssertRemoved(address, closedAt, TimeSpan.MaxValue, bound);
            }
        }
    }

    /// <summary>Every closure that lasted longer than <paramref name="bound"/> (counted from when faults stopped, if
    /// later) had its address removed within the bound; shorter ones may be ridden out by the thresholds.</summary>
    public void AssertPastClosuresRemovedWithin(TimeSpan bound)
    {
        lock (_gate)
        {
            foreach (var (address, closedAt, reopenedAt) in _closures)
            {
                AssertRemoved(address, closedAt, reopenedAt, bound);
            }
        }
    }

    /// <summary>The provider holds exactly <paramref name="healthy"/>: nothing lost, nothing duplicated.</summary>
    public void AssertConverged(AlidnsEmulator emulator, string zone, string rr, IEnumerable<string> healthy)
    {
        var records = emulator.Records(zone).Where(r => r.RR == rr && r.Type == "A").Select(r => r.Value).ToList();
        Assert.True(records.Count == records.Distinct().Count(), $"{_context}duplicated records: {string.Join(", ", records)}");
        Assert.Equal(healthy.Order(StringComparer.Ordinal), records.Order(StringComparer.Ordinal));
    }

    /// <summary>One closure: unless it ended before its deadline, or every line was down meanwhile (WhenAllDown
    /// PublishAll keeps the addresses on purpose), the address left the set by the deadline. Call under the lock.</summary>
    private void AssertRemoved(string address, TimeSpan closedAt, TimeSpan reopenedAt, TimeSpan bound)
    {
        var deadline = (closedAt > _faultsClearedAt ? closedAt : _faultsClearedAt) + bound;
        if (reopenedAt <= deadline || AllDownDuring(closedAt, deadline))
        {
            return;
        }

        var removed = _states.FirstOrDefault(s => s.At >= closedAt && !s.Values.Contains(address));
        var open = reopenedAt == TimeSpan.MaxValue ? "still closed" : $"reopened at {reopenedAt.TotalSeconds:F2} s";
        Assert.True(removed.Values is not null, $"{_context}{address} (closed at {closedAt.TotalSeconds:F2} s, {open}) was never removed; states: {Describe()}");
        Assert.True(removed.At <= deadline, $"{_context}{address} closed at {closedAt.TotalSeconds:F2} s ({open}) was removed at {removed.At.TotalSeconds:F2} s, after the deadline {deadline.TotalSeconds:F2} s");
    }

    private bool AllDownDuring(TimeSpan from, TimeSpan to) => _allDown.Any(d => d.From <= to && d.To >= from);

    private string Describe() =>
        string.Join(" | ", _states.TakeLast(30).Select(s => $"{s.At.TotalSeconds:F2}s [{string.Join(",", s.Values)}]"));
}
