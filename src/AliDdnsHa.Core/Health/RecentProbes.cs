// Licensed under the MIT license.

namespace AliDdnsHa.Health;

/// <summary>The last few probe answers of one endpoint from one vantage, for the status page's latency bars:
/// milliseconds for a success, <see langword="null"/> for a failure. Fixed size; callers hold the target's lock.</summary>
internal sealed class RecentProbes
{
    public const int Capacity = 24;

    private readonly float[] _samples = new float[Capacity];
    private int _count;
    private int _next;

    public void Add(double? milliseconds)
    {
        _samples[_next] = milliseconds is { } ms ? (float)ms : float.NaN;
        _next = (_next + 1) % Capacity;
        _count = Math.Min(_count + 1, Capacity);
    }

    public void CopyFrom(RecentProbes other)
    {
        ArgumentNullException.ThrowIfNull(other);
        other._samples.CopyTo(_samples, 0);
        (_count, _next) = (other._count, other._next);
    }

    /// <summary>Oldest first.</summary>
    public IReadOnlyList<double?> ToList()
    {
        var list = new double?[_count];
        for (var i = 0; i < _count; i++)
        {
            var sample = _samples[(_next - _count + i + Capacity) % Capacity];
            list[i] = float.IsNaN(sample) ? null : Math.Round(sample, 2);
        }

        return list;
    }
}
