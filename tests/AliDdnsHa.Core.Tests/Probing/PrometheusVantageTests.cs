// Licensed under the MIT license.

using System.Net;
using AliDdnsHa.Configuration;
using AliDdnsHa.Probing;

namespace AliDdnsHa.Core.Tests.Probing;

public sealed class PrometheusVantageTests
{
    [Theory]
    [InlineData("192.0.2.7", "probe_success{instance=\"192.0.2.7:443\",addr=\"192.0.2.7\",port=\"443\"}")]
    [InlineData("2001:db8::7", "probe_success{instance=\"[2001:db8::7]:443\",addr=\"2001:db8::7\",port=\"443\"}")]
    public void QueryFor_Placeholders_AreFilledForBothFamilies(string address, string expected)
    {
        var options = new VantageOptions
        {
            Name = "prom",
            Type = VantageType.Prometheus,
            Url = new Uri("http://127.0.0.1:9090"),
            Query = "probe_success{instance=\"{hostport}\",addr=\"{address}\",port=\"{port}\"}",
            MaxAge = TimeSpan.FromMinutes(2),
        };
        using var http = new VantageHttpClient(options, TimeProvider.System);
        var vantage = new PrometheusVantage(options, http, TimeProvider.System);

        var query = vantage.QueryFor(new VantageProbeRequest(new IPEndPoint(IPAddress.Parse(address), 443), "home.example.com", "wan1"));

        Assert.Equal($"({expected}) and ((time() - timestamp({expected})) <= 120)", query);
    }
}
