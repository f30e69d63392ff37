// Licensed under the MIT license.

using System.Net;
using AliDdnsHa.Configuration;
using AliDdnsHa.Dns;

namespace AliDdnsHa.Providers.AlibabaCloud.Tests;

public sealed class AlibabaCloudDnsProviderTests : IDisposable
{
    private static readonly RecordSetKey s_key = new("home.example.com", "example.com");
    private readonly AlidnsTestContext _ctx = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ReadAsync_FiltersTheExactRrAndTypeA()
    {
        _ctx.Emulator.Seed("example.com", "home", "192.0.2.1");
        _ctx.Emulator.Seed("example.com", "home", "192.0.2.2", status: "DISABLE");
        _ctx.Emulator.Seed("example.com", "home2", "192.0.2.9");          // RRKeyWord would have matched this
        _ctx.Emulator.Seed("example.com", "home", "2001:db8::1", "AAAA");
        _ctx.Emulator.Seed("example.com", "home", "mail.example.com", "CNAME");

        var records = await _ctx.Provider.ReadAsync(s_key, Ct);

        Assert.Equal(["192.0.2.1", "192.0.2.2"], records.Select(r => r.Address.ToString()));
        Assert.Equal([true, false], records.Select(r => r.Enabled));
        Assert.All(records, r => Assert.Equal(600, r.Ttl));
        Assert.All(records, r => Assert.True(long.Parse(r.Id, System.Globalization.CultureInfo.InvariantCulture) > (1L << 53)));
        var (_, parameters) = Assert.Single(_ctx.Emulator.Requests);
        Assert.Equal(("home.example.com", "example.com", "A", "100"), (parameters["SubDomain"], parameters["DomainName"], parameters["Type"], parameters["PageSize"]));
    }

    [Fact]
    public async Task ReadAsync_ManyRecords_PagesUntilTotalCount()
    {
        for (var i = 1; i <= 230; i++)
        {
            _ctx.Emulator.Seed("example.com", "home", $"10.0.{i / 250}.{i % 250}");
        }

        var records = await _ctx.Provider.ReadAsync(s_key, Ct);

        Assert.Equal(230, records.Count);
        Assert.Equal(230, records.Select(r => r.Id).Distinct().Count());
        Assert.Equal(3, _ctx.Emulator.Count("DescribeSubDomainRecords"));
    }

    [Fact]
    public async Task ReadAsync_Apex_UsesAt()
    {
        _ctx.Emulator.Seed("example.com", "@", "192.0.2.1");

        var records = await _ctx.Provider.ReadAsync(new RecordSetKey("example.com", "example.com"), Ct);

        Assert.Equal("192.0.2.1", Assert.Single(records).Address.ToString());
    }

    [Fact]
    public async Task ReadAsync_NoZone_FindsItWithGetMainDomainNameOnce()
    {
        _ctx.Emulator.Seed("example.com", "a.b", "192.0.2.1");
        var key = new RecordSetKey("a.b.example.com", null);

        await _ctx.Provider.ReadAsync(key, Ct);
        var records = await _ctx.Provider.ReadAsync(key, Ct);

        Assert.Single(records);
        Assert.Equal(1, _ctx.Emulator.Count("GetMainDomainName"));
    }

    [Fact]
    public async Task ReadAsync_AaaaKey_AsksForTypeAaaaAndKeepsOnlyIpv6()
    {
        _ctx.Emulator.Seed("example.com", "home", "192.0.2.1");
        _ctx.Emulator.Seed("example.com", "home", "2001:db8::1", "AAAA");
        _ctx.Emulator.Seed("example.com", "home", "2001:DB8:0::2", "AAAA", status: "DISABLE");

        var records = await _ctx.Provider.ReadAsync(s_key with { Type = DnsRecordType.AAAA }, Ct);

        Assert.Equal(["2001:db8::1", "2001:db8::2"], records.Select(r => r.Address.ToString()));
        Assert.Equal([true, false], records.Select(r => r.Enabled));
        Assert.Equal("AAAA", Assert.Single(_ctx.Emulator.Requests).Parameters["Type"]);
    }

    [Fact]
    public async Task ApplyAsync_AaaaKey_WritesAaaaRecordsBesideTheARecords()
    {
        _ctx.Emulator.Seed("example.com", "home", "192.0.2.1");
        var stale = _ctx.Emulator.Seed("example.com", "home", "2001:db8::9", "AAAA");
        var key = s_key with { Type = DnsRecordType.AAAA };
        var records = await _ctx.Provider.ReadAsync(key, Ct);

        var result = await _ctx.Provider.ApplyAsync(key,
        [
            new RecordChange(RecordChangeKind.Add, IPAddress.Parse("2001:db8::1"), 600),
            new RecordChange(RecordChangeKind.Delete, IPAddress.Parse("2001:db8::9"), 600, records.Single(r => r.Id == stale)),
        ], Ct);

        Assert.Null(result.Error);
        Assert.Equal(["2001:db8::1"], _ctx.Emulator.Values("example.com", "home", "AAAA"));
        Assert.Equal(["192.0.2.1"], _ctx.Emulator.Values("example.com", "home"));
        Assert.Equal("AAAA", _ctx.Emulator.Requests.Single(r => r.Action == "AddDomainRecord").Parameters["Type"]);
    }

    [Fact]
    public async Task Emulator_ValueOfTheWrongFamily_IsRefusedAsTheRealServiceDoes()
    {
        var result = await _ctx.Provider.ApplyAsync(s_key, [new RecordChange(RecordChangeKind.Add, IPAddress.Parse("2001:db8::1"), 600)], Ct);

        Assert.Equal("InvalidValue", result.Error?.Code);
        Assert.Empty(_ctx.Emulator.Values("example.com", "home", "A"));
    }

    [Fact]
    public async Task ApplyAsync_AddUpdateDelete_ChangesTheZone()
    {
        var stale = _ctx.Emulator.Seed("example.com", "home", "192.0.2.9");
        var old = _ctx.Emulator.Seed("example.com", "home", "192.0.2.1", ttl: 900);
        var records = await _ctx.Provider.ReadAsync(s_key, Ct);

        var result = await _ctx.Provider.ApplyAsync(s_key,
        [
            new RecordChange(RecordChangeKind.Add, IPAddress.Parse("192.0.2.2"), 600),
            new RecordChange(RecordChangeKind.Update, IPAddress.Parse("192.0.2.1"), 600, records.Single(r => r.Id == old)),
            new RecordChange(RecordChangeKind.Delete, IPAddress.Parse("192.0.2.9"), 600, records.Single(r => r.Id == stale)),
        ], Ct);

        Assert.Null(result.Error);
        Assert.Equal(3, result.Applied.Count);
        Assert.Equal(["192.0.2.1", "192.0.2.2"], _ctx.Emulator.Values("example.com", "home"));
        Assert.All(_ctx.Emulator.Records("example.com"), r => Assert.Equal(600, r.Ttl));
        Assert.Equal(["AddDomainRecord", "UpdateDomainRecord", "DeleteDomainRecord"], _ctx.Emulator.Requests.Skip(1).Select(r => r.Action));
    }

    [Fact]
    public async Task ApplyAsync_DisableAndEnable_KeepTheRecordId()
    {
        var id = _ctx.Emulator.Seed("example.com", "home", "192.0.2.1");
        var record = Assert.Single(await _ctx.Provider.ReadAsync(s_key, Ct));

        await _ctx.Provider.ApplyAsync(s_key, [new RecordChange(RecordChangeKind.Disable, record.Address, 600, record)], Ct);
        var disabled = Assert.Single(await _ctx.Provider.ReadAsync(s_key, Ct));
        Assert.False(disabled.Enabled);
        Assert.Empty(_ctx.Emulator.Values("example.com", "home"));

        await _ctx.Provider.ApplyAsync(s_key, [new RecordChange(RecordChangeKind.Enable, record.Address, 600, disabled)], Ct);

        var enabled = Assert.Single(await _ctx.Provider.ReadAsync(s_key, Ct));
        Assert.True(enabled.Enabled);
        Assert.Equal(id, enabled.Id);
    }

    [Fact]
    public async Task ApplyAsync_AddOfExistingValue_IsSuccess()
    {
        _ctx.Emulator.Seed("example.com", "home", "192.0.2.1");

        var result = await _ctx.Provider.ApplyAsync(s_key, [new RecordChange(RecordChangeKind.Add, IPAddress.Parse("192.0.2.1"), 600)], Ct);

        Assert.Null(result.Error);
        Assert.Single(result.Applied);
        Assert.Equal(1, await _ctx.RequestsAsync("AddDomainRecord", "DomainRecordDuplicate"));
        Assert.Single(_ctx.Emulator.Values("example.com", "home"));
    }

    [Fact]
    public async Task ApplyAsync_FailureInTheMiddle_StopsAndReportsWhatLanded()
    {
        var stale = _ctx.Emulator.Seed("example.com", "home", "192.0.2.9");
        var record = Assert.Single(await _ctx.Provider.ReadAsync(s_key, Ct));
        _ctx.Emulator.Fail("InternalError", 500, count: 10, action: "DeleteDomainRecord");

        var result = await _ctx.Provider.ApplyAsync(s_key,
        [
            new RecordChange(RecordChangeKind.Add, IPAddress.Parse("192.0.2.2"), 600),
            new RecordChange(RecordChangeKind.Delete, record.Address, 600, record),
        ], Ct);

        Assert.Equal(RecordChangeKind.Add, Assert.Single(result.Applied).Kind);
        Assert.Equal("InternalError", result.Error!.Code);
        Assert.Equal(["192.0.2.2", "192.0.2.9"], _ctx.Emulator.Values("example.com", "home"));
        Assert.Contains(_ctx.Emulator.Records("example.com"), r => r.RecordId == stale);
    }

    [Fact]
    public async Task ApplyAsync_TtlBelowMinimum_IsAConfigurationError()
    {
        var result = await _ctx.Provider.ApplyAsync(s_key, [new RecordChange(RecordChangeKind.Add, IPAddress.Parse("192.0.2.2"), 60)], Ct);

        Assert.Empty(result.Applied);
        Assert.Equal("QuotaExceeded.TTL", result.Error!.Code);
        Assert.True(result.Error.IsConfigurationError);
        Assert.Contains("600", result.Error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplyAsync_MoreThanTheCap_IsRefused()
    {
        for (var i = 1; i <= 10; i++)
        {
            _ctx.Emulator.Seed("example.com", "home", $"192.0.2.{i}");
        }

        var result = await _ctx.Provider.ApplyAsync(s_key, [new RecordChange(RecordChangeKind.Add, IPAddress.Parse("192.0.2.11"), 600)], Ct);

        Assert.Equal("QuotaExceeded.ARecord", result.Error!.Code);
    }

    [Fact]
    public async Task PreflightAsync_TtlBelowEditionMinimum_IsAnError()
    {
        var target = new TargetOptions { Name = "home.example.com", Zone = "example.com", Ttl = 60, Sources = [new SourceOptions { Name = "a" }] };

        var findings = await _ctx.Provider.PreflightAsync("Targets[0]", target, Ct);

        var finding = Assert.Single(findings);
        Assert.True(finding.IsError);
        Assert.Equal("Targets[0].Ttl: '60' is below 600, the minimum TTL of example.com (Alibaba Cloud DNS Free Edition); Alidns would refuse every write with QuotaExceeded.TTL", finding.ToString());
    }

    [Fact]
    public async Task PreflightAsync_MoreSourcesThanTheCap_IsAWarning()
    {
        var target = new TargetOptions { Name = "home.example.com", Zone = "example.com", Ttl = 600, Sources = [.. Enumerable.Range(1, 11).Select(i => new SourceOptions { Name = $"s{i}" })] };

        var finding = Assert.Single(await _ctx.Provider.PreflightAsync("Targets[0]", target, Ct));

        Assert.False(finding.IsError);
        Assert.Contains("up to 11 addresses may be published, more than the 10 A records per name", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PreflightAsync_PaidEdition_AllowsLowTtl()
    {
        _ctx.Emulator.AddDomain("example.net", minTtl: 1, versionCode: "version_enterprise_advanced", versionName: "Enterprise Ultimate");
        var target = new TargetOptions { Name = "home.example.net", Zone = "example.net", Ttl = 10, Sources = [new SourceOptions { Name = "a" }] };

        Assert.Empty(await _ctx.Provider.PreflightAsync("Targets[0]", target, Ct));
    }

    [Theory]
    [InlineData("home.example.com", "example.com", "home")]
    [InlineData("a.b.example.com", "example.com", "a.b")]
    [InlineData("example.com", "example.com", "@")]
    public void RelativeName_IsTheRr(string name, string zone, string rr) => Assert.Equal(rr, AlibabaCloudDnsProvider.RelativeName(name, zone));

    public void Dispose() => _ctx.Dispose();
}
