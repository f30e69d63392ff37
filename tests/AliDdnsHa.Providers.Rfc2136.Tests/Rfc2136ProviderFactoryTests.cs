// Licensed under the MIT license.

using AliDdnsHa.Configuration;
using ARSoft.Tools.Net.Dns;
using Microsoft.Extensions.Configuration;

namespace AliDdnsHa.Providers.Rfc2136.Tests;

public sealed class Rfc2136ProviderFactoryTests : IDisposable
{
    private const string Secret = "MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTI=";

    private readonly string _folder = Directory.CreateTempSubdirectory("aliddnsha-tsig-").FullName;

    [Fact]
    public void Read_EveryValue()
    {
        var options = Read(new()
        {
            ["Server"] = "192.0.2.53:5353", ["Zone"] = "example.com.", ["TsigKeyName"] = "ddns-key.", ["TsigAlgorithm"] = "hmac-sha512",
            ["TsigSecret"] = Secret, ["Transport"] = "udp", ["Timeout"] = "2s", ["MaxAttempts"] = "5", ["RetryBudget"] = "30s",
        });

        Assert.Equal(("192.0.2.53", 5353, "192.0.2.53:5353"), (options.ServerHost, options.ServerPort, options.Server));
        Assert.Equal("example.com", options.Zone.ToString().TrimEnd('.'));
        Assert.Equal("ddns-key", options.TsigKeyName!.ToString().TrimEnd('.'));
        Assert.Equal(TSigAlgorithm.Sha512, options.TsigAlgorithm);
        Assert.Equal(Convert.FromBase64String(Secret), options.TsigSecret);
        Assert.Equal((Rfc2136Transport.Udp, TimeSpan.FromSeconds(2), 5, TimeSpan.FromSeconds(30)), (options.Transport, options.Timeout, options.MaxAttempts, options.RetryBudget));
    }

    [Theory]
    [InlineData("ns1.example.com", "ns1.example.com", 53)]
    [InlineData("ns1.example.com:8053", "ns1.example.com", 8053)]
    [InlineData("192.0.2.1", "192.0.2.1", 53)]
    [InlineData("2001:db8::53", "2001:db8::53", 53)]
    [InlineData("[2001:db8::53]:5353", "2001:db8::53", 5353)]
    public void Read_Server_HostAndOptionalPort(string server, string host, int port)
    {
        var options = Read(new() { ["Server"] = server, ["Zone"] = "example.com" });

        Assert.Equal((host, port), (options.ServerHost, options.ServerPort));
        Assert.Null(options.TsigKeyName);
    }

    [Fact]
    public void Read_Defaults_TcpSha256()
    {
        var options = Read(new() { ["Server"] = "127.0.0.1", ["Zone"] = "example.com", ["TsigKeyName"] = "k", ["TsigSecret"] = Secret });

        Assert.Equal((Rfc2136Transport.Tcp, TSigAlgorithm.Sha256, TimeSpan.FromSeconds(5)), (options.Transport, options.TsigAlgorithm, options.Timeout));
    }

    [Fact]
    public void Read_BindKeyFile_GivesNameAlgorithmAndSecret()
    {
        var file = Write($"key \"ddns-key\" {{\n\talgorithm hmac-sha512;\n\tsecret \"{Secret}\";\n}};\n");

        var options = Read(new() { ["Server"] = "127.0.0.1", ["Zone"] = "example.com", ["TsigSecretFile"] = file });

        Assert.Equal("ddns-key", options.TsigKeyName!.ToString().TrimEnd('.'));
        Assert.Equal(TSigAlgorithm.Sha512, options.TsigAlgorithm);
        Assert.Equal(Convert.FromBase64String(Secret), options.TsigSecret);
        Assert.Equal($"file {file}", options.TsigSecretSource);
    }

    [Fact]
    public void Read_BareSecretFile_IsTrimmed()
    {
        var options = Read(new() { ["Server"] = "127.0.0.1", ["Zone"] = "example.com", ["TsigKeyName"] = "k", ["TsigSecretFile"] = Write(Secret + "\n") });

        Assert.Equal(Convert.FromBase64String(Secret), options.TsigSecret);
    }

    [Fact]
    public void Validate_EveryProblem_IsReportedWithoutTheSecret()
    {
        var errors = Validate(new()
        {
            ["Server"] = "ns1.example.com:99999", ["TsigKeyName"] = "k", ["TsigAlgorithm"] = "hmac-md5", ["TsigSecret"] = "not base64 hunter2!",
            ["Transport"] = "quic", ["Timeout"] = "soon", ["Tsig"] = "x",
        });

        Assert.Equal(
            [
                "Providers.bind.Tsig: unknown setting (known here: Type, Server, Zone, TsigKeyName, TsigAlgorithm, TsigSecret, TsigSecretFile, Transport, Timeout, MaxAttempts, RetryBudget, Lines)",
                "Providers.bind.Server: 'ns1.example.com:99999' has no valid port (1-65535)",
                "Providers.bind.Zone: is required: the zone the server takes updates for (e.g. example.com)",
                "Providers.bind.TsigAlgorithm: 'hmac-md5' is not supported (use one of: hmac-sha256, hmac-sha512, hmac-sha384, hmac-sha224, hmac-sha1)",
                "Providers.bind.TsigSecret: is not base64 (from configuration; the value is not shown)",
                "Providers.bind.Transport: 'quic' must be Tcp or Udp",
                "Providers.bind.Timeout: 'soon' is not a positive duration (examples: 500ms, 5s, 1m)",
            ],
            errors.Select(e => e.ToString()));
        Assert.DoesNotContain(errors, e => e.ToString().Contains("hunter2", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_KeyWithoutSecret_AndSecretWithoutKey()
    {
        Assert.Contains(
            "Providers.bind.TsigSecret: is required with TsigKeyName: set TsigSecret (or ALIDDNSHA__Providers__<name>__TsigSecret), or TsigSecretFile",
            Validate(new() { ["Server"] = "127.0.0.1", ["Zone"] = "example.com", ["TsigKeyName"] = "k" }).Select(e => e.ToString()));
        Assert.Contains(
            "Providers.bind.TsigKeyName: is required with a TSIG secret: the key's name as the server knows it",
            Validate(new() { ["Server"] = "127.0.0.1", ["Zone"] = "example.com", ["TsigSecret"] = Secret }).Select(e => e.ToString()));
    }

    [Fact]
    public void Validate_KeyFileDisagreeingWithSettings_IsAnError()
    {
        var file = Write($"key \"ddns-key\" {{ algorithm hmac-sha256; secret \"{Secret}\"; }};");

        var errors = Validate(new() { ["Server"] = "127.0.0.1", ["Zone"] = "example.com", ["TsigSecretFile"] = file, ["TsigKeyName"] = "other", ["TsigAlgorithm"] = "hmac-sha1" });

        Assert.Equal([$"Providers.bind.TsigKeyName: 'other' differs from the key 'ddns-key' in {file}", $"Providers.bind.TsigAlgorithm: 'hmac-sha1' differs from 'hmac-sha256' in {file}"], errors.Select(e => e.ToString()));
    }

    [Fact]
    public void ToString_NeverShowsTheSecret()
    {
        var options = Read(new() { ["Server"] = "127.0.0.1", ["Zone"] = "example.com", ["TsigKeyName"] = "k", ["TsigSecret"] = Secret });

        Assert.DoesNotContain(Secret, options.ToString(), StringComparison.Ordinal);
        Assert.Contains("TsigSecret = ***", options.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_Lines_EachWithItsOwnKey_FromAKeyFile()
    {
        var telecom = Write("key \"aliddnsha-telecom\" {\n\talgorithm hmac-sha512;\n\tsecret \"" + Secret + "\";\n};\n");
        var options = Read(new()
        {
            ["Server"] = "127.0.0.1", ["Zone"] = "example.com", ["TsigKeyName"] = "aliddnsha", ["TsigSecret"] = Secret,
            ["Lines:telecom:TsigSecretFile"] = telecom,
            ["Lines:unicom:TsigKeyName"] = "aliddnsha-unicom", ["Lines:unicom:TsigSecret"] = Secret,
        });

        Assert.Equal(["telecom", "unicom"], options.Lines.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(("aliddnsha-telecom", TSigAlgorithm.Sha512), (options.Lines["telecom"].TsigKeyName!.ToString().TrimEnd('.'), options.Lines["telecom"].TsigAlgorithm));
        Assert.Equal(("127.0.0.1:53", "example.com"), (options.Lines["unicom"].Server, options.Lines["unicom"].Zone.ToString().TrimEnd('.')));
        Assert.DoesNotContain(Secret, options.ToString(), StringComparison.Ordinal);
        Assert.Contains("Lines = [telecom: aliddnsha-telecom.", options.ToString(), StringComparison.Ordinal);
        Assert.Null(new Rfc2136ProviderFactory().RefuseLine(Section(new() { ["Lines:telecom:TsigKeyName"] = "k" }), "telecom"));
        Assert.Contains("no key for 'mobile'", new Rfc2136ProviderFactory().RefuseLine(Section(new()), "mobile"), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_Lines_WithoutAKey_WithAnotherViewsKey_OrADefaultKey_AreReported()
    {
        var errors = Validate(new()
        {
            ["Server"] = "127.0.0.1", ["Zone"] = "example.com", ["TsigKeyName"] = "aliddnsha", ["TsigSecret"] = Secret,
            ["Lines:telecom:TsigSecret"] = Secret,
            ["Lines:unicom:TsigKeyName"] = "aliddnsha", ["Lines:unicom:TsigSecret"] = Secret,
            ["Lines:default:TsigKeyName"] = "k2", ["Lines:default:TsigSecret"] = Secret,
            ["Lines:edu:TsigKeyName"] = "k3", ["Lines:edu:TsigSecret"] = Secret, ["Lines:edu:Server"] = "10.0.0.1",
            ["Lines:oversea:TsigAlgorithm"] = "hmac-sha256",
        });

        Assert.Equal(
        [
            "Providers.bind.Lines.default: 'default' is not a line code for a view: lower case letters, digits, '_' and '-', and not default (the provider's own key is the default view's)",
            "Providers.bind.Lines.edu.Server: unknown setting (known here: TsigKeyName, TsigAlgorithm, TsigSecret, TsigSecretFile)",
            "Providers.bind.Lines.oversea.TsigKeyName: is required: BIND picks a view by the key that signs a message, so each line needs its own key (TsigSecretFile with a key statement names it)",
            "Providers.bind.Lines.telecom.TsigKeyName: is required with a TSIG secret: the key's name as the server knows it",
            "Providers.bind.Lines.unicom.TsigKeyName: 'aliddnsha' is already the key of the default view: each view needs a key of its own, or messages land in the wrong view",
        ], errors.Select(e => e.ToString()).Order(StringComparer.Ordinal));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string text)
    {
        var path = Path.Combine(_folder, Guid.NewGuid().ToString("N"));
        File.WriteAllText(path, text);
        return path;
    }

    private static Rfc2136Options Read(Dictionary<string, string?> values)
    {
        var errors = new List<ConfigurationError>();
        var options = Rfc2136ProviderFactory.Read("Providers.bind", Section(values), errors);
        Assert.Empty(errors);
        return options;
    }

    private static IReadOnlyList<ConfigurationError> Validate(Dictionary<string, string?> values) =>
        new Rfc2136ProviderFactory().Validate("Providers.bind", Section(values));

    private static IConfigurationSection Section(Dictionary<string, string?> values)
    {
        var prefixed = values.ToDictionary(kv => "Providers:bind:" + kv.Key, kv => kv.Value);
        prefixed["Providers:bind:Type"] = "Rfc2136";
        return new ConfigurationBuilder().AddInMemoryCollection(prefixed).Build().GetSection("Providers:bind");
    }
}
