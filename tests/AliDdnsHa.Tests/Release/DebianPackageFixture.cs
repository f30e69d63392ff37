// Licensed under the MIT license.

using AliDdnsHa.Testing;

namespace AliDdnsHa.Tests.Release;

/// <summary>Builds the .deb packages once for <see cref="DebianPackageTests"/> the way a release does:
/// <c>scripts/publish.sh deb-amd64</c> and <c>deb-arm64</c> from a copy of the sources.</summary>
public sealed class DebianPackageFixture : IAsyncLifetime
{
    private readonly string _work = Directory.CreateTempSubdirectory("aliddnsha-deb-").FullName;

    public string Amd64 { get; private set; } = "";

    /// <summary>The arm64 package, or null with <see cref="Arm64Unavailable"/> saying why it could not be built.</summary>
    public string? Arm64 { get; private set; }

    public string? Arm64Unavailable { get; private set; }

    public static string Version => ReleaseBuild.Version;

    public async ValueTask InitializeAsync()
    {
        var output = await ReleaseBuild.RunPublishAsync(_work, ["deb-amd64"], TestContext.Current.CancellationToken);
        Amd64 = Path.Combine(output, "deb", $"aliddnsha_{Version}_amd64.deb");
        var marker = RepositoryPaths.Get(".tools/arm64-unavailable");
        if (File.Exists(marker))
        {
            Arm64Unavailable = await File.ReadAllTextAsync(marker);
            return;
        }

        await ReleaseBuild.RunPublishAsync(_work, ["deb-arm64"], TestContext.Current.CancellationToken);
        Arm64 = Path.Combine(output, "deb", $"aliddnsha_{Version}_arm64.deb");
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_work, recursive: true);
        return ValueTask.CompletedTask;
    }
}
