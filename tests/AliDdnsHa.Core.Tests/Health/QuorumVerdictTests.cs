// Licensed under the MIT license.

using AliDdnsHa.Health;

namespace AliDdnsHa.Core.Tests.Health;

public sealed class QuorumVerdictTests
{
    /// <summary>The table of the issue, plus the edges: U = Up, D = Down, B = blind, ? = Unknown.</summary>
    [Theory]
    [InlineData("UD", null, Verdict.Down)] // hairpin case: only home sees it
    [InlineData("UU", null, Verdict.Up)]
    [InlineData("UB", null, Verdict.Up)] // home alone votes
    [InlineData("BB", null, Verdict.Frozen)]
    [InlineData("UUD", null, Verdict.Up)]
    [InlineData("UDD", null, Verdict.Down)]
    [InlineData("U?", null, Verdict.Unknown)]
    [InlineData("UD", 1, Verdict.Up)]
    [InlineData("U", null, Verdict.Up)] // one vantage: today's behaviour
    [InlineData("D", null, Verdict.Down)]
    [InlineData("?", null, Verdict.Unknown)]
    [InlineData("B", null, Verdict.Frozen)]
    [InlineData("DD", 1, Verdict.Down)]
    [InlineData("D?", 1, Verdict.Unknown)]
    [InlineData("UB", 2, Verdict.Up)] // a quorum above the voting count is lowered: blind never means Down
    [InlineData("DB", 2, Verdict.Down)]
    [InlineData("U??", null, Verdict.Unknown)]
    [InlineData("UD?", null, Verdict.Unknown)]
    [InlineData("DD?", null, Verdict.Down)] // even if ? turned Up, 1 of 3 is short of 2
    [InlineData("UUB", 3, Verdict.Up)]
    [InlineData("UDB", 2, Verdict.Down)]
    public void Evaluate_FollowsTheTable(string votes, int? quorum, Verdict expected)
    {
        var parsed = votes.Select(c => c switch
        {
            'U' => Vote.Up,
            'D' => Vote.Down,
            'B' => Vote.Blind,
            _ => Vote.Unknown,
        }).ToArray();

        Assert.Equal(expected, QuorumVerdict.Evaluate(parsed, quorum));
    }
}
