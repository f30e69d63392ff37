// Licensed under the MIT license.

using System.Net;
using AliDdnsHa.Configuration;
using AliDdnsHa.Dns;
using AliDdnsHa.Testing;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using Microsoft.Extensions.Logging.Testing;

namespace AliDdnsHa.Providers.Rfc2136.Tests;

/// <summary>The provider against a real BIND: reads, atomic updates, the concurrency guard, and every error class.</summary>
public sealed class Rfc2136DnsProviderTests(BindFixture bind) : IClassFixture<BindFixture>
{
    private static readonly IPAddress s_a = IPAddress.Parse("192.0.2.1");
    private static readonly IPAddress s_b = IPAddress.Parse("192.0.2.2");
    private static readonly IPAddress s_c = IPAddress.Parse("192.0.2.3");

    private readonly TestMetrics _metrics = new();
    private readonly FakeLogger _logger = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private BindServer Bind => bind.Server;

    [Fact]
    public async Task ReadAsync_NameWithoutRecords_IsEmpty()
    {
        Assert.Empty(await Provider().ReadAsync(Key("absent"), Ct));
    }

    [Fact]
    public async Task ReadAsync_ExistingRecord_IsReadFromTheServer()
    {
        var records = await Provider().ReadAsync(Key("other"), Ct);

        var record = Assert.Single(records);
        Assert.Equal(("192.0.2.250", IPAddress.Parse("192.0.2.250"), (int?)60, true), (record.Id, record.Address, record.Ttl, record.Enabled));
    }

    [Fact]
    public async Task ApplyAsync_AddsThenReplaces_InSingleUpdates_DigSeesEachSet()
    {
        var provider = Provider();
        var key = Key("set");

        var added = await provider.ApplyAsync(key, [Add(s_a), Add(s_b)], Ct);
        Assert.Null(added.Error);
        Assert.Equal(["192.0.2.1", "192.0.2.2"], await Bind.DigAsync(Name("set"), cancellationToken: Ct));

        var read = await provider.ReadAsync(key, Ct);
        var swapped = await provider.ApplyAsync(key, [Add(s_c), Delete(read.Single(r => r.Address.Equals(s_a)))], Ct);
        Assert.Null(swapped.Error);
        Assert.Equal(2, swapped.Applied.Count);
        Assert.Equal(["192.0.2.2", "192.0.2.3"], await Bind.DigAsync(Name("set"), cancellationToken: Ct));
        Assert.Equal(2, await Requests("update", "ok"));
    }

    [Fact]
    public async Task ApplyAsync_AaaaKey_ChangesOnlyTheAaaaSet_DigSeesBothFamilies()
    {
        var provider = Provider();
        var a = Key("dual");
        var aaaa = a with { Type = DnsRecordType.AAAA };
        Assert.Null((await provider.ApplyAsync(a, [Add(s_a)], Ct)).Error);
        await provider.ReadAsync(aaaa, Ct);
        Assert.Null((await provider.ApplyAsync(aaaa, [Add(IPAddress.Parse("2001:db8::1")), Add(IPAddress.Parse("2001:db8::2"))], Ct)).Error);

        var read = await provider.ReadAsync(aaaa, Ct);
        var swapped = await provider.ApplyAsync(aaaa, [Add(IPAddress.Parse("2001:db8::3")), Delete(read.Single(r => r.Address.Equals(IPAddress.Parse("2001:db8::1"))))], Ct);

        Assert.Null(swapped.Error);
        Assert.Equal(["2001:db8::2", "2001:db8::3"], await Bind.DigAsync(Name("dual"), "AAAA", Ct));
        Assert.Equal(["192.0.2.1"], await Bind.DigAsync(Name("dual"), cancellationToken: Ct));
        Assert.Equal(["192.0.2.1"], (await provider.ReadAsync(a, Ct)).Select(r => r.Id));
    }

    [Fact]
    public async Task ApplyAsync_Update_ChangesTheTtl()
    {
        var provider = Provider();
        var key = Key("ttl");
        Assert.Null((await provider.ApplyAsync(key, [Add(s_a, ttl: 60)], Ct)).Error);
        var existing = Assert.Single(await provider.ReadAsync(key, Ct));

        Assert.Null((await provider.ApplyAsync(key, [new RecordChange(RecordChangeKind.Update, s_a, 120, existing)], Ct)).Error);

        Assert.Equal(120, Assert.Single(await provider.ReadAsync(key, Ct)).Ttl);
    }

    [Fact]
    public async Task ApplyAsync_SetChangedByAnotherWriterAfterTheRead_IsRefusedByTheServerAndAppliesNothing()
    {
        var provider = Provider();
        var key = Key("race");
        Assert.Null((await provider.ApplyAsync(key, [Add(s_a)], Ct)).Error);
        var reads = await Requests("query", "ok");
        Assert.Single(await provider.ReadAsync(key, Ct)); // the controller reads, then plans "+ .2"

        await Bind.NsupdateAsync($"update add {Name("race")} 60 A 192.0.2.3", Ct); // another writer, in between
        var result = await provider.ApplyAsync(key, [Add(s_b)], Ct);

        Assert.Equal("NXRRSET", result.Error?.Code); // the UPDATE's prerequisite (the set as read) no longer holds
        Assert.False(result.Error!.IsConfigurationError);
        Assert.Empty(result.Applied);
        Assert.Equal(["192.0.2.1", "192.0.2.3"], await Bind.DigAsync(Name("race"), cancellationToken: Ct));
        Assert.Equal(reads + 1, await Requests("query", "ok")); // the write used the controller's read: no second query
        Assert.Equal(1, await Requests("update", "NXRRSET"));
    }

    [Fact]
    public async Task ApplyAsync_PlannedFromAnOutdatedPicture_SendsNothing()
    {
        var provider = Provider();
        var key = Key("stale");
        Assert.Null((await provider.ApplyAsync(key, [Add(s_a)], Ct)).Error);
        var stale = Assert.Single(await provider.ReadAsync(key, Ct));
        Assert.Null((await provider.ApplyAsync(key, [Delete(stale), Add(s_c)], Ct)).Error);

        // Planned from the first read: deletes a record that is gone. The provider reads afresh and refuses locally.
        var result = await provider.ApplyAsync(key, [Delete(stale), Add(s_b)], Ct);

        Assert.Equal("NXRRSET", result.Error?.Code);
        Assert.Equal(["192.0.2.3"], await Bind.DigAsync(Name("stale"), cancellationToken: Ct));
    }

    [Fact]
    public async Task ApplyAsync_WrongSecret_IsBadSig_AConfigurationErrorNotRetried()
    {
        var provider = Provider(secret: Convert.ToBase64String(new byte[32]));

        var result = await provider.ApplyAsync(Key("badsig"), [Add(s_a)], Ct);

        Assert.Equal("BADSIG", result.Error?.Code);
        Assert.True(result.Error!.IsConfigurationError);
        Assert.Contains("TsigSecret does not match", result.Error.Hint, StringComparison.Ordinal);
        Assert.Equal(1, await Requests("query", "BADSIG")); // the read before the update is signed too, and stops it
        Assert.Null(await Requests("update", "BADSIG"));
        Assert.Empty(await Bind.DigAsync(Name("badsig"), cancellationToken: Ct));
    }

    [Fact]
    public async Task ApplyAsync_UnknownKey_IsBadKey()
    {
        var result = await Provider(keyName: "nobody").ApplyAsync(Key("badkey"), [Add(s_a)], Ct);

        Assert.Equal("BADKEY", result.Error?.Code);
        Assert.True(result.Error!.IsConfigurationError);
    }

    [Fact]
    public async Task ApplyAsync_Unsigned_IsRefused()
    {
        var result = await Provider(keyName: null).ApplyAsync(Key("unsigned"), [Add(s_a)], Ct);

        Assert.Equal("REFUSED", result.Error?.Code);
        Assert.True(result.Error!.IsConfigurationError);
        Assert.Contains("update-policy", result.Error.Hint, StringComparison.Ordinal);
        Assert.Empty(await Bind.DigAsync(Name("unsigned"), cancellationToken: Ct));
    }

    [Fact]
    public async Task ApplyAsync_ClockOffByAnHour_IsBadTime()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(1));

        var result = await Provider(time: clock).ApplyAsync(Key("badtime"), [Add(s_a)], Ct);

        Assert.Equal("BADTIME", result.Error?.Code);
        Assert.Contains("clock", result.Error!.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplyAsync_DisableMode_IsRefusedUpFront()
    {
        var result = await Provider().ApplyAsync(Key("disable"), [new RecordChange(RecordChangeKind.Disable, s_a, 60, new DnsRecord("192.0.2.1", s_a))], Ct);

        Assert.Equal("unsupported", result.Error?.Code);
    }

    [Fact]
    public async Task ReadAsync_ZoneTheServerDoesNotServe_IsRefused()
    {
        var error = await Assert.ThrowsAsync<DnsProviderException>(() => Provider(zone: "elsewhere.test").ReadAsync(new RecordSetKey("home.elsewhere.test", null), Ct));

        Assert.Equal("REFUSED", error.Code);
        Assert.True(error.IsConfigurationError);
    }

    [Fact]
    public async Task ReadAsync_ServerFailure_IsRetriedWithinTheBudget()
    {
        var provider = Provider(zone: BindServer.BrokenZone, maxAttempts: 3);

        var error = await Assert.ThrowsAsync<DnsProviderException>(() => provider.ReadAsync(new RecordSetKey($"home.{BindServer.BrokenZone}", null), Ct));

        Assert.Equal("SERVFAIL", error.Code);
        Assert.False(error.IsConfigurationError);
        Assert.Equal(3, await Requests("query", "SERVFAIL"));
    }

    [Fact]
    public async Task ReadAsync_NothingListening_IsAConnectionErrorRetried()
    {
        var provider = Provider(server: $"127.0.0.1:{FreePort.Next()}", maxAttempts: 2);

        var error = await Assert.ThrowsAsync<DnsProviderException>(() => provider.ReadAsync(Key("x"), Ct));

        Assert.Equal("connection_error", error.Code);
        Assert.Equal(2, await Requests("query", "connection_error"));
    }

    [Fact]
    public async Task ReadAsync_ServerThatNeverAnswers_TimesOut()
    {
        using var silent = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp);
        silent.Bind(new IPEndPoint(IPAddress.Loopback, 0)); // takes datagrams, never answers
        var port = ((IPEndPoint)silent.LocalEndPoint!).Port;
        var provider = Provider(server: $"127.0.0.1:{port}", maxAttempts: 1, timeout: TimeSpan.FromMilliseconds(300), transport: Rfc2136Transport.Udp);

        var error = await Assert.ThrowsAsync<DnsProviderException>(() => provider.ReadAsync(Key("x"), Ct));

        Assert.Equal("timeout", error.Code);
        Assert.Equal(1, await Requests("query", "timeout"));
    }

    [Fact]
    public async Task Preflight_GoodKey_HasNoFindingsAndChangesNothing()
    {
        var findings = await Provider().PreflightAsync("Targets[0]", Target("preflight"), Ct);

        Assert.Empty(findings);
        Assert.Equal(2, await Requests("update", "ok")); // the key, then the policy for the name and type
        Assert.Empty(await Bind.DigAsync(Name("preflight"), cancellationToken: Ct));
    }

    [Fact]
    public async Task Preflight_WrongSecret_ThrowsBadSig()
    {
        var error = await Assert.ThrowsAsync<DnsProviderException>(() => Provider(secret: Convert.ToBase64String(new byte[32])).PreflightAsync("Targets[0]", Target("preflight"), Ct));

        Assert.Equal("BADSIG", error.Code);
    }

    [Fact]
    public async Task Preflight_NameOutsideTheZone_IsAnError()
    {
        var findings = await Provider().PreflightAsync("Targets[0]", new TargetOptions { Name = "home.example.org" }, Ct);

        Assert.Equal("Targets[0].Name: 'home.example.org' is not inside zone example.test. of provider 'bind'", Assert.Single(findings).ToString());
    }

    [Theory]
    [InlineData(Rfc2136Transport.Udp)]
    [InlineData(Rfc2136Transport.Tcp)]
    public async Task ApplyAsync_EitherTransport_Works(Rfc2136Transport transport)
    {
        var provider = Provider(transport: transport);
        var name = $"transport-{transport}".ToLowerInvariant();

        Assert.Null((await provider.ApplyAsync(Key(name), [Add(s_a)], Ct)).Error);

        Assert.Equal(["192.0.2.1"], await Bind.DigAsync(Name(name), cancellationToken: Ct));
    }

    [Theory]
    [InlineData("hmac-sha512")]
    [InlineData("hmac-sha1")]
    public async Task ApplyAsync_OtherAlgorithms_AreAcceptedByBind(string algorithm)
    {
        await using var server = await BindServer.StartAsync(algorithm, cancellationToken: Ct);
        Assert.True(Rfc2136Algorithms.TryParse(algorithm, out var parsed));
        var options = new Rfc2136Options
        {
            ServerHost = "127.0.0.1",
            ServerPort = server.Port,
            Zone = DomainName.Parse(BindServer.Zone),
            TsigKeyName = DomainName.Parse(BindServer.KeyName),
            TsigAlgorithm = parsed,
            TsigSecret = Convert.FromBase64String(server.Secret),
        };
        var provider = new Rfc2136DnsProvider("bind", new Rfc2136Client(options, "bind", _metrics.Metrics, TimeProvider.System, _logger));

        Assert.Null((await provider.ApplyAsync(Key("algo"), [Add(s_b)], Ct)).Error);

        Assert.Equal(["192.0.2.2"], await server.DigAsync(Name("algo"), cancellationToken: Ct));
    }

    private static RecordChange Add(IPAddress address, int ttl = 60) => new(RecordChangeKind.Add, address, ttl);

    private static RecordChange Delete(DnsRecord record) => new(RecordChangeKind.Delete, record.Address, 60, record);

    private static string Name(string label) => $"{label}.{BindServer.Zone}";

    private static RecordSetKey Key(string label) => new(Name(label), null);

    private static TargetOptions Target(string label) => new() { Name = Name(label), Ttl = 60 };

    private Task<double?> Requests(string operation, string result) =>
        _metrics.ValueAsync($"aliddnsha_provider_requests_total{{provider=\"bind\",operation=\"{operation}\",result=\"{result}\"}}");

    private Rfc2136DnsProvider Provider(
        string? secret = null,
        string? keyName = BindServer.KeyName,
        string zone = BindServer.Zone,
        string? server = null,
        int maxAttempts = 3,
        TimeSpan? timeout = null,
        Rfc2136Transport transport = Rfc2136Transport.Tcp,
        TimeProvider? time = null)
    {
        var options = new Rfc2136Options
        {
            ServerHost = (server ?? Bind.Server).Split(':')[0],
            ServerPort = int.Parse((server ?? Bind.Server).Split(':')[1], System.Globalization.CultureInfo.InvariantCulture),
            Zone = DomainName.Parse(zone),
            TsigKeyName = keyName is null ? null : DomainName.Parse(keyName),
            TsigAlgorithm = TSigAlgorithm.Sha256,
            TsigSecret = Convert.FromBase64String(secret ?? Bind.Secret),
            Transport = transport,
            Timeout = timeout ?? TimeSpan.FromSeconds(2),
            MaxAttempts = maxAttempts,
        };
        var client = new Rfc2136Client(options, "bind", _metrics.Metrics, time ?? TimeProvider.System, _logger) { BaseDelay = TimeSpan.FromMilliseconds(5) };
        return new Rfc2136DnsProvider("bind", client);
    }
}
