// Licensed under the MIT license.

using AliDdnsHa.Dns;
using Microsoft.Extensions.Time.Testing;

namespace AliDdnsHa.Core.Tests.Dns;

public sealed class ProviderRetryTests
{
    private static readonly DnsProviderException s_transient = new("InternalError", "try again");
    private static readonly DnsProviderException s_permanent = new("SignatureDoesNotMatch", "wrong key", isConfigurationError: true);

    private readonly FakeTimeProvider _time = new();
    private readonly List<(int Attempt, string Code, TimeSpan Delay)> _retries = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TransientErrors_AreRetriedWithDoublingJitteredDelays_UntilSuccess()
    {
        var retry = new ProviderRetry(5, TimeSpan.FromSeconds(30), _time) { Jitter = () => 0.5 }; // 0.75 of each delay
        var outcomes = new Queue<ProviderAttempt<string>>([Fail(s_transient), Fail(s_transient), new("done")]);

        var result = await RunAsync(retry, outcomes);

        Assert.Equal("done", result);
        Assert.Equal([(1, "InternalError", TimeSpan.FromMilliseconds(187.5)), (2, "InternalError", TimeSpan.FromMilliseconds(375))], _retries);
    }

    [Fact]
    public async Task RetryAfter_FromTheService_ReplacesTheBackoff()
    {
        var retry = new ProviderRetry(5, TimeSpan.FromSeconds(30), _time);
        var outcomes = new Queue<ProviderAttempt<string>>([new(null, s_transient, true, TimeSpan.FromSeconds(2)), new("done")]);

        Assert.Equal("done", await RunAsync(retry, outcomes));
        Assert.Equal(TimeSpan.FromSeconds(2), Assert.Single(_retries).Delay);
    }

    [Fact]
    public async Task NotRetryable_IsThrownAtOnce()
    {
        var retry = new ProviderRetry(5, TimeSpan.FromSeconds(30), _time);

        var error = await Assert.ThrowsAsync<DnsProviderException>(() => RunAsync(retry, new([new(null, s_permanent, false)])));

        Assert.Same(s_permanent, error);
        Assert.Empty(_retries);
    }

    [Fact]
    public async Task MaxAttempts_BoundsTheTries()
    {
        var retry = new ProviderRetry(3, TimeSpan.FromMinutes(5), _time);
        var outcomes = new Queue<ProviderAttempt<string>>(Enumerable.Repeat(Fail(s_transient), 10));

        await Assert.ThrowsAsync<DnsProviderException>(() => RunAsync(retry, outcomes));

        Assert.Equal(2, _retries.Count);
        Assert.Equal(7, outcomes.Count);
    }

    [Fact]
    public async Task Budget_StopsBeforeAWaitThatWouldExceedIt()
    {
        var retry = new ProviderRetry(10, TimeSpan.FromSeconds(1), _time) { Jitter = () => 0.999999 }; // ~250, 500, 1000 ms
        var outcomes = new Queue<ProviderAttempt<string>>(Enumerable.Repeat(Fail(s_transient), 10));

        await Assert.ThrowsAsync<DnsProviderException>(() => RunAsync(retry, outcomes));

        Assert.Equal(2, _retries.Count); // 250 + 500 fit in 1 s; the next 1,000 ms would not
    }

    [Fact]
    public async Task Delays_AreCappedAtFiveSeconds()
    {
        var retry = new ProviderRetry(8, TimeSpan.FromMinutes(5), _time) { BaseDelay = TimeSpan.FromSeconds(2), Jitter = () => 0.999999 };
        var outcomes = new Queue<ProviderAttempt<string>>(Enumerable.Repeat(Fail(s_transient), 8));

        await Assert.ThrowsAsync<DnsProviderException>(() => RunAsync(retry, outcomes));

        Assert.All(_retries, r => Assert.True(r.Delay <= TimeSpan.FromSeconds(5)));
        Assert.True(_retries[^1].Delay > TimeSpan.FromSeconds(4.9));
    }

    private static ProviderAttempt<string> Fail(DnsProviderException error) => new(null, error, true);

    private async Task<string> RunAsync(ProviderRetry retry, Queue<ProviderAttempt<string>> outcomes)
    {
        var run = retry.RunAsync(_ => Task.FromResult(outcomes.Dequeue()), (attempt, error, delay) => _retries.Add((attempt, error.Code, delay)), Ct);
        while (!run.IsCompleted)
        {
            _time.Advance(TimeSpan.FromMilliseconds(50)); // virtual time: the waits pass without sleeping
            await Task.Yield();
        }

        return await run;
    }
}
