// Licensed under the MIT license.

using AliDdnsHa.Web;

namespace AliDdnsHa.Tests.Web;

public sealed class ClientConnectionCountsTests
{
    [Fact]
    public void CountsUpToTheLimit_AndForgetsAClientAtZero()
    {
        var counts = new ClientConnectionCounts(2);

        using var first = counts.TryAcquire("a");
        var second = counts.TryAcquire("a");
        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.Null(counts.TryAcquire("a"));
        Assert.NotNull(counts.TryAcquire("b"));
        Assert.Equal(2, counts.Held("a"));

        second!.Dispose();
        second.Dispose(); // counted off once
        Assert.Equal(1, counts.Held("a"));
        Assert.NotNull(counts.TryAcquire("a"));
    }
}
