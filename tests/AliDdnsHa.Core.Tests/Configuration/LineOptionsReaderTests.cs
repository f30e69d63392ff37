// Licensed under the MIT license.

namespace AliDdnsHa.Core.Tests.Configuration;

/// <summary>Lines (解析线路) in the configuration: a Record source's Line, checked offline against what the provider
/// can hold.</summary>
public sealed class LineOptionsReaderTests
{
    private static Dictionary<string, string?> Valid() => new()
    {
        ["Providers:ali:Type"] = "Test",
        ["Providers:ali:Path"] = "unused",
        ["Providers:hosts:Type"] = "Test",
        ["Providers:hosts:Path"] = "./data/hosts",
        ["Providers:hosts:NoLines"] = "a hosts file has no lines",
        ["Targets:0:Name"] = "home.example.com",
        ["Targets:0:Provider"] = "ali",
        ["Targets:0:Port"] = "443",
        ["Targets:0:Sources:0:Name"] = "ct",
        ["Targets:0:Sources:0:Record"] = "dns1.example.com",
        ["Targets:0:Sources:0:Line"] = "telecom",
        ["Targets:0:Sources:1:Name"] = "cu",
        ["Targets:0:Sources:1:Record"] = "dns2.example.com",
    };

    [Fact]
    public void Read_RecordSourceLine_IsKept_AndTheDefaultLineIsTheDefault()
    {
        var result = AliDdnsHaOptionsReaderTests.Read(Valid());

        Assert.Empty(result.Errors);
        Assert.Equal(["telecom", null], result.Options.Targets[0].Sources.Select(s => s.Line));
    }

    [Theory]
    [InlineData("Targets:0:Sources:0:Line", "Telecom", "Targets[0].Sources[0].Line: 'Telecom' is not a line code (lower case letters, digits, '_' and '-', such as default, telecom, cn_telecom_beijing)")]
    [InlineData("Targets:0:Sources:1:Address", "192.0.2.1", "Targets[0].Sources[1]: set exactly one of Address, Hostname, Record, Interface or Url (found 2)")]
    [InlineData("Targets:0:Provider", "hosts", "Targets[0].Sources[0].Line: 'telecom' cannot be read through provider 'hosts': a hosts file has no lines")]
    public void Read_BadSourceLine_IsReported(string key, string value, string expected)
    {
        var values = Valid();
        values[key] = value;

        var result = AliDdnsHaOptionsReaderTests.Read(values);

        Assert.Contains(expected, result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Read_LineOnASourceThatIsNotARecord_IsReported()
    {
        var values = Valid();
        values.Remove("Targets:0:Sources:0:Record");
        values["Targets:0:Sources:0:Hostname"] = "dns1.example.com";

        var result = AliDdnsHaOptionsReaderTests.Read(values);

        Assert.Equal("Targets[0].Sources[0].Line: applies only to a Record source (the line its record is read on)", Assert.Single(result.Errors).ToString());
    }
}
