// Licensed under the MIT license.

using AliDdnsHa.Dns;
using AliDdnsHa.Providers.AlibabaCloud.Messages;

namespace AliDdnsHa.Providers.AlibabaCloud.Tests;

public sealed class AlibabaCloudDnsClientTests : IDisposable
{
    private readonly AlidnsTestContext _ctx = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Call_SignedRequest_IsAcceptedByTheEmulator()
    {
        var info = await DescribeDomainInfoAsync();

        Assert.Equal(600, info.MinTtl);
        var (action, parameters) = Assert.Single(_ctx.Emulator.Requests);
        Assert.Equal("DescribeDomainInfo", action);
        Assert.Equal("JSON", parameters["Format"]);
        Assert.Equal("2015-01-09", parameters["Version"]);
        Assert.Equal(1, await _ctx.RequestsAsync("DescribeDomainInfo", "ok"));
    }

    [Fact]
    public async Task Call_Throttled_RetriesWithNewNonceAfterRetryAfter()
    {
        _ctx.Emulator.Throttle(count: 2, retryAfterMs: 30);

        var info = await DescribeDomainInfoAsync();

        Assert.Equal(600, info.MinTtl);
        Assert.Equal(3, _ctx.Emulator.Received);
        Assert.Equal(2, await _ctx.RequestsAsync("DescribeDomainInfo", "Throttling.User"));
        Assert.Equal(2, _ctx.Logger.Collector.GetSnapshot().Count(r => r.Id.Name == "AlidnsRetry" && r.Message.Contains("retrying in 30 ms", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Call_EveryAttempt_HasAFreshNonceAndSignature()
    {
        var nonces = new List<string>();
        _ctx.Client.NewNonce = () =>
        {
            var nonce = nonces.Count < 2 ? "fixed-nonce" : Guid.NewGuid().ToString();
            nonces.Add(nonce);
            return nonce;
        };

        // First call uses "fixed-nonce"; the second call's first attempt reuses it, is refused, and retries with a new one.
        await DescribeDomainInfoAsync();
        await DescribeDomainInfoAsync();

        Assert.Equal(3, nonces.Count);
        Assert.Equal(1, await _ctx.RequestsAsync("DescribeDomainInfo", "SignatureNonceUsed"));
        Assert.Equal(2, await _ctx.RequestsAsync("DescribeDomainInfo", "ok"));
    }

    [Theory]
    [InlineData("InternalError", 500)]
    [InlineData("ServiceUnavailable", 503)]
    [InlineData("LastOperationNotFinished", 400)]
    [InlineData("SomethingNew", 502)]
    public async Task Call_TransientError_IsRetried(string code, int status)
    {
        _ctx.Emulator.Fail(code, status, count: 2);

        await DescribeDomainInfoAsync();

        Assert.Equal(3, _ctx.Emulator.Received);
    }

    [Fact]
    public async Task Call_ErrorStorm_GivesUpAfterMaxAttempts()
    {
        _ctx.Emulator.Fail("ServiceUnavailable", 503, count: 10);

        var error = await Assert.ThrowsAsync<DnsProviderException>(DescribeDomainInfoAsync);

        Assert.Equal("ServiceUnavailable", error.Code);
        Assert.False(error.IsConfigurationError);
        Assert.Equal(4, _ctx.Emulator.Received);
        Assert.Contains("RequestId", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_WrongSecret_IsAConfigurationErrorAndNotRetried()
    {
        using var ctx = new AlidnsTestContext(secret: "wrong-secret-value");

        var error = await Assert.ThrowsAsync<DnsProviderException>(() =>
            ctx.Client.CallAsync("DescribeDomainInfo", new Dictionary<string, string> { ["DomainName"] = "example.com" }, AlidnsJsonContext.Default.DescribeDomainInfoResponse, Ct));

        Assert.Equal("SignatureDoesNotMatch", error.Code);
        Assert.True(error.IsConfigurationError);
        Assert.Contains("AccessKeySecret", error.Hint, StringComparison.Ordinal);
        Assert.Equal(1, ctx.Emulator.Received);
        Assert.DoesNotContain("wrong-secret-value", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("testid", error.Message, StringComparison.Ordinal); // the echoed StringToSign is redacted
        Assert.Equal(1, await ctx.RequestsAsync("DescribeDomainInfo", "SignatureDoesNotMatch"));
    }

    [Fact]
    public async Task Call_UnknownKey_IsAConfigurationError()
    {
        _ctx.Options.AccessKeyId = "LTAI-not-a-key";

        var error = await Assert.ThrowsAsync<DnsProviderException>(DescribeDomainInfoAsync);

        Assert.Equal("InvalidAccessKeyId.NotFound", error.Code);
        Assert.True(error.IsConfigurationError);
        Assert.Equal(1, _ctx.Emulator.Received);
    }

    [Fact]
    public async Task Call_ClockSkew_IsReportedWithAClockHint()
    {
        _ctx.Emulator.ClockSkew = TimeSpan.FromMinutes(20);

        var error = await Assert.ThrowsAsync<DnsProviderException>(DescribeDomainInfoAsync);

        Assert.Equal("InvalidTimeStamp.Expired", error.Code);
        Assert.Contains("clock", error.Hint, StringComparison.Ordinal);
        Assert.Equal(1, _ctx.Emulator.Received);
    }

    [Fact]
    public async Task Call_SlowAnswer_TimesOutAndRetries()
    {
        // The retry must answer within the timeout on a loaded CI machine: 300 ms was too tight once in a full run
        // (two timeouts counted), so the timeout is 1 s and the slowed answer far beyond it.
        using var ctx = new AlidnsTestContext(timeout: TimeSpan.FromSeconds(1));
        ctx.Emulator.Slow(TimeSpan.FromSeconds(10));

        var info = await ctx.Client.CallAsync("DescribeDomainInfo", new Dictionary<string, string> { ["DomainName"] = "example.com" }, AlidnsJsonContext.Default.DescribeDomainInfoResponse, Ct);

        Assert.Equal(600, info.MinTtl);
        Assert.Equal(1, await ctx.RequestsAsync("DescribeDomainInfo", "timeout"));
    }

    [Fact]
    public async Task Call_DroppedConnection_IsRetried()
    {
        _ctx.Emulator.Drop(count: 2);

        await DescribeDomainInfoAsync();

        Assert.Equal(2, await _ctx.RequestsAsync("DescribeDomainInfo", "connection_error"));
    }

    [Fact]
    public async Task Call_NothingListening_IsAConnectionError()
    {
        _ctx.Options.Endpoint = new Uri("http://127.0.0.1:1/");

        var error = await Assert.ThrowsAsync<DnsProviderException>(DescribeDomainInfoAsync);

        Assert.Equal("connection_error", error.Code);
        Assert.Equal(4, await _ctx.RequestsAsync("DescribeDomainInfo", "connection_error"));
    }

    [Theory]
    [InlineData("{\"MinTtl\": 600, \"Domain")]
    [InlineData("<html>gateway</html>")]
    [InlineData("null")]
    [InlineData("{\"MinTtl\": {\"nested\": true}}")]
    public async Task Call_MalformedAnswer_IsRejectedCleanly(string body)
    {
        _ctx.Emulator.Raw(body);

        var error = await Assert.ThrowsAsync<DnsProviderException>(DescribeDomainInfoAsync);

        Assert.Equal("malformed_response", error.Code);
    }

    [Fact]
    public async Task Call_HugeAnswer_IsRejectedWithoutReadingItAll()
    {
        _ctx.Emulator.Raw("{\"x\":\"" + new string('a', AlibabaCloudDnsClient.MaxBodyBytes + 10) + "\"}");

        var error = await Assert.ThrowsAsync<DnsProviderException>(DescribeDomainInfoAsync);

        Assert.Equal("malformed_response", error.Code);
        Assert.Equal(1, _ctx.Emulator.Received);
    }

    [Fact]
    public async Task Call_UnexpectedFieldsAndNumbersAsStrings_AreAccepted()
    {
        _ctx.Emulator.Raw("""{"RequestId":"x","MinTtl":"600","VersionCode":"mianfei","Brand":"new","Extra":{"a":[1,2]}}""");

        var info = await DescribeDomainInfoAsync();

        Assert.Equal(600, info.MinTtl);
    }

    [Fact]
    public async Task Call_ErrorWithoutJson_KeepsTheHttpStatusAsCode()
    {
        _ctx.Emulator.Raw("<html>Bad Gateway</html>", status: 502, count: 10);

        var error = await Assert.ThrowsAsync<DnsProviderException>(DescribeDomainInfoAsync);

        Assert.Equal("HTTP502", error.Code);
        Assert.Equal(4, await _ctx.RequestsAsync("DescribeDomainInfo", "other"));
    }

    public void Dispose() => _ctx.Dispose();

    private Task<DescribeDomainInfoResponse> DescribeDomainInfoAsync() =>
        _ctx.Client.CallAsync("DescribeDomainInfo", new Dictionary<string, string> { ["DomainName"] = "example.com" }, AlidnsJsonContext.Default.DescribeDomainInfoResponse, Ct);
}
