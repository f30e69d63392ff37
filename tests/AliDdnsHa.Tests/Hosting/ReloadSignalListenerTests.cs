// Licensed under the MIT license.

using AliDdnsHa.Hosting;

namespace AliDdnsHa.Tests.Hosting;

public sealed class ReloadSignalListenerTests
{
    [Theory]
    [InlineData("SigIgn:\t0000000000000001", true)]
    [InlineData("SigIgn:\t0000000000001001", true)]
    [InlineData("SigIgn:\t0000000000001000", false)] // SIGPIPE only, as .NET sets it
    [InlineData("SigIgn:\t0000000000000000", false)]
    [InlineData("SigIgn:\tnot-hex", false)]
    public void HangupIgnored_ReadsTheLowestBitOfSigIgn(string line, bool expected)
    {
        Assert.Equal(expected, ReloadSignalListener.HangupIgnored(["Name:\taliddnsha", "SigPnd:\t0000000000000001", line, "SigCgt:\t0000000000000001"]));
    }

    [Fact]
    public void HangupIgnored_WithoutASigIgnLine_IsFalse()
    {
        Assert.False(ReloadSignalListener.HangupIgnored(["Name:\taliddnsha"]));
    }
}
