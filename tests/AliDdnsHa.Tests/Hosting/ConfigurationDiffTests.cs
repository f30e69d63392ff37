// Licensed under the MIT license.

using AliDdnsHa.Configuration;
using AliDdnsHa.Hosting;

namespace AliDdnsHa.Tests.Hosting;

public sealed class ConfigurationDiffTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("aliddnsha-diff-").FullName;

    [Fact]
    public void ASecretFileRotatedInPlace_ChangesItsProvider_AndTheTargetsThatUseIt()
    {
        var secret = Path.Combine(_folder, "ak-secret");
        File.WriteAllText(secret, "first-secret\n");
        var config = Path.Combine(_folder, "aliddnsha.yaml");
        File.WriteAllText(config, $$"""
            Providers:
              ali: { Type: AlibabaCloud, Endpoint: "http://127.0.0.1:9/", AccessKeyId: LTAI5tDiffKey, AccessKeySecretFile: "{{secret}}" }
              local: { Type: HostsFile, Path: "{{Path.Combine(_folder, "hosts")}}" }
            Targets:
              - { Name: a.example.com, Provider: ali, Port: 443, Sources: [ { Name: wan1, Address: 192.0.2.1 } ] }
              - { Name: b.example.com, Provider: local, Port: 443, Sources: [ { Name: wan1, Address: 192.0.2.1 } ] }
            """);
        var running = ConfigurationFile.Load(config, forceDryRun: false);

        File.WriteAllText(secret, "second-secret\n"); // same name, new content: a rotation
        var next = ConfigurationFile.Load(config, forceDryRun: false);
        var diff = ConfigurationDiff.Between(running, next);

        Assert.Equal(["ali"], diff.ChangedProviders);
        Assert.Equal(["a.example.com"], diff.ChangedTargets);
        Assert.Empty(ConfigurationDiff.Between(next, ConfigurationFile.Load(config, forceDryRun: false)).ChangedProviders);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
