// Licensed under the MIT license.

using AliDdnsHa.Diagnostics;
using Microsoft.Extensions.Time.Testing;

namespace AliDdnsHa.Core.Tests.Diagnostics;

public sealed class EventJournalTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Since_NewestFirst_AfterTheCursor_UpToTheLimit()
    {
        var journal = new EventJournal(_time);
        for (var i = 1; i <= 5; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            journal.Publish(ControllerEventKinds.EndpointUp, "t", $"event {i}");
        }

        Assert.Equal([5L, 4, 3], journal.Since(2, 10).Select(e => e.Id));
        Assert.Equal([5L, 4], journal.Since(0, 2).Select(e => e.Id));
        Assert.Empty(journal.Since(5, 10));
        Assert.Equal(5, journal.LastId);
        Assert.Equal(_time.GetUtcNow(), journal.Since(0, 1).Single().At);
    }

    [Fact]
    public void Ring_KeepsOnlyTheNewest_AndIdsKeepGrowing()
    {
        var journal = new EventJournal(_time, capacity: 3);
        for (var i = 1; i <= 7; i++)
        {
            journal.Publish(ControllerEventKinds.RecordsChanged, "t", $"event {i}");
        }

        Assert.Equal(["event 7", "event 6", "event 5"], journal.Since(0, 100).Select(e => e.Message));
        Assert.Equal([7L], journal.Since(6, 100).Select(e => e.Id));
    }

    [Fact]
    public void Published_TellsSubscribersAfterStoring()
    {
        var journal = new EventJournal(_time);
        var seen = new List<(ControllerEvent Event, long StoredId)>();
        journal.Published += e => seen.Add((e, journal.LastId));

        var published = journal.Publish(ControllerEventKinds.ProviderError, "home.example.com", "boom", detail: "Throttling");

        var (e, stored) = Assert.Single(seen);
        Assert.Same(published, e);
        Assert.Equal(1, stored);
        Assert.Equal("Throttling", e.Detail);
    }
}
