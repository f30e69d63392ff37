// Licensed under the MIT license.

using System.Net.Sockets;
using System.Text;
using AliDdnsHa.Testing;

namespace AliDdnsHa.Tests.Release;

/// <summary>config/systemd/aliddnsha.service: systemd's own verifier accepts it without a warning, it is hardened, and
/// the executable speaks the notify protocol its <c>Type=notify</c> relies on.</summary>
public sealed class SystemdUnitTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("aliddnsha-systemd-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Unit => File.ReadAllText(RepositoryPaths.Get("config/systemd/aliddnsha.service"));

    [Fact]
    public async Task Unit_PassesSystemdAnalyzeVerify_WithoutAWarning()
    {
        // verify checks that ExecStart exists: point it at a real executable, keep everything else.
        var unit = Path.Combine(_folder, "aliddnsha.service");
        await File.WriteAllTextAsync(unit, Unit.Replace("/usr/local/bin/aliddnsha", "/bin/true", StringComparison.Ordinal), Ct);

        var result = await ProcessRunner.RunAsync(ExternalTool.Find("systemd-analyze"), ["verify", unit], cancellationToken: Ct);

        Assert.True(result.ExitCode == 0 && result.StandardError.Trim().Length == 0, result.ToString());
    }

    [Fact]
    public void Unit_IsHardenedAndRestartsOnlyWhenThatCanHelp()
    {
        var settings = Unit.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && l[0] is not ('#' or '[')).ToList();

        foreach (var required in new[]
        {
            "Type=notify", "DynamicUser=yes", "NoNewPrivileges=yes", "ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes",
            "PrivateDevices=yes", "MemoryDenyWriteExecute=yes", "CapabilityBoundingSet=", "AmbientCapabilities=", "RestrictSUIDSGID=yes", "SystemCallFilter=@system-service",
            "Restart=on-failure", "RestartPreventExitStatus=2", "StateDirectory=aliddnsha", "EnvironmentFile=-/etc/aliddnsha/aliddnsha.env",
        })
        {
            Assert.Contains(required, settings);
        }

        Assert.Contains("ExecStart=/usr/local/bin/aliddnsha run --config /etc/aliddnsha/aliddnsha.yaml", settings);
        Assert.DoesNotContain(settings, s => s.Contains("SECRET=", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Executable_UnderASystemdParent_SendsReadyAndStoppingToNotifySocket()
    {
        // Microsoft.Extensions.Hosting.Systemd acts when the parent process is called "systemd": a copy of /bin/sh
        // named so stands in for it, and a datagram socket for NOTIFY_SOCKET.
        var parent = Path.Combine(_folder, "systemd");
        File.Copy("/bin/sh", parent); // keeps the executable mode
        var socketPath = Path.Combine(_folder, "notify");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(socketPath));
        using var listener = new LoopbackListener(System.Net.IPAddress.Loopback);
        using var config = new TempConfig($$"""
            Urls: http://127.0.0.1:0
            Providers: { local: { Type: HostsFile, Path: "{hosts}" } }
            Targets:
              - { Name: home.example.test, Provider: local, Port: {{listener.Port}}, Sources: [ { Name: self, Address: 127.0.0.1 } ] }
            """);
        var dll = Path.Combine(AppContext.BaseDirectory, "aliddnsha.dll");
        var output = new StringBuilder();
        using var process = ProcessRunner.Start(
            parent,
            ["-c", $"dotnet exec '{dll}' run --config '{config.Path}'"],
            environment: new Dictionary<string, string> { ["NOTIFY_SOCKET"] = socketPath },
            onLine: line => { lock (output) { output.AppendLine(line); } });
        try
        {
            Assert.Equal("READY=1", await ReceiveAsync(socket));
            var child = await ProcessRunner.RunAsync("pkill", ["-TERM", "-P", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], cancellationToken: Ct);
            Assert.Equal(0, child.ExitCode);
            Assert.Equal("STOPPING=1", await ReceiveAsync(socket));
            await process.WaitForExitAsync(Ct).WaitAsync(TimeSpan.FromSeconds(30), Ct);
            Assert.Equal(0, process.ExitCode);
            lock (output)
            {
                Assert.Contains("<6>AliDdnsHa.Controller.FailoverController", output.ToString(), StringComparison.Ordinal); // journal priorities
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static async Task<string> ReceiveAsync(Socket socket)
    {
        var buffer = new byte[256];
        var received = await socket.ReceiveAsync(buffer, SocketFlags.None, Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(60), Ct);
        return Encoding.ASCII.GetString(buffer, 0, received);
    }
}
