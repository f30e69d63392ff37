// Licensed under the MIT license.

using System.Collections.Concurrent;
using System.Diagnostics;

namespace AliDdnsHa.Testing;

/// <summary>A DNS server a test runs as a foreground child process on a loopback port, in a folder of its own that
/// goes away with it; <c>dig</c> shows what clients get from it.</summary>
public abstract class ForegroundDnsServer : IAsyncDisposable
{
    private readonly string _folder;
    private readonly ConcurrentQueue<string> _log = new();
    private Process? _process;

    protected ForegroundDnsServer(string folder, int port)
    {
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    /// <summary><c>127.0.0.1:port</c>.</summary>
    public string Server => $"127.0.0.1:{Port}";

    /// <summary>What the server wrote so far (for failure messages).</summary>
    public string Log => string.Join('\n', _log);

    public Task<IReadOnlyList<string>> DigAsync(string name, string type = "A", CancellationToken cancellationToken = default) =>
        Dig.QueryAsync(Port, name, type, cancellationToken: cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        _process?.Dispose();
        Directory.Delete(_folder, recursive: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Starts <paramref name="tool"/> and waits until the server answers <paramref name="readyName"/> <paramref name="readyType"/>.</summary>
    protected async Task RunAsync(string tool, IEnumerable<string> arguments, string readyName, string readyType, CancellationToken cancellationToken)
    {
        _process = ProcessRunner.Start(ExternalTool.Find(tool), arguments, _folder, onLine: _log.Enqueue);
        await Dig.WaitForAnswerAsync(Port, readyName, readyType, _process, tool, () => Log, cancellationToken);
    }
}
