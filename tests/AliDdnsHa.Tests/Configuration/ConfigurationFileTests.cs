// Licensed under the MIT license.

using AliDdnsHa.Configuration;

namespace AliDdnsHa.Tests.Configuration;

public sealed class ConfigurationFileTests
{
    [Fact]
    public void EmbeddedQuickstart_OutsideAContainer_KeepsItsLoopbackListener()
    {
        var loaded = ConfigurationFile.Load(null, forceDryRun: false, environment: _ => null);

        Assert.Equal(ConfigurationFile.EmbeddedName, loaded.Source);
        Assert.Equal("http://127.0.0.1:9464", loaded.Configuration["Urls"]);
    }

    [Fact]
    public void EmbeddedQuickstart_InAContainer_ListensWhereAPublishedPortReachesIt()
    {
        var loaded = ConfigurationFile.Load(null, forceDryRun: false, environment: name => name == "DOTNET_RUNNING_IN_CONTAINER" ? "true" : null);

        Assert.Equal(ConfigurationFile.EmbeddedName, loaded.Source);
        Assert.Equal("http://0.0.0.0:9464", loaded.Configuration["Urls"]);
        Assert.Empty(loaded.Errors);
    }

    [Fact]
    public void AUsersFile_InAContainer_KeepsItsOwnUrls()
    {
        using var config = new TempConfig("""
            Urls: http://127.0.0.1:9555
            Providers:
              local: { Type: HostsFile, Path: "{hosts}" }
            Targets:
              - { Name: home.example.com, Provider: local, Port: 443, Sources: [ { Name: wan1, Address: 192.0.2.1 } ] }
            """);

        var loaded = ConfigurationFile.Load(config.Path, forceDryRun: false, environment: _ => "true");

        Assert.Equal("http://127.0.0.1:9555", loaded.Configuration["Urls"]);
    }
}
