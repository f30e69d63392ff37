// Licensed under the MIT license.

using System.Net;
using AliDdnsHa.Dns;
using AliDdnsHa.Testing;
using Microsoft.Extensions.Configuration;

namespace AliDdnsHa.Providers.HostsFile.Tests;

public sealed class HostsFileDnsProviderTests : IDisposable
{
    private const string Name = "home.example.com";
    private static readonly RecordSetKey s_key = new(Name, "example.com");

    private readonly string _folder = Directory.CreateTempSubdirectory("aliddnsha-hosts-").FullName;
    private readonly TestMetrics _metrics = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string FilePath => Path.Combine(_folder, "hosts");

    [Fact]
    public async Task ReadAsync_MissingFile_IsAnEmptySet()
    {
        Assert.Empty(await Provider().ReadAsync(s_key, Ct));
    }

    [Fact]
    public async Task AnotherWriterReplacingTheFileRightAfterOurRename_IsSeen_NotTakenForOurs()
    {
        var provider = Provider();
        provider.AfterRename = () => File.WriteAllText(FilePath, "203.0.113.9 home.example.com\n"); // e.g. a DHCP hook
        await provider.ApplyAsync(s_key, [new RecordChange(RecordChangeKind.Add, IPAddress.Parse("192.0.2.1"), 600)], Ct);
        provider.AfterRename = null;

        var records = await provider.ReadAsync(s_key, Ct);

        Assert.Equal(["203.0.113.9"], records.Select(r => r.Address.ToString()));
    }

    [Fact]
    public async Task ReadAndApply_OnALineOtherThanDefault_AreRefusedAndTouchNothing()
    {
        await File.WriteAllTextAsync(FilePath, "192.0.2.1 home.example.com\n", Ct);
        var telecom = s_key with { Line = "telecom" };

        var read = await Assert.ThrowsAsync<DnsProviderException>(() => Provider().ReadAsync(telecom, Ct));
        var apply = await Assert.ThrowsAsync<DnsProviderException>(() => Provider().ApplyAsync(telecom, [new RecordChange(RecordChangeKind.Add, IPAddress.Parse("192.0.2.2"), 600)], Ct));

        Assert.Equal(("line_unsupported", "line_unsupported"), (read.Code, apply.Code));
        Assert.True(read.IsConfigurationError);
        Assert.Equal("192.0.2.1 home.example.com\n", await File.ReadAllTextAsync(FilePath, Ct));
    }

    [Fact]
    public async Task ReadAsync_FindsOwnNameOnIPv4LinesOnly()
    {
        await File.WriteAllTextAsync(FilePath, """
            # managed in part by AliDdnsHa
            127.0.0.1 localhost
            192.0.2.1 home.example.com
            192.0.2.2   HOME.example.com.   # trailing dot and case
            192.0.2.3 other.example.com home.example.com alias
            2001:db8::1 home.example.com
            192.0.2.9 homeX.example.com
            """, Ct);

        var records = await Provider().ReadAsync(s_key, Ct);

        Assert.Equal(["192.0.2.1", "192.0.2.2", "192.0.2.3"], records.Select(r => r.Address.ToString()));
        Assert.All(records, r => Assert.Null(r.Ttl));
    }

    [Fact]
    public async Task ReadAsync_AaaaKey_FindsOwnNameOnIPv6LinesOnly()
    {
        await File.WriteAllTextAsync(FilePath, """
            192.0.2.1 home.example.com
            2001:db8::1 home.example.com
            2001:0db8:0:0::2 home.example.com alias
            ::ffff:192.0.2.7 home.example.com
            2001:db8::9 other.example.com
            """, Ct);

        var records = await Provider().ReadAsync(s_key with { Type = DnsRecordType.AAAA }, Ct);

        Assert.Equal(["2001:db8::1", "2001:db8::2"], records.Select(r => r.Address.ToString()));
    }

    [Fact]
    public async Task ApplyAsync_DualStackName_EachTypeEditsOnlyItsOwnLines()
    {
        const string before = "# keep\n192.0.2.1 home.example.com\n2001:db8::1 home.example.com\n::1 ip6-localhost\n";
        await File.WriteAllTextAsync(FilePath, before, Ct);
        var provider = Provider();
        var aaaa = s_key with { Type = DnsRecordType.AAAA };
        var v6 = Assert.Single(await provider.ReadAsync(aaaa, Ct));
        var v4 = Assert.Single(await provider.ReadAsync(s_key, Ct));

        Assert.True((await provider.ApplyAsync(aaaa, [Add("2001:db8::2"), Delete(v6)], Ct)).Error is null);
        Assert.True((await provider.ApplyAsync(s_key, [Add("192.0.2.2")], Ct)).Error is null);

        Assert.Equal(
            "# keep\n192.0.2.1 home.example.com\n::1 ip6-localhost\n2001:db8::2 home.example.com\n192.0.2.2 home.example.com\n",
            await File.ReadAllTextAsync(FilePath, Ct));
        Assert.Equal(["192.0.2.1", "192.0.2.2"], (await provider.ReadAsync(s_key, Ct)).Select(r => r.Address.ToString()));
        Assert.Equal("192.0.2.1", v4.Address.ToString());
    }

    [Fact]
    public async Task ApplyAsync_AddAndDelete_PreservesEveryForeignLine()
    {
        const string before = "# comment stays\n127.0.0.1 localhost\n\n192.0.2.1 home.example.com\n::1 ip6-localhost\n192.0.2.5 other.example.com\n";
        await File.WriteAllTextAsync(FilePath, before, Ct);
        var provider = Provider();
        var existing = Assert.Single(await provider.ReadAsync(s_key, Ct));

        var result = await provider.ApplyAsync(s_key, [Add("192.0.2.2"), Delete(existing)], Ct);

        Assert.Null(result.Error);
        Assert.Equal(2, result.Applied.Count);
        Assert.Equal(
            "# comment stays\n127.0.0.1 localhost\n\n::1 ip6-localhost\n192.0.2.5 other.example.com\n192.0.2.2 home.example.com\n",
            await File.ReadAllTextAsync(FilePath, Ct));
        Assert.Equal(1, await _metrics.ValueAsync("aliddnsha_provider_requests_total{provider=\"local\",operation=\"write\",result=\"ok\"}"));
    }

    [Fact]
    public async Task ApplyAsync_DeleteFromSharedLine_RemovesOnlyOurName()
    {
        await File.WriteAllTextAsync(FilePath, "192.0.2.3 other.example.com home.example.com alias # note\n", Ct);
        var provider = Provider();
        var record = Assert.Single(await provider.ReadAsync(s_key, Ct));

        await provider.ApplyAsync(s_key, [Delete(record)], Ct);

        Assert.Equal("192.0.2.3 other.example.com alias # note\n", await File.ReadAllTextAsync(FilePath, Ct));
    }

    [Fact]
    public async Task ApplyAsync_Duplicates_AreDeletedOneByOne()
    {
        await File.WriteAllTextAsync(FilePath, "192.0.2.1 home.example.com\n192.0.2.1 home.example.com\n", Ct);
        var provider = Provider();
        var records = await provider.ReadAsync(s_key, Ct);
        Assert.Equal(["192.0.2.1/0", "192.0.2.1/1"], records.Select(r => r.Id));

        await provider.ApplyAsync(s_key, [Delete(records[1])], Ct);

        Assert.Equal("192.0.2.1 home.example.com\n", await File.ReadAllTextAsync(FilePath, Ct));
    }

    [Fact]
    public async Task ReadAsync_AfterAnotherProgramEditsTheFile_SeesTheEdit()
    {
        await File.WriteAllTextAsync(FilePath, "192.0.2.1 home.example.com\n", Ct);
        var provider = Provider();
        await provider.ApplyAsync(s_key, [Add("192.0.2.2")], Ct); // our own write: kept parsed
        Assert.Equal(["192.0.2.1", "192.0.2.2"], (await provider.ReadAsync(s_key, Ct)).Select(r => r.Address.ToString()));

        // Same size as before, so only the modification time tells the two files apart.
        await File.WriteAllTextAsync(FilePath, "192.0.2.7 home.example.com\n192.0.2.8 home.example.com\n", Ct);
        File.SetLastWriteTimeUtc(FilePath, File.GetLastWriteTimeUtc(FilePath).AddSeconds(1));

        Assert.Equal(["192.0.2.7", "192.0.2.8"], (await Provider().ReadAsync(s_key, Ct)).Select(r => r.Address.ToString()));
    }

    [Fact]
    public async Task ApplyAsync_DeleteFromSharedLineThenAddAgain_KeepsOneEntry()
    {
        await File.WriteAllTextAsync(FilePath, "192.0.2.3 other.example.com home.example.com\n", Ct);
        var provider = Provider();
        var record = Assert.Single(await provider.ReadAsync(s_key, Ct));

        await provider.ApplyAsync(s_key, [Delete(record), Add("192.0.2.3")], Ct);

        Assert.Equal("192.0.2.3 other.example.com\n192.0.2.3 home.example.com\n", await File.ReadAllTextAsync(FilePath, Ct));
        Assert.Equal("192.0.2.3", Assert.Single(await provider.ReadAsync(s_key, Ct)).Address.ToString());
    }

    [Fact]
    public async Task ApplyAsync_AddExisting_IsNotDuplicated()
    {
        await File.WriteAllTextAsync(FilePath, "192.0.2.1 home.example.com\n", Ct);

        await Provider().ApplyAsync(s_key, [Add("192.0.2.1")], Ct);

        Assert.Equal("192.0.2.1 home.example.com\n", await File.ReadAllTextAsync(FilePath, Ct));
    }

    [Fact]
    public async Task ApplyAsync_NewFileInNewFolder_IsCreated()
    {
        var path = Path.Combine(_folder, "sub", "dir", "hosts");
        var provider = new HostsFileDnsProvider("local", new HostsFileOptions { Path = path }, _metrics.Metrics, TimeProvider.System);

        var result = await provider.ApplyAsync(s_key, [Add("192.0.2.1")], Ct);

        Assert.Null(result.Error);
        Assert.Equal("192.0.2.1 home.example.com\n", await File.ReadAllTextAsync(path, Ct));
    }

    [Fact]
    public async Task ApplyAsync_ReplacesAtomically_LeavingNoTemporaryFiles()
    {
        await File.WriteAllTextAsync(FilePath, "127.0.0.1 localhost\n", Ct);
        var provider = Provider();

        for (var i = 1; i <= 20; i++)
        {
            await provider.ApplyAsync(s_key, [Add($"192.0.2.{i}")], Ct);
        }

        Assert.Equal(["hosts"], Directory.GetFiles(_folder).Select(Path.GetFileName));
        Assert.Equal(21, (await File.ReadAllLinesAsync(FilePath, Ct)).Length);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task ApplyAsync_KeepsTheFileMode()
    {
        await File.WriteAllTextAsync(FilePath, "", Ct);
        var mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        File.SetUnixFileMode(FilePath, mode);

        await Provider().ApplyAsync(s_key, [Add("192.0.2.1")], Ct);

        Assert.Equal(mode, File.GetUnixFileMode(FilePath));
    }

    [Fact]
    public async Task ApplyAsync_PathIsAFolder_FailsCleanlyAndChangesNothing()
    {
        Directory.CreateDirectory(FilePath);
        var provider = Provider();

        var result = await provider.ApplyAsync(s_key, [Add("192.0.2.1")], Ct);
        var read = await Assert.ThrowsAsync<DnsProviderException>(() => provider.ReadAsync(s_key, Ct));

        Assert.Empty(result.Applied);
        Assert.Equal("io_error", result.Error!.Code);
        Assert.Equal("io_error", read.Code);
        Assert.True(Directory.Exists(FilePath));
        Assert.Equal(1, await _metrics.ValueAsync("aliddnsha_provider_requests_total{provider=\"local\",operation=\"write\",result=\"io_error\"}"));
    }

    [Fact]
    public async Task ConcurrentAppliesToOneFile_LoseNothing()
    {
        var a = Provider();
        var b = Provider();
        var other = new RecordSetKey("other.example.com", "example.com");

        await Task.WhenAll(Enumerable.Range(1, 20).Select(i => i % 2 == 0
            ? a.ApplyAsync(s_key, [Add($"192.0.2.{i}")], Ct)
            : b.ApplyAsync(other, [Add($"198.51.100.{i}")], Ct)));

        Assert.Equal(10, (await a.ReadAsync(s_key, Ct)).Count);
        Assert.Equal(10, (await b.ReadAsync(other, Ct)).Count);
    }

    [Fact]
    public async Task ManyTargetsApplyingAtOnce_AreCommittedTogether_AndEachGetsItsOwnLines()
    {
        // Applies queued behind a write land together with the next one; each target's changes must still be its own.
        var providers = Enumerable.Range(0, 50).Select(_ => Provider()).ToList();
        await providers[0].ApplyAsync(s_key, [Add("192.0.2.1")], Ct);

        var results = await Task.WhenAll(providers.Select((p, i) =>
            p.ApplyAsync(new RecordSetKey($"t{i}.example.com", "example.com"), [Add($"198.51.100.{i + 1}")], Ct)));

        Assert.All(results, r => Assert.Null(r.Error));
        for (var i = 0; i < providers.Count; i++)
        {
            var records = await providers[i].ReadAsync(new RecordSetKey($"t{i}.example.com", "example.com"), Ct);
            Assert.Equal([IPAddress.Parse($"198.51.100.{i + 1}")], records.Select(r => r.Address));
        }

        Assert.Equal(51, File.ReadAllLines(FilePath).Length);
        Assert.Single(await providers[0].ReadAsync(s_key, Ct));
    }

    [Fact]
    public void Factory_Validate_ReportsMissingPathAndUnknownKeys()
    {
        var section = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Providers:local:Type"] = "HostsFile",
            ["Providers:local:File"] = "x",
        }).Build().GetSection("Providers:local");

        var errors = new HostsFileProviderFactory().Validate("Providers.local", section);

        Assert.Equal(
            ["Providers.local.File: unknown setting (known here: Type, Path)", "Providers.local.Path: is required (the hosts file to keep, e.g. ./data/hosts)"],
            errors.Select(e => e.ToString()));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private HostsFileDnsProvider Provider() => new("local", new HostsFileOptions { Path = FilePath }, _metrics.Metrics, TimeProvider.System);

    private static RecordChange Add(string address) => new(RecordChangeKind.Add, IPAddress.Parse(address), 600);

    private static RecordChange Delete(DnsRecord record) => new(RecordChangeKind.Delete, record.Address, 600, record);
}
