// Licensed under the MIT license.

using AliDdnsHa.Testing;
using Microsoft.Extensions.Logging.Testing;

namespace AliDdnsHa.Providers.AlibabaCloud.Tests;

/// <summary>An emulator with one zone, and a client and provider pointed at it.</summary>
internal sealed class AlidnsTestContext : IDisposable
{
    public AlidnsTestContext(string secret = "testsecret", TimeSpan? timeout = null, int maxAttempts = 4)
    {
        Emulator.AddDomain("example.com");
        Options = new AlibabaCloudOptions
        {
            Endpoint = Emulator.Endpoint,
            AccessKeyId = "testid",
            AccessKeySecret = secret,
            Timeout = timeout ?? TimeSpan.FromSeconds(5),
            MaxAttempts = maxAttempts,
        };
        Client = new AlibabaCloudDnsClient(Http, Options, "ali", Metrics.Metrics, TimeProvider.System, Logger)
        {
            BaseDelay = TimeSpan.FromMilliseconds(5),
        };
        Provider = new AlibabaCloudDnsProvider("ali", Client);
    }

    public AlidnsEmulator Emulator { get; } = new();

    public HttpClient Http { get; } = new() { Timeout = Timeout.InfiniteTimeSpan };

    public TestMetrics Metrics { get; } = new();

    public FakeLogger Logger { get; } = new();

    public AlibabaCloudOptions Options { get; }

    public AlibabaCloudDnsClient Client { get; }

    public AlibabaCloudDnsProvider Provider { get; }

    public Task<double?> RequestsAsync(string action, string result) =>
        Metrics.ValueAsync($"aliddnsha_provider_requests_total{{provider=\"ali\",operation=\"{action}\",result=\"{result}\"}}");

    public void Dispose()
    {
        Http.Dispose();
        Emulator.Dispose();
    }
}
