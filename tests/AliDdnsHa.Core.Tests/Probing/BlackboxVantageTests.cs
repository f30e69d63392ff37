// Licensed under the MIT license.

using AliDdnsHa.Probing;

namespace AliDdnsHa.Core.Tests.Probing;

public sealed class BlackboxVantageTests
{
    [Fact]
    public void ParseSamples_ReadsTheUnlabelledSamplesOfAProbeAnswer()
    {
        const string Body = """
            # HELP probe_dns_lookup_time_seconds Returns the time taken for probe dns lookup in seconds
            # TYPE probe_dns_lookup_time_seconds gauge
            probe_dns_lookup_time_seconds 1.2e-05
            # HELP probe_duration_seconds Returns how long the probe took to complete in seconds
            # TYPE probe_duration_seconds gauge
            probe_duration_seconds 0.000412
            probe_ip_protocol 4
            probe_success{extra="label"} 0
            probe_success 1 1733140800000
            """;

        var samples = BlackboxVantage.ParseSamples(Body);

        Assert.Equal(1, samples["probe_success"]);
        Assert.Equal(0.000412, samples["probe_duration_seconds"]);
        Assert.Equal(4, samples["probe_ip_protocol"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("<html>not an exporter</html>")]
    [InlineData("probe_success maybe")]
    public void ParseSamples_Garbage_HasNoProbeSuccess(string body) =>
        Assert.False(BlackboxVantage.ParseSamples(body).ContainsKey("probe_success"));
}
