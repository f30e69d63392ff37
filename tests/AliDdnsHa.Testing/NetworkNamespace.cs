// Licensed under the MIT license.

using System.Diagnostics;
using System.Globalization;

namespace AliDdnsHa.Testing;

/// <summary>A network namespace the test owns, joined to this one by a veth pair: the namespace's end has
/// <see cref="InsideAddress"/>, ours <see cref="HostAddress"/>, and the namespace has its own loopback. A program run in
/// it is like one in a container: its 127.0.0.1 is its own, and only what it binds on every interface is reachable
/// from here. Removed on dispose.</summary>
public sealed class NetworkNamespace : IAsyncDisposable
{
    private readonly string _hostEnd;

    private NetworkNamespace(string name, string hostEnd, string hostAddress, string insideAddress)
    {
        Name = name;
        _hostEnd = hostEnd;
        HostAddress = hostAddress;
        InsideAddress = insideAddress;
    }

    public string Name { get; }

    /// <summary>This namespace's end of the pair.</summary>
    public string HostAddress { get; }

    /// <summary>The namespace's end of the pair: where a published port would lead.</summary>
    public string InsideAddress { get; }

    /// <summary>Creates the namespace on a /30 of 10.203.0.0/16 picked at random.</summary>
    public static async Task<NetworkNamespace> CreateAsync(CancellationToken cancellationToken)
    {
        var id = Random.Shared.Next(0, 16384);
        var suffix = id.ToString("x", CultureInfo.InvariantCulture);
        var (third, fourth) = (id * 4 / 256, id * 4 % 256);
        var host = $"10.203.{third}.{fourth + 1}";
        var inside = $"10.203.{third}.{fourth + 2}";
        var ns = new NetworkNamespace($"adhns-{suffix}", $"adhh{suffix}", host, inside);
        try
        {
            await IpAsync(["netns", "add", ns.Name], cancellationToken);
            await IpAsync(["link", "add", ns._hostEnd, "type", "veth", "peer", "name", $"adhi{suffix}", "netns", ns.Name], cancellationToken);
            await IpAsync(["addr", "add", $"{host}/30", "dev", ns._hostEnd], cancellationToken);
            await IpAsync(["link", "set", ns._hostEnd, "up"], cancellationToken);
            await IpAsync(["-n", ns.Name, "addr", "add", $"{inside}/30", "dev", $"adhi{suffix}"], cancellationToken);
            await IpAsync(["-n", ns.Name, "link", "set", $"adhi{suffix}", "up"], cancellationToken);
            await IpAsync(["-n", ns.Name, "link", "set", "lo", "up"], cancellationToken);
            return ns;
        }
        catch
        {
            await ns.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts a long-running program in the namespace (see <see cref="ProcessRunner.Start"/>).</summary>
    public Process Start(string fileName, IEnumerable<string> arguments, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null, Action<string>? onLine = null) =>
        ProcessRunner.Start(ExternalTool.Find("ip"), ["netns", "exec", Name, fileName, .. arguments], workingDirectory, environment, onLine);

    /// <summary>Runs a program in the namespace to completion.</summary>
    public Task<ProcessResult> RunAsync(string fileName, IEnumerable<string> arguments, CancellationToken cancellationToken) =>
        ProcessRunner.RunAsync(ExternalTool.Find("ip"), ["netns", "exec", Name, fileName, .. arguments], cancellationToken: cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await ProcessRunner.RunAsync(ExternalTool.Find("ip"), ["link", "del", _hostEnd]);
        await ProcessRunner.RunAsync(ExternalTool.Find("ip"), ["netns", "del", Name]);
    }

    private static async Task IpAsync(string[] arguments, CancellationToken cancellationToken)
    {
        var result = await ProcessRunner.RunAsync(ExternalTool.Find("ip"), arguments, cancellationToken: cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"ip {string.Join(' ', arguments)} failed ({result.ExitCode}): {result.StandardError}");
        }
    }
}
