// Licensed under the MIT license.

namespace AliDdnsHa.Discovery;

/// <summary>Notices IPv6 address changes on Linux, where .NET raises <c>NetworkAddressChanged</c> for IPv4 only: one
/// watcher for the process, however many targets have Interface sources.</summary>
/// <remarks>
/// .NET's Linux implementation listens to the kernel's IPv4 address group alone, so an IPv6 address that comes or goes
/// raises nothing. Instead of a netlink socket of our own, this reads <c>/proc/net/if_inet6</c> (a few hundred bytes)
/// every <see cref="Period"/> while anyone subscribes, and tells every subscriber when its text changed: an Interface
/// source of an AAAA target then follows a new prefix within seconds rather than at the next <c>DiscoveryInterval</c>.
/// Each target used to run its own poller: N AAAA targets read the file N times a period.
/// </remarks>
public sealed class Ipv6AddressWatcher : IDisposable
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(2);

    private readonly TimeProvider _time;
    private readonly string _path;
    private readonly Lock _gate = new();
    private readonly List<Action> _subscribers = [];
    private ITimer? _timer;
    private string _last = "";
    private int _reads;

    public Ipv6AddressWatcher(TimeProvider timeProvider, string path = SystemInterfaceAddressReader.ProcIfInet6)
    {
        _time = timeProvider;
        _path = path;
    }

    public static bool IsSupported => File.Exists(SystemInterfaceAddressReader.ProcIfInet6);

    /// <summary>How many times the file was read. Internal for testing.</summary>
    internal int Reads => Volatile.Read(ref _reads);

    /// <summary>Calls <paramref name="changed"/> after each change of the machine's IPv6 addresses until the returned
    /// subscription is disposed. The file is read only while someone subscribes.</summary>
    public IDisposable Subscribe(Action changed)
    {
        ArgumentNullException.ThrowIfNull(changed);
        lock (_gate)
        {
            if (_subscribers.Count == 0)
            {
                _last = Read();
                _timer = _time.CreateTimer(static state => ((Ipv6AddressWatcher)state!).Tick(), this, Period, Period);
            }

            _subscribers.Add(changed);
        }

        return new Subscription(this, changed);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _subscribers.Clear();
            _timer?.Dispose();
            _timer = null;
        }
    }

    private void Tick()
    {
        var current = Read();
        Action[] notify;
        lock (_gate)
        {
            if (string.Equals(current, _last, StringComparison.Ordinal) || _subscribers.Count == 0)
            {
                return;
            }

            _last = current;
            notify = [.. _subscribers];
        }

        foreach (var subscriber in notify)
        {
            subscriber();
        }
    }

    private void Unsubscribe(Action changed)
    {
        lock (_gate)
        {
            _subscribers.Remove(changed);
            if (_subscribers.Count == 0)
            {
                _timer?.Dispose();
                _timer = null;
            }
        }
    }

    private string Read()
    {
        Interlocked.Increment(ref _reads);
        try
        {
            return File.ReadAllText(_path);
        }
        catch (IOException)
        {
            return "";
        }
    }

    private sealed class Subscription(Ipv6AddressWatcher watcher, Action changed) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                watcher.Unsubscribe(changed);
            }
        }
    }
}
