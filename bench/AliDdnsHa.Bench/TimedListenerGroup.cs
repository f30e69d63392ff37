// Licensed under the MIT license.

using System.Net;

namespace AliDdnsHa.Bench;

/// <summary>N timed listeners on one port, spread over 127.10.0.0/16, and what they saw while measuring.</summary>
internal sealed class TimedListenerGroup : IDisposable
{
    private readonly object _gate = new();
    private readonly List<double> _deviationsMs = [];
    private long _accepted;
    private bool _measuring;

    public TimedListenerGroup(int count, TimeSpan interval)
    {
        Interval = interval;
        for (var attempt = 0; ; attempt++)
        {
            Port = Random.Shared.Next(20000, 30000);
            try
            {
                Listeners = [.. Enumerable.Range(0, count).Select(i => new TimedListener(new IPAddress([127, 10, (byte)(i / 250), (byte)((i % 250) + 1)]), Port, this))];
                break;
            }
            catch (System.Net.Sockets.SocketException) when (attempt < 5)
            {
            }
        }
    }

    public int Port { get; }

    public TimeSpan Interval { get; }

    public IReadOnlyList<TimedListener> Listeners { get; } = [];

    public long AcceptedTotal => Interlocked.Read(ref _accepted);

    public void StartMeasuring()
    {
        lock (_gate)
        {
            _deviationsMs.Clear();
            _measuring = true;
        }
    }

    public IReadOnlyList<double> StopMeasuring()
    {
        lock (_gate)
        {
            _measuring = false;
            return [.. _deviationsMs];
        }
    }

    public void Accepted(TimeSpan? sinceLast)
    {
        Interlocked.Increment(ref _accepted);
        if (sinceLast is { } gap)
        {
            lock (_gate)
            {
                if (_measuring)
                {
                    _deviationsMs.Add(Math.Abs((gap - Interval).TotalMilliseconds));
                }
            }
        }
    }

    public void Dispose()
    {
        foreach (var listener in Listeners)
        {
            listener.Dispose();
        }
    }
}
