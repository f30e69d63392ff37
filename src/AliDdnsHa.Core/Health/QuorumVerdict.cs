// Licensed under the MIT license.

namespace AliDdnsHa.Health;

/// <summary>Combines the votes of a target's vantages into one verdict. Pure.</summary>
/// <remarks>
/// Only voting (not blind) vantages count. The quorum is the configured <c>Quorum</c>, or a majority of the voting
/// vantages; a configured quorum larger than the number of voting vantages is lowered to that number, so a blind
/// vantage never turns into a Down vote (with two vantages and one blind, the other decides alone). Up when at least
/// the quorum votes Up; Down when the quorum cannot be reached even if every Unknown vote turned Up; otherwise Unknown.
/// No voting vantage at all is <see cref="Verdict.Frozen"/>.
/// </remarks>
public static class QuorumVerdict
{
    public static Verdict Evaluate(ReadOnlySpan<Vote> votes, int? quorum)
    {
        int up = 0, down = 0, unknown = 0;
        foreach (var vote in votes)
        {
            switch (vote)
            {
                case Vote.Up:
                    up++;
                    break;
                case Vote.Down:
                    down++;
                    break;
                case Vote.Unknown:
                    unknown++;
                    break;
            }
        }

        var voting = up + down + unknown;
        if (voting == 0)
        {
            return Verdict.Frozen;
        }

        var needed = Math.Min(quorum ?? (voting / 2) + 1, voting);
        if (up >= needed)
        {
            return Verdict.Up;
        }

        return up + unknown < needed ? Verdict.Down : Verdict.Unknown;
    }
}
