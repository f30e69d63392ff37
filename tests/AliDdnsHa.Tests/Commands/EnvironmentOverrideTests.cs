// Licensed under the MIT license.

using AliDdnsHa.Configuration;

namespace AliDdnsHa.Tests.Commands;

/// <summary>Environment variables are process-wide, so these tests run alone.</summary>
[CollectionDefinition(nameof(EnvironmentOverrideTests), DisableParallelization = true)]
public sealed class EnvironmentOverrideGroup;

[Collection(nameof(EnvironmentOverrideTests))]
public sealed class EnvironmentOverrideTests
{
    private const string File = """
        Providers:
          local: { Type: HostsFile, Path: "{hosts}" }
        Targets:
          - Name: home.example.com
            Provider: local
            Port: 443
            Ttl: 600
            Sources:
              - { Name: wan1, Address: 192.0.2.1 }
        """;

    [Fact]
    public void Load_AliDdnsHaEnvironmentVariables_OverrideTheFile()
    {
        using var config = new TempConfig(File);
        Environment.SetEnvironmentVariable("ALIDDNSHA__Targets__0__Ttl", "120");
        Environment.SetEnvironmentVariable("ALIDDNSHA__TARGETS__0__PROBE__INTERVAL", "10s");
        Environment.SetEnvironmentVariable("ALIDDNSHA__DryRun", "true");
        try
        {
            var loaded = ConfigurationFile.Load(config.Path, forceDryRun: false);

            Assert.Empty(loaded.Errors);
            Assert.Equal(120, loaded.Options.Targets[0].Ttl);
            Assert.Equal(TimeSpan.FromSeconds(10), loaded.Options.Targets[0].Probe.Interval);
            Assert.True(loaded.Options.DryRun);
        }
        finally
        {
            Environment.SetEnvironmentVariable("ALIDDNSHA__Targets__0__Ttl", null);
            Environment.SetEnvironmentVariable("ALIDDNSHA__TARGETS__0__PROBE__INTERVAL", null);
            Environment.SetEnvironmentVariable("ALIDDNSHA__DryRun", null);
        }
    }

    [Fact]
    public void Load_BadEnvironmentValue_IsReportedWithItsPath()
    {
        using var config = new TempConfig(File);
        Environment.SetEnvironmentVariable("ALIDDNSHA__Targets__0__Sources__0__Address", "192.0.2.300");
        try
        {
            var loaded = ConfigurationFile.Load(config.Path, forceDryRun: false);

            Assert.Equal(["Targets[0].Sources[0].Address: '192.0.2.300' is not an IPv4 or IPv6 address"], loaded.Errors.Select(e => e.ToString()));
        }
        finally
        {
            Environment.SetEnvironmentVariable("ALIDDNSHA__Targets__0__Sources__0__Address", null);
        }
    }
}
