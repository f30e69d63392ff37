// Licensed under the MIT license.

using System.Net;
using AliDdnsHa.Discovery;
using AliDdnsHa.Dns;
using AliDdnsHa.Testing;
using Microsoft.Extensions.Time.Testing;

namespace AliDdnsHa.Core.Tests.Discovery;

/// <summary>Url sources against a real HTTP server on loopback.</summary>
public sealed class UrlAddressFetcherTests : IDisposable
{
    private readonly ScriptedHttpServer _server = new();
    private readonly UrlAddressFetcher _fetcher = new(TimeSpan.FromSeconds(30), TimeProvider.System);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("203.0.113.7\n")]
    [InlineData("  203.0.113.7  \r\n")]
    public async Task FetchAsync_PlainTextBody_IsTheAddress(string body)
    {
        _server.Respond = _ => ScriptedHttpServer.Http(200, body);

        var result = await _fetcher.FetchAsync(_server.Url, null, null, DnsRecordType.A, Ct);

        Assert.True(result.IsSuccess, result.Error);
        Assert.Equal("203.0.113.7", Assert.Single(result.Addresses).ToString());
    }

    [Theory]
    [InlineData("data.ip", """{"code":0,"data":{"ip":"203.0.113.8","isp":"x"}}""")]
    [InlineData("$.ip", """{"ip":"203.0.113.8"}""")]
    [InlineData("list.1", """{"list":["198.51.100.1","203.0.113.8"]}""")]
    public async Task FetchAsync_JsonPath_ReadsTheField(string path, string body)
    {
        _server.Respond = _ => ScriptedHttpServer.Http(200, body, "application/json");

        var result = await _fetcher.FetchAsync(_server.Url, path, null, DnsRecordType.A, Ct);

        Assert.Equal("203.0.113.8", Assert.Single(result.Addresses).ToString());
    }

    [Theory]
    [InlineData(null, "<html>your ip is 203.0.113.7</html>", "answered '<html>your ip is 203.0.113.7</html>', which is not an IP address (set JsonPath when the answer is JSON)")]
    [InlineData(null, "1.2.3", "answered '1.2.3', which is not an IP address")]
    [InlineData("ip", """{"addr":"203.0.113.7"}""", "answered JSON without a string field 'ip'")]
    [InlineData("ip", "not json", "answered JSON without a string field 'ip'")]
    public async Task FetchAsync_BodyWithoutAnAddress_FailsAndSaysWhat(string? path, string body, string expected)
    {
        _server.Respond = _ => ScriptedHttpServer.Http(200, body);

        var result = await _fetcher.FetchAsync(_server.Url, path, null, DnsRecordType.A, Ct);

        Assert.False(result.IsSuccess);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_ServerError_FailsWithTheStatus()
    {
        _server.Respond = _ => ScriptedHttpServer.Http(503, "busy");

        var result = await _fetcher.FetchAsync(_server.Url, null, null, DnsRecordType.A, Ct);

        Assert.Equal($"{_server.Url.GetLeftPart(UriPartial.Authority)}/ answered HTTP 503", result.Error);
    }

    [Fact]
    public async Task FetchAsync_Redirect_IsFollowed()
    {
        _server.Respond = request => request.StartsWith("GET /old ", StringComparison.Ordinal)
            ? $"HTTP/1.1 302 Found\r\nLocation: {_server.Url}new\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            : ScriptedHttpServer.Http(200, "203.0.113.9");

        var result = await _fetcher.FetchAsync(new Uri(_server.Url, "/old"), null, null, DnsRecordType.A, Ct);

        Assert.Equal("203.0.113.9", Assert.Single(result.Addresses).ToString());
        Assert.Equal(2, _server.Requests);
    }

    [Fact]
    public async Task FetchAsync_EndlessRedirects_FailInsteadOfLooping()
    {
        _server.Respond = _ => $"HTTP/1.1 302 Found\r\nLocation: {_server.Url}again\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

        var result = await _fetcher.FetchAsync(_server.Url, null, null, DnsRecordType.A, Ct);

        Assert.False(result.IsSuccess);
        Assert.Equal(4, _server.Requests); // the first request and three redirects
    }

    [Fact]
    public async Task FetchAsync_NoAnswer_TimesOutOnTheInjectedClock()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        using var fetcher = new UrlAddressFetcher(TimeSpan.FromSeconds(3), time);
        var answered = new TaskCompletionSource();
        _server.Respond = _ =>
        {
            answered.TrySetResult();
            return null; // accept, read the request, never answer
        };

        var fetch = fetcher.FetchAsync(_server.Url, null, null, DnsRecordType.A, Ct);
        await answered.Task.WaitAsync(Ct);
        Assert.False(fetch.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(3));
        var result = await fetch;

        Assert.Equal($"{_server.Url.GetLeftPart(UriPartial.Authority)}/ did not answer within 3 s", result.Error);
    }

    [Fact]
    public async Task FetchAsync_ClosedPort_FailsWithoutThrowing()
    {
        // Bound but not listening: the port is refused, and held for the test (a port that was merely free a moment
        // ago can be taken by a parallel test, which once made this fail with another error).
        using var closed = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        closed.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)closed.LocalEndPoint!).Port;

        var result = await _fetcher.FetchAsync(new Uri($"http://127.0.0.1:{port}/"), null, null, DnsRecordType.A, Ct);

        Assert.False(result.IsSuccess);
        Assert.Contains("ConnectionRefused", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_AddressOfTheOtherFamily_IsAFailure()
    {
        using var v6 = new ScriptedHttpServer(IPAddress.IPv6Loopback);
        v6.Respond = _ => ScriptedHttpServer.Http(200, "203.0.113.7");

        var result = await _fetcher.FetchAsync(v6.Url, null, null, DnsRecordType.AAAA, Ct);

        Assert.Equal($"{v6.Url.GetLeftPart(UriPartial.Authority)}/ answered 203.0.113.7, not an IPv6 address for this AAAA target", result.Error);
    }

    [Fact]
    public async Task FetchAsync_AaaaTarget_ConnectsOverIpv6Only()
    {
        using var v6 = new ScriptedHttpServer(IPAddress.IPv6Loopback);
        v6.Respond = _ => ScriptedHttpServer.Http(200, "2001:db8::7");

        // An IPv4 listener on the same URL host cannot be reached: the AAAA request refuses IPv4 outright.
        var refused = await _fetcher.FetchAsync(_server.Url, null, null, DnsRecordType.AAAA, Ct);
        var result = await _fetcher.FetchAsync(v6.Url, null, null, DnsRecordType.AAAA, Ct);

        Assert.Contains("has no IPv6 address to connect to", refused.Error, StringComparison.Ordinal);
        Assert.Equal(0, _server.Requests);
        Assert.Equal("2001:db8::7", Assert.Single(result.Addresses).ToString());
    }

    [Fact]
    public async Task FetchAsync_SourceAddress_SendsTheRequestFromThatAddress()
    {
        _server.Respond = _ => ScriptedHttpServer.Http(200, "203.0.113.7");

        await _fetcher.FetchAsync(_server.Url, null, IPAddress.Parse("127.0.0.3"), DnsRecordType.A, Ct);
        await _fetcher.FetchAsync(_server.Url, null, IPAddress.Parse("127.0.0.4"), DnsRecordType.A, Ct);

        Assert.Equal(["127.0.0.3", "127.0.0.4"], _server.Clients.Select(a => a.ToString()));
    }

    [Fact]
    public async Task FetchAsync_UrlWithToken_NeverShowsTheQueryOrUserInfo()
    {
        _server.Respond = _ => ScriptedHttpServer.Http(500, "no");
        var url = new UriBuilder(_server.Url) { UserName = "user", Password = "hunter2", Path = "/ip", Query = "token=s3cret" }.Uri;

        var result = await _fetcher.FetchAsync(url, null, null, DnsRecordType.A, Ct);

        Assert.DoesNotContain("s3cret", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", result.Error, StringComparison.Ordinal);
        Assert.StartsWith($"{_server.Url.GetLeftPart(UriPartial.Authority)}/ip answered HTTP 500", result.Error, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _fetcher.Dispose();
        _server.Dispose();
    }
}
