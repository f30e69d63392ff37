// Licensed under the MIT license.

using System.Diagnostics;
using System.Globalization;
using AliDdnsHa.Testing;

namespace AliDdnsHa.Tests.Release;

/// <summary>The .deb packages of scripts/publish.sh deb: Debian's lintian finds no error, and on this machine the amd64
/// package installs (user, files, modes, an enabled unit, a configuration that passes check-config and runs as the
/// package's user), keeps an edited conffile over a reinstall, and leaves nothing behind once purged.</summary>
public sealed class DebianPackageTests(DebianPackageFixture packages) : IClassFixture<DebianPackageFixture>
{
    private static readonly string[] s_installedPaths =
    [
        "/usr/bin/aliddnsha", "/usr/lib/systemd/system/aliddnsha.service", "/etc/aliddnsha/aliddnsha.yaml", "/etc/default/aliddnsha",
        "/var/lib/aliddnsha", "/usr/share/doc/aliddnsha/copyright", "/etc/systemd/system/multi-user.target.wants/aliddnsha.service",
    ];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Lintian_ReportsNoErrorsOrWarnings_OnEitherArchitecture()
    {
        Assert.True(packages.Arm64 is not null, $"the arm64 package could not be built: {packages.Arm64Unavailable}");
        foreach (var deb in new[] { packages.Amd64, packages.Arm64 })
        {
            var result = await ProcessRunner.RunAsync(ExternalTool.Find("lintian"), ["--fail-on", "error", deb], cancellationToken: Ct);

            Assert.True(result.ExitCode == 0, result.ToString());
            // Not an error, and not a warning either (the one deliberate exception, the secrets file's mode 0600, is
            // overridden in the package with its reason).
            Assert.DoesNotContain(result.StandardOutput.Split('\n'), l => l.StartsWith("E:", StringComparison.Ordinal) || l.StartsWith("W:", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Packages_HoldTheBinaryOfTheirArchitecture_TheUnitTheConffilesAndTheDependencies()
    {
        Assert.True(packages.Arm64 is not null, $"the arm64 package could not be built: {packages.Arm64Unavailable}");
        foreach (var (deb, arch, machine) in new[] { (packages.Amd64, "amd64", (ushort)62), (packages.Arm64!, "arm64", (ushort)183) })
        {
            Assert.Equal($"aliddnsha_{DebianPackageFixture.Version}_{arch}.deb", Path.GetFileName(deb));
            var info = await DpkgDebAsync("-f", deb, "Package", "Version", "Architecture", "Depends");
            Assert.Contains($"Architecture: {arch}", info, StringComparison.Ordinal);
            Assert.Contains($"Version: {DebianPackageFixture.Version}", info, StringComparison.Ordinal);
            Assert.Contains("adduser", info, StringComparison.Ordinal);
            Assert.Contains("zlib1g", info, StringComparison.Ordinal);

            var contents = (await DpkgDebAsync("-c", deb)).Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .ToDictionary(f => f[^1].TrimStart('.').TrimEnd('/'), f => (Mode: f[0], Owner: f[1]));
            Assert.Equal("-rwxr-xr-x", contents["/usr/bin/aliddnsha"].Mode);
            Assert.Equal("-rw-r--r--", contents["/usr/lib/systemd/system/aliddnsha.service"].Mode);
            Assert.Equal("-rw-r--r--", contents["/etc/aliddnsha/aliddnsha.yaml"].Mode);
            Assert.Equal("-rw-------", contents["/etc/default/aliddnsha"].Mode);
            Assert.Equal("-rw-r--r--", contents["/usr/share/man/man1/aliddnsha.1.gz"].Mode);
            Assert.All(contents.Values, f => Assert.Equal("root/root", f.Owner));

            var extracted = Directory.CreateTempSubdirectory("aliddnsha-deb-x-").FullName;
            try
            {
                await DpkgDebAsync("-x", deb, extracted);
                var control = Directory.CreateDirectory(Path.Combine(extracted, "DEBIAN")).FullName;
                await DpkgDebAsync("-e", deb, control);
                Assert.Equal(["/etc/aliddnsha/aliddnsha.yaml", "/etc/default/aliddnsha"], File.ReadAllLines(Path.Combine(control, "conffiles")));

                // The ELF header's e_machine: x86-64 (62) or AArch64 (183).
                var elf = await File.ReadAllBytesAsync(Path.Combine(extracted, "usr/bin/aliddnsha"), Ct);
                Assert.Equal(machine, BitConverter.ToUInt16(elf, 18));

                // The repository's unit, every hardening line kept, with the packaged paths and the package's user.
                var source = Settings(await File.ReadAllTextAsync(RepositoryPaths.Get("config/systemd/aliddnsha.service"), Ct));
                var packaged = Settings(await File.ReadAllTextAsync(Path.Combine(extracted, "usr/lib/systemd/system/aliddnsha.service"), Ct));
                string[] changed = ["DynamicUser=yes", "EnvironmentFile=-/etc/aliddnsha/aliddnsha.env"];
                foreach (var setting in source.Except(changed).Where(s => !s.Contains("/usr/local/bin/", StringComparison.Ordinal)))
                {
                    Assert.Contains(setting, packaged);
                }

                Assert.Contains("User=aliddnsha", packaged);
                Assert.Contains("EnvironmentFile=-/etc/default/aliddnsha", packaged);
                Assert.Contains("ExecStart=/usr/bin/aliddnsha run --config /etc/aliddnsha/aliddnsha.yaml", packaged);
                Assert.Contains("ExecStartPre=/usr/bin/aliddnsha check-config --offline --config /etc/aliddnsha/aliddnsha.yaml", packaged);
                Assert.DoesNotContain("DynamicUser=yes", packaged);
                // verify checks that the executable exists: point the copy at the extracted one.
                var unitCopy = Path.Combine(extracted, "aliddnsha.service");
                await File.WriteAllTextAsync(
                    unitCopy,
                    (await File.ReadAllTextAsync(Path.Combine(extracted, "usr/lib/systemd/system/aliddnsha.service"), Ct)).Replace("/usr/bin/aliddnsha", Path.Combine(extracted, "usr/bin/aliddnsha"), StringComparison.Ordinal),
                    Ct);
                var verify = await ProcessRunner.RunAsync(ExternalTool.Find("systemd-analyze"), ["verify", unitCopy], cancellationToken: Ct);
                Assert.True(verify.ExitCode == 0 && !verify.StandardError.Contains("aliddnsha.service:", StringComparison.Ordinal), verify.ToString());

                // The conffile starts harmlessly: the example's hosts-file provider, its state under /var/lib/aliddnsha.
                var config = await File.ReadAllTextAsync(Path.Combine(extracted, "etc/aliddnsha/aliddnsha.yaml"), Ct);
                Assert.Contains("local: { Type: HostsFile, Path: /var/lib/aliddnsha/hosts }", config, StringComparison.Ordinal);
                Assert.DoesNotContain("\n  ali: {", config, StringComparison.Ordinal);
            }
            finally
            {
                Directory.Delete(extracted, recursive: true);
            }
        }
    }

    [Fact]
    public async Task Install_Reinstall_Remove_Purge_OnThisMachine()
    {
        await DpkgAsync(allowFailure: true, "--purge", "aliddnsha"); // a run that died halfway
        Assert.All(s_installedPaths, p => Assert.False(Path.Exists(p), $"{p} exists before the install"));
        try
        {
            await DpkgAsync(allowFailure: false, "-i", packages.Amd64);

            // A working binary, a configuration that passes its own check, the files and modes, the user, the unit enabled.
            var version = await ProcessRunner.RunAsync("/usr/bin/aliddnsha", ["--version"], cancellationToken: Ct);
            Assert.True(version.ExitCode == 0, version.ToString());
            Assert.StartsWith(DebianPackageFixture.Version, version.StandardOutput.Trim(), StringComparison.Ordinal);
            var check = await ProcessRunner.RunAsync("/usr/bin/aliddnsha", ["check-config", "--config", "/etc/aliddnsha/aliddnsha.yaml"], cancellationToken: Ct);
            Assert.True(check.ExitCode == 0, check.ToString());
            Assert.All(s_installedPaths, p => Assert.True(Path.Exists(p), $"{p} is missing"));
            Assert.Equal("600", await StatAsync("%a", "/etc/default/aliddnsha"));
            Assert.Equal("root:root", await StatAsync("%U:%G", "/etc/default/aliddnsha"));
            Assert.Equal("750 aliddnsha:aliddnsha", await StatAsync("%a %U:%G", "/var/lib/aliddnsha"));
            var user = (await RunAsync("getent", "passwd", "aliddnsha")).Trim().Split(':');
            Assert.True(int.Parse(user[2], CultureInfo.InvariantCulture) < 1000, "not a system user");
            Assert.Equal("/var/lib/aliddnsha", user[5]);
            Assert.Equal("/usr/sbin/nologin", user[6]);

            // It runs as the package's user from the installed configuration (its canaries cannot answer here, so it
            // stays frozen and writes nothing, which is what the example should do before it is edited).
            await RunAsTheServiceAsync();
            await File.WriteAllTextAsync("/var/lib/aliddnsha/hosts", "192.0.2.1 home.example.com\n", Ct);

            // A reinstall of the same version keeps the conffile the user edited (and the user's data).
            await File.AppendAllTextAsync("/etc/aliddnsha/aliddnsha.yaml", "# edited by the operator\n", Ct);
            await DpkgAsync(allowFailure: false, "-i", packages.Amd64);
            Assert.EndsWith("# edited by the operator\n", await File.ReadAllTextAsync("/etc/aliddnsha/aliddnsha.yaml", Ct), StringComparison.Ordinal);
            Assert.True(File.Exists("/var/lib/aliddnsha/hosts"));

            // Remove: the program goes, the configuration and the data stay (Debian's remove).
            await DpkgAsync(allowFailure: false, "-r", "aliddnsha");
            Assert.False(File.Exists("/usr/bin/aliddnsha"));
            Assert.False(File.Exists("/usr/lib/systemd/system/aliddnsha.service"));
            Assert.True(File.Exists("/etc/aliddnsha/aliddnsha.yaml"));
            Assert.True(File.Exists("/var/lib/aliddnsha/hosts"));

            // Purge: nothing is left, not the data, the enablement, the helper's state or the user.
            await DpkgAsync(allowFailure: false, "--purge", "aliddnsha");
            Assert.All(s_installedPaths.Append("/etc/aliddnsha"), p => Assert.False(Path.Exists(p), $"{p} is left after the purge"));
            Assert.Empty(Directory.GetFiles("/var/lib/systemd/deb-systemd-helper-enabled", "*aliddnsha*", SearchOption.AllDirectories));
            Assert.Equal(2, (await ProcessRunner.RunAsync("getent", ["passwd", "aliddnsha"], cancellationToken: Ct)).ExitCode);
            Assert.Equal(2, (await ProcessRunner.RunAsync("getent", ["group", "aliddnsha"], cancellationToken: Ct)).ExitCode);
            var status = await ProcessRunner.RunAsync("dpkg-query", ["-W", "aliddnsha"], cancellationToken: Ct);
            Assert.NotEqual(0, status.ExitCode);
        }
        finally
        {
            await DpkgAsync(allowFailure: true, "--purge", "aliddnsha");
        }
    }

    private static async Task RunAsTheServiceAsync()
    {
        var port = FreePort.Next();
        var url = $"http://127.0.0.1:{port}";
        using var run = ProcessRunner.Start(
            "setpriv",
            ["--reuid=aliddnsha", "--regid=aliddnsha", "--clear-groups", "--", "/usr/bin/aliddnsha", "run", "--config", "/etc/aliddnsha/aliddnsha.yaml"],
            workingDirectory: "/var/lib/aliddnsha",
            environment: new Dictionary<string, string> { ["ALIDDNSHA__Urls"] = url });
        try
        {
            var watch = Stopwatch.StartNew();
            ProcessResult health;
            while ((health = await ProcessRunner.RunAsync("/usr/bin/aliddnsha", ["healthcheck", "--url", url + "/healthz"], cancellationToken: Ct)).ExitCode != 0)
            {
                Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30) && !run.HasExited, $"never healthy: {health}");
                await Task.Delay(100, Ct); // another process: poll what the health check asks
            }

            var owner = await RunAsync("ps", "-o", "user=", "-p", run.Id.ToString(CultureInfo.InvariantCulture));
            Assert.Equal("aliddnsha", owner.Trim());
            Assert.Equal(0, await ProcessRunner.TerminateAsync(run, TimeSpan.FromSeconds(30), Ct));
        }
        finally
        {
            if (!run.HasExited)
            {
                run.Kill(entireProcessTree: true);
            }
        }
    }

    private static List<string> Settings(string unit) =>
        unit.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && l[0] is not ('#' or '[')).ToList();

    private static async Task DpkgAsync(bool allowFailure, params string[] arguments)
    {
        var result = await ProcessRunner.RunAsync(
            "dpkg", arguments, cancellationToken: Ct, environment: new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" });
        Assert.True(allowFailure || result.ExitCode == 0, $"dpkg {string.Join(' ', arguments)}: {result}");
    }

    private static Task<string> DpkgDebAsync(params string[] arguments) => RunAsync("dpkg-deb", arguments);

    private static async Task<string> StatAsync(string format, string path) => (await RunAsync("stat", "-c", format, path)).Trim();

    private static async Task<string> RunAsync(string program, params string[] arguments)
    {
        var result = await ProcessRunner.RunAsync(program, arguments, cancellationToken: Ct);
        Assert.True(result.ExitCode == 0, $"{program} {string.Join(' ', arguments)}: {result}");
        return result.StandardOutput;
    }
}
