// Licensed under the MIT license.

using AliDdnsHa.Providers.AlibabaCloud.Messages;

namespace AliDdnsHa.Providers.AlibabaCloud.Tests;

/// <summary>The emulator answers as Alidns does where a careless client loses records on other lines, so that a
/// provider that forgot <c>Line</c> fails a test instead of passing against a kind stand-in.</summary>
public sealed class AlidnsEmulatorTests : IDisposable
{
    private const string Zone = "example.com";
    private readonly AlidnsTestContext _ctx = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DescribeSubDomainRecords_WithoutLine_AnswersEveryLine()
    {
        Seed3Lines();

        var all = await DescribeAsync(line: null);
        var telecom = await DescribeAsync(line: "telecom");

        Assert.Equal(["default", "telecom", "unicom"], all.Select(r => r.Line).Order(StringComparer.Ordinal));
        Assert.Equal("198.51.100.9", Assert.Single(telecom).Value);
    }

    [Fact]
    public async Task UpdateDomainRecord_WithoutLine_MovesTheRecordToDefault()
    {
        var id = _ctx.Emulator.Seed(Zone, "home", "198.51.100.9", line: "telecom");

        await CallAsync("UpdateDomainRecord", new() { ["RecordId"] = id, ["RR"] = "home", ["Type"] = "A", ["Value"] = "198.51.100.10" });

        Assert.Equal("default", _ctx.Emulator.Records(Zone).Single(r => r.RecordId == id).Line);
    }

    [Fact]
    public async Task DeleteSubDomainRecords_DeletesOnEveryLine_ButNotLockedRecords()
    {
        Seed3Lines();
        var locked = _ctx.Emulator.Seed(Zone, "home", "192.0.2.50", line: "mobile", locked: true);

        await CallAsync("DeleteSubDomainRecords", new() { ["DomainName"] = Zone, ["RR"] = "home", ["Type"] = "A" });

        Assert.Equal(locked, Assert.Single(_ctx.Emulator.Records(Zone)).RecordId);
    }

    [Theory]
    [InlineData("UpdateDomainRecord")]
    [InlineData("DeleteDomainRecord")]
    [InlineData("SetDomainRecordStatus")]
    public async Task ChangeOfALockedRecord_IsDomainRecordLocked(string action)
    {
        var id = _ctx.Emulator.Seed(Zone, "home", "192.0.2.1", locked: true);

        var error = await Assert.ThrowsAsync<Dns.DnsProviderException>(() => CallAsync(action, new()
        {
            ["RecordId"] = id, ["RR"] = "home", ["Type"] = "A", ["Value"] = "192.0.2.2", ["Status"] = "Disable", ["Line"] = "default",
        }));

        Assert.Equal("DomainRecordLocked", error.Code);
        Assert.Equal(("192.0.2.1", "ENABLE"), _ctx.Emulator.Records(Zone).Select(r => (r.Value, r.Status)).Single());
    }

    [Fact]
    public async Task AddDomainRecord_BesideACnameOnTheSameLine_IsAConflict_ButNotOnAnotherLine()
    {
        _ctx.Emulator.Seed(Zone, "home", "dns1.example.com", "CNAME");

        var error = await Assert.ThrowsAsync<Dns.DnsProviderException>(() =>
            CallAsync("AddDomainRecord", new() { ["DomainName"] = Zone, ["RR"] = "home", ["Type"] = "A", ["Value"] = "192.0.2.1", ["Line"] = "default" }));
        await CallAsync("AddDomainRecord", new() { ["DomainName"] = Zone, ["RR"] = "home", ["Type"] = "A", ["Value"] = "192.0.2.1", ["Line"] = "telecom" });

        Assert.Equal("DomainRecordConflict", error.Code);
        Assert.Equal(["192.0.2.1"], _ctx.Emulator.Values(Zone, "home", line: "telecom"));
    }

    [Fact]
    public async Task RecordCap_IsPerLine()
    {
        for (var i = 1; i <= 10; i++)
        {
            _ctx.Emulator.Seed(Zone, "home", $"192.0.2.{i}");
        }

        await CallAsync("AddDomainRecord", new() { ["DomainName"] = Zone, ["RR"] = "home", ["Type"] = "A", ["Value"] = "192.0.2.11", ["Line"] = "unicom" });

        Assert.Single(_ctx.Emulator.Values(Zone, "home", line: "unicom"));
    }

    private void Seed3Lines()
    {
        _ctx.Emulator.Seed(Zone, "home", "192.0.2.1");
        _ctx.Emulator.Seed(Zone, "home", "198.51.100.9", line: "telecom");
        _ctx.Emulator.Seed(Zone, "home", "203.0.113.7", line: "unicom");
    }

    private async Task<IReadOnlyList<AlidnsRecord>> DescribeAsync(string? line)
    {
        var parameters = new Dictionary<string, string> { ["SubDomain"] = "home.example.com", ["DomainName"] = Zone, ["Type"] = "A", ["PageSize"] = "100" };
        if (line is not null)
        {
            parameters["Line"] = line;
        }

        var answer = await _ctx.Client.CallAsync("DescribeSubDomainRecords", parameters, AlidnsJsonContext.Default.DescribeSubDomainRecordsResponse, Ct);
        return answer.DomainRecords?.Record ?? [];
    }

    private Task<RecordIdResponse> CallAsync(string action, Dictionary<string, string> parameters) =>
        _ctx.Client.CallAsync(action, parameters, AlidnsJsonContext.Default.RecordIdResponse, Ct);

    public void Dispose() => _ctx.Dispose();
}
