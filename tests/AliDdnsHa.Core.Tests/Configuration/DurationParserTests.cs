// Licensed under the MIT license.

using AliDdnsHa.Configuration;

namespace AliDdnsHa.Core.Tests.Configuration;

public sealed class DurationParserTests
{
    public static TheoryData<string, double> Valid => new()
    {
        { "500ms", 500 },
        { "5s", 5_000 },
        { "1m", 60_000 },
        { "1h", 3_600_000 },
        { "1d", 86_400_000 },
        { "1m30s", 90_000 },
        { "1.5s", 1_500 },
        { "5S", 5_000 },
        { " 2s ", 2_000 },
        { "00:00:05", 5_000 },
        { "00:05:00", 300_000 },
        { "00:00:00.250", 250 },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void TryParse_ValidText_GivesDuration(string text, double milliseconds)
    {
        Assert.True(DurationParser.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("5")]
    [InlineData("five seconds")]
    [InlineData("5x")]
    [InlineData("s")]
    [InlineData("-5s")]
    [InlineData("5 s")]
    public void TryParse_InvalidText_Fails(string text) => Assert.False(DurationParser.TryParse(text, out _));

    [Theory]
    [InlineData(90_000, "1m30s")]
    [InlineData(500, "500ms")]
    [InlineData(0, "0s")]
    [InlineData(-2_000, "-2s")]
    public void Format_RoundTrips(double milliseconds, string text)
    {
        Assert.Equal(text, DurationParser.Format(TimeSpan.FromMilliseconds(milliseconds)));
        Assert.True(DurationParser.TryParse(text.TrimStart('-'), out var back));
        Assert.Equal(TimeSpan.FromMilliseconds(Math.Abs(milliseconds)), back);
    }
}
