// Licensed under the MIT license.

using System.Net;
using AliDdnsHa.Configuration;
using AliDdnsHa.Dns;

namespace AliDdnsHa.Providers.AlibabaCloud.Tests;

/// <summary>A record set is (name, type, line): the provider reads, changes and deletes nothing on another line.</summary>
public sealed class AlibabaCloudDnsProviderLineTests : IDisposable
{
    private const string Zone = "example.com";
    private static readonly RecordSetKey s_default = new("home.example.com", Zone);
    private static readonly RecordSetKey s_telecom = s_default with { Line = "telecom" };
    private readonly AlidnsTestContext _ctx = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ReadAsync_AsksForItsLineAndKeepsOnlyIt()
    {
        _ctx.Emulator.Seed(Zone, "home", "192.0.2.1");
        _ctx.Emulator.Seed(Zone, "home", "198.51.100.9", line: "telecom");
        _ctx.Emulator.Seed(Zone, "home", "203.0.113.7", line: "unicom", status: "DISABLE");

        var onDefault = await _ctx.Provider.ReadAsync(s_default, Ct);
        var onTelecom = await _ctx.Provider.ReadAsync(s_telecom, Ct);

        Assert.Equal(["192.0.2.1"], onDefault.Select(r => r.Address.ToString()));
        Assert.Equal(["198.51.100.9"], onTelecom.Select(r => r.Address.ToString()));
        Assert.Equal(["default", "telecom"], _ctx.Emulator.Requests.Select(r => r.Parameters["Line"]));
    }

    [Fact]
    public async Task ReadAsync_AnswerRowOfAnotherLine_IsDropped()
    {
        // A service (or proxy) that ignored the Line filter: its rows of other lines must still never be ours.
        _ctx.Emulator.Raw("""
            {"TotalCount":3,"PageSize":100,"PageNumber":1,"RequestId":"R","DomainRecords":{"Record":[
              {"RR":"home","Type":"A","Value":"192.0.2.1","RecordId":"1","TTL":600,"Status":"ENABLE","Line":"default"},
              {"RR":"home","Type":"A","Value":"198.51.100.9","RecordId":"2","TTL":600,"Status":"ENABLE","Line":"telecom"},
              {"RR":"home","Type":"A","Value":"203.0.113.7","RecordId":"3","TTL":600,"Status":"ENABLE","Line":"unicom"}]}}
            """);

        var records = await _ctx.Provider.ReadAsync(s_default, Ct);

        Assert.Equal("192.0.2.1", Assert.Single(records).Address.ToString());
    }

    [Fact]
    public async Task ApplyAsync_OnALine_AddsUpdatesAndDeletesThereOnly()
    {
        var mine = _ctx.Emulator.Seed(Zone, "home", "198.51.100.1", ttl: 900, line: "telecom");
        var stale = _ctx.Emulator.Seed(Zone, "home", "198.51.100.2", line: "telecom");
        var theirs = _ctx.Emulator.Seed(Zone, "home", "198.51.100.1", ttl: 900);
        var records = await _ctx.Provider.ReadAsync(s_telecom, Ct);

        var result = await _ctx.Provider.ApplyAsync(s_telecom,
        [
            new RecordChange(RecordChangeKind.Add, IPAddress.Parse("198.51.100.3"), 600),
            new RecordChange(RecordChangeKind.Update, IPAddress.Parse("198.51.100.1"), 600, records.Single(r => r.Id == mine)),
            new RecordChange(RecordChangeKind.Delete, IPAddress.Parse("198.51.100.2"), 600, records.Single(r => r.Id == stale)),
        ], Ct);

        Assert.Null(result.Error);
        Assert.Equal(["198.51.100.1", "198.51.100.3"], _ctx.Emulator.Values(Zone, "home", line: "telecom"));
        Assert.Equal(600, _ctx.Emulator.Records(Zone).Single(r => r.RecordId == mine).Ttl);
        var untouched = _ctx.Emulator.Records(Zone).Single(r => r.RecordId == theirs);
        Assert.Equal(("default", 900, "198.51.100.1"), (untouched.Line, untouched.Ttl, untouched.Value));
        Assert.All(
            _ctx.Emulator.Requests.Where(r => r.Action is "AddDomainRecord" or "UpdateDomainRecord"),
            r => Assert.Equal("telecom", r.Parameters["Line"]));
        Assert.Equal(0, _ctx.Emulator.Count("DeleteSubDomainRecords"));
    }

    [Fact]
    public async Task ApplyAsync_UpdateOnTheDefaultLine_SendsLineDefault()
    {
        var id = _ctx.Emulator.Seed(Zone, "home", "192.0.2.1", ttl: 900);
        var record = Assert.Single(await _ctx.Provider.ReadAsync(s_default, Ct));

        await _ctx.Provider.ApplyAsync(s_default, [new RecordChange(RecordChangeKind.Update, record.Address, 600, record)], Ct);

        Assert.Equal("default", _ctx.Emulator.Requests.Single(r => r.Action == "UpdateDomainRecord").Parameters["Line"]);
        Assert.Equal(600, _ctx.Emulator.Records(Zone).Single(r => r.RecordId == id).Ttl);
    }

    [Fact]
    public async Task ApplyAsync_LineTheEditionDoesNotOffer_IsRefused()
    {
        var result = await _ctx.Provider.ApplyAsync(s_default with { Line = "cn_telecom_beijing" }, [new RecordChange(RecordChangeKind.Add, IPAddress.Parse("192.0.2.1"), 600)], Ct);

        Assert.Equal("InvalidLine.Unsupported", result.Error?.Code);
        Assert.Empty(_ctx.Emulator.Records(Zone));
    }

    [Fact]
    public async Task PreflightAsync_LinesTheEditionOffers_AreAccepted()
    {
        var findings = await _ctx.Provider.PreflightAsync("Targets[0]", ThreeIsps(), Ct);

        Assert.Empty(findings);
        Assert.Equal(Zone, _ctx.Emulator.Requests.Single(r => r.Action == "DescribeSupportLines").Parameters["DomainName"]);
    }

    [Fact]
    public async Task PreflightAsync_ARegionalLineOnTheFreeEdition_IsAnErrorThatListsWhatIsOffered()
    {
        var target = ThreeIsps();
        target.Lines.Add(new LineOptions { Code = "cn_telecom_beijing", Sources = ["ct"] });
        target.Sources[1].Record = "dns2.example.com";
        target.Sources[1].Line = "unicom_south";

        var findings = await _ctx.Provider.PreflightAsync("Targets[0]", target, Ct);

        Assert.Equal(
        [
            "Targets[0].Lines.cn_telecom_beijing: line 'cn_telecom_beijing' is not offered by example.com (Alibaba Cloud DNS Free Edition); it offers: btvn, default, drpeng, edu, mobile, oversea, search, telecom, unicom",
            "Targets[0].Sources[1].Line: line 'unicom_south' is not offered by example.com (Alibaba Cloud DNS Free Edition); it offers: btvn, default, drpeng, edu, mobile, oversea, search, telecom, unicom",
        ], findings.Select(f => f.ToString()));
        Assert.All(findings, f => Assert.True(f.IsError));
    }

    [Fact]
    public async Task PreflightAsync_PaidInstance_TakesTheTtlFloorFromTheInstance_AndItsLines()
    {
        _ctx.Emulator.AddDomain("example.net", minTtl: 60, versionCode: "version_enterprise_basic", versionName: "Enterprise Standard", lines: ["telecom", "unicom", "cn_telecom_beijing"], instanceId: "i-8fxxxx");
        var target = ThreeIsps();
        (target.Name, target.Zone, target.Ttl) = ("home.example.net", "example.net", 30);
        target.Lines.Add(new LineOptions { Code = "cn_telecom_beijing", Sources = ["ct"] });
        target.Lines.RemoveAll(l => l.Code == "mobile");

        var finding = Assert.Single(await _ctx.Provider.PreflightAsync("Targets[0]", target, Ct));

        Assert.Equal("Targets[0].Ttl: '30' is below 60, the minimum TTL of example.net (Enterprise Standard); Alidns would refuse every write with QuotaExceeded.TTL", finding.ToString());
        Assert.Equal("i-8fxxxx", _ctx.Emulator.Requests.Single(r => r.Action == "DescribeDnsProductInstance").Parameters["InstanceId"]);
    }

    [Fact]
    public async Task PreflightAsync_RecordCap_IsCheckedPerLine()
    {
        var target = ThreeIsps();
        target.Sources[0].Hostname = null;
        target.Sources[0].Addresses = [.. Enumerable.Range(1, 11).Select(i => IPAddress.Parse($"192.0.2.{i}"))];

        var findings = await _ctx.Provider.PreflightAsync("Targets[0]", target, Ct);

        Assert.Equal(
        [
            "warning: Targets[0].Sources: up to 13 addresses may be published, more than the 10 A records per name and line that example.com (Alibaba Cloud DNS Free Edition) allows",
            "warning: Targets[0].Lines.telecom: up to 11 addresses may be published on line telecom, more than the 10 A records per name and line that example.com (Alibaba Cloud DNS Free Edition) allows",
        ], findings.Select(f => f.ToString()));
    }

    private static TargetOptions ThreeIsps() => new()
    {
        Name = "home.example.com",
        Zone = Zone,
        Ttl = 600,
        Sources =
        [
            new SourceOptions { Name = "ct", Hostname = "dns1.example.com" },
            new SourceOptions { Name = "cu", Hostname = "dns2.example.com" },
            new SourceOptions { Name = "cm", Hostname = "dns3.example.com" },
        ],
        Lines =
        [
            new LineOptions { Code = "telecom", Sources = ["ct"] },
            new LineOptions { Code = "unicom", Sources = ["cu"] },
            new LineOptions { Code = "mobile", Sources = ["cm"] },
        ],
    };

    public void Dispose() => _ctx.Dispose();
}
