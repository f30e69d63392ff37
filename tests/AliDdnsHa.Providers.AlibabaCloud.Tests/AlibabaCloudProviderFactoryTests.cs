// Licensed under the MIT license.

using AliDdnsHa.Configuration;
using Microsoft.Extensions.Configuration;

namespace AliDdnsHa.Providers.AlibabaCloud.Tests;

public sealed class AlibabaCloudProviderFactoryTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("aliddnsha-secrets-").FullName;

    [Fact]
    public void Read_FromConfiguration_TakesEveryValue()
    {
        var options = Read(new() { ["Endpoint"] = "http://127.0.0.1:8080/", ["AccessKeyId"] = "LTAIexample", ["AccessKeySecret"] = "s3cr3t", ["SecurityToken"] = "tok", ["Timeout"] = "3s", ["MaxAttempts"] = "2", ["RetryBudget"] = "1m" }, []);

        Assert.Equal(new Uri("http://127.0.0.1:8080/"), options.Endpoint);
        Assert.Equal(("LTAIexample", "s3cr3t", "tok"), (options.AccessKeyId, options.AccessKeySecret, options.SecurityToken));
        Assert.Equal((TimeSpan.FromSeconds(3), 2, TimeSpan.FromMinutes(1)), (options.Timeout, options.MaxAttempts, options.RetryBudget));
    }

    [Fact]
    public void Read_Defaults_UseTheMainlandEndpoint()
    {
        var options = Read(new() { ["AccessKeyId"] = "id", ["AccessKeySecret"] = "secret" }, []);

        Assert.Equal(new Uri("https://alidns.aliyuncs.com"), options.Endpoint);
    }

    [Fact]
    public void Read_AlibabaEnvironmentVariables_AreUsed()
    {
        var options = Read([], new() { ["ALIBABA_CLOUD_ACCESS_KEY_ID"] = "envid", ["ALIBABA_CLOUD_ACCESS_KEY_SECRET"] = "envsecret", ["ALIBABA_CLOUD_SECURITY_TOKEN"] = "envtoken" });

        Assert.Equal(("envid", "envsecret", "envtoken"), (options.AccessKeyId, options.AccessKeySecret, options.SecurityToken));
        Assert.Contains("ALIBABA_CLOUD_ACCESS_KEY_SECRET", options.CredentialSource, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_OlderVariables_AreUsed()
    {
        var options = Read([], new() { ["ACCESS_KEY_ID"] = "oldid", ["ACCESS_KEY_SECRET"] = "oldsecret" });

        Assert.Equal(("oldid", "oldsecret"), (options.AccessKeyId, options.AccessKeySecret));
    }

    [Fact]
    public void Read_FileVariants_ReadTheFileTrimmed()
    {
        var secretFile = Path.Combine(_folder, "secret");
        File.WriteAllText(secretFile, "filesecret\n");
        var idFile = Path.Combine(_folder, "id");
        File.WriteAllText(idFile, "  fileid  ");

        var options = Read([], new() { ["ALIBABA_CLOUD_ACCESS_KEY_ID_FILE"] = idFile, ["ALIBABA_CLOUD_ACCESS_KEY_SECRET_FILE"] = secretFile });

        Assert.Equal(("fileid", "filesecret"), (options.AccessKeyId, options.AccessKeySecret));
    }

    [Fact]
    public void Read_ConfigurationWinsOverEnvironment()
    {
        var options = Read(new() { ["AccessKeyId"] = "cfgid", ["AccessKeySecretFile"] = WriteSecret("cfgsecret") }, new() { ["ALIBABA_CLOUD_ACCESS_KEY_ID"] = "envid", ["ALIBABA_CLOUD_ACCESS_KEY_SECRET"] = "envsecret" });

        Assert.Equal(("cfgid", "cfgsecret"), (options.AccessKeyId, options.AccessKeySecret));
    }

    [Fact]
    public void Validate_EveryProblem_IsReportedWithoutSecrets()
    {
        var errors = Validate(new() { ["Endpoint"] = "ftp://x", ["AccessKeySecret"] = "hunter2", ["Timout"] = "5s", ["MaxAttempts"] = "0", ["Timeout"] = "soon" }, []);

        Assert.Equal(
            [
                "Providers.ali.Timout: unknown setting (known here: Type, Endpoint, AccessKeyId, AccessKeySecret, SecurityToken, AccessKeyIdFile, AccessKeySecretFile, SecurityTokenFile, Timeout, MaxAttempts, RetryBudget)",
                "Providers.ali.Endpoint: 'ftp://x' is not an http:// or https:// URL",
                "Providers.ali.AccessKeyId: is required: set it here, or ALIBABA_CLOUD_ACCESS_KEY_ID / ACCESS_KEY_ID (or a *_FILE variant)",
                "Providers.ali.Timeout: 'soon' is not a positive duration (examples: 500ms, 5s, 1m)",
                "Providers.ali.MaxAttempts: '0' must be a whole number from 1 to 10",
            ],
            errors.Select(e => e.ToString()));
        Assert.DoesNotContain(errors, e => e.ToString().Contains("hunter2", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_UnreadableSecretFile_NamesTheFileOnly()
    {
        var errors = Validate([], new() { ["ALIBABA_CLOUD_ACCESS_KEY_ID"] = "id", ["ALIBABA_CLOUD_ACCESS_KEY_SECRET_FILE"] = "/nonexistent/secret" });

        Assert.Contains("ALIBABA_CLOUD_ACCESS_KEY_SECRET_FILE: cannot read '/nonexistent/secret': DirectoryNotFoundException", errors.Select(e => e.ToString()));
    }

    [Fact]
    public void ToString_RedactsEverySecret()
    {
        var options = new AlibabaCloudOptions { AccessKeyId = "LTAI5tExampleKeyId", AccessKeySecret = "VerySecretValue", SecurityToken = "TokenValue" };

        var text = options.ToString();

        Assert.Contains("LTAI***", text, StringComparison.Ordinal);
        Assert.DoesNotContain("LTAI5tExampleKeyId", text, StringComparison.Ordinal);
        Assert.DoesNotContain("VerySecretValue", text, StringComparison.Ordinal);
        Assert.DoesNotContain("TokenValue", text, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string WriteSecret(string value)
    {
        var path = Path.Combine(_folder, Guid.NewGuid().ToString("N"));
        File.WriteAllText(path, value);
        return path;
    }

    private static AlibabaCloudOptions Read(Dictionary<string, string?> values, Dictionary<string, string> environment)
    {
        var errors = new List<ConfigurationError>();
        var options = new AlibabaCloudProviderFactory(environment.GetValueOrDefault).Read("Providers.ali", Section(values), errors);
        Assert.Empty(errors);
        return options;
    }

    private static IReadOnlyList<ConfigurationError> Validate(Dictionary<string, string?> values, Dictionary<string, string> environment) =>
        new AlibabaCloudProviderFactory(environment.GetValueOrDefault).Validate("Providers.ali", Section(values));

    private static IConfigurationSection Section(Dictionary<string, string?> values)
    {
        var prefixed = values.ToDictionary(kv => "Providers:ali:" + kv.Key, kv => kv.Value);
        prefixed["Providers:ali:Type"] = "AlibabaCloud";
        return new ConfigurationBuilder().AddInMemoryCollection(prefixed).Build().GetSection("Providers:ali");
    }
}
