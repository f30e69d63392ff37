// Licensed under the MIT license.

using AliDdnsHa.Configuration;
using Microsoft.Extensions.Configuration;

namespace AliDdnsHa.Tests.Configuration;

/// <summary>The indexed snapshot answers exactly as the configuration it copies: values, overrides, children and their order.</summary>
public sealed class ConfigurationSnapshotTests
{
    [Fact]
    public void Snapshot_AnswersAsTheOriginal()
    {
        using var config = new TempConfig("""
            Targets:
              - Name: b.example.com
                Sources: [ { Name: s10, Address: 192.0.2.10 }, { Name: s2, Address: 192.0.2.2 } ]
              - Name: a.example.com
                Probe: { Interval: 5s }
            Web: {}
            Metrics: { EndpointHistograms: Auto }
            """);
        var original = new ConfigurationBuilder()
            .AddYamlFile(config.Path)
            .AddInMemoryCollection(new Dictionary<string, string?> { ["targets:0:name"] = "override.example.com", ["Metrics:EndpointHistograms"] = null, ["Extra:Deep:Key"] = "x" })
            .Build();

        var snapshot = ConfigurationSnapshot.Of(original);

        Assert.Equal(Dump(original), Dump(snapshot));
        Assert.Equal("override.example.com", snapshot["Targets:0:Name"]);
        Assert.Null(snapshot["Metrics:EndpointHistograms"]);
        Assert.Equal(original.GetSection("Targets:0:Sources").GetChildren().Select(c => c.Key), snapshot.GetSection("Targets:0:Sources").GetChildren().Select(c => c.Key));
        Assert.Equal(original.GetChildren().Select(c => c.Key.ToUpperInvariant()), snapshot.GetChildren().Select(c => c.Key.ToUpperInvariant()));
        Assert.Equal(["EXTRA", "METRICS", "TARGETS"], snapshot.GetChildren().Select(c => c.Key.ToUpperInvariant()));
    }

    private static List<string> Dump(IConfiguration configuration) =>
        [.. configuration.AsEnumerable().Select(kv => $"{kv.Key.ToUpperInvariant()}={kv.Value}")];
}
