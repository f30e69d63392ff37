// Licensed under the MIT license.

using AliDdnsHa.Web;
using Microsoft.Extensions.Time.Testing;

namespace AliDdnsHa.Tests.Web;

public sealed class ClientTokenBucketsTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    [Fact]
    public void ABurstOfCapacity_ThenOneTokenPerRefillPeriod_PerClient()
    {
        var buckets = new ClientTokenBuckets(3, TimeSpan.FromSeconds(2), _time);

        Assert.True(buckets.TryTake("a", out _));
        Assert.True(buckets.TryTake("a", out _));
        Assert.True(buckets.TryTake("a", out _));
        Assert.False(buckets.TryTake("a", out var retryAfter));
        Assert.Equal(TimeSpan.FromSeconds(2), retryAfter);
        Assert.True(buckets.TryTake("b", out _)); // another client's budget is its own

        _time.Advance(TimeSpan.FromSeconds(1.5));
        Assert.False(buckets.TryTake("a", out retryAfter));
        Assert.Equal(TimeSpan.FromSeconds(0.5), retryAfter);
        Assert.Equal(0.75, buckets.Available("a"), 6);

        _time.Advance(TimeSpan.FromSeconds(0.5));
        Assert.True(buckets.TryTake("a", out _));
        Assert.False(buckets.TryTake("a", out _));

        _time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(3, buckets.Available("a")); // never more than the capacity
    }

    [Fact]
    public void FullBuckets_AreForgotten_WhenNewClientsWouldGrowTheTablePastItsBound()
    {
        var buckets = new ClientTokenBuckets(2, TimeSpan.FromSeconds(1), _time);
        for (var i = 0; i < ClientTokenBuckets.PruneAbove; i++)
        {
            Assert.True(buckets.TryTake($"10.0.{i / 256}.{i % 256}", out _));
        }

        Assert.True(buckets.TryTake("spent", out _));
        Assert.True(buckets.TryTake("spent", out _));
        Assert.Equal(ClientTokenBuckets.PruneAbove + 1, buckets.Tracked);

        // One second later the one-off clients are full again; "spent" is not, and keeps its state.
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(buckets.TryTake("newcomer", out _));
        Assert.Equal(2, buckets.Tracked);
        Assert.Equal(1, buckets.Available("spent"), 6);
    }
}
