// Licensed under the MIT license.

namespace AliDdnsHa.Providers.AlibabaCloud;

/// <summary>Settings of a <c>Type: AlibabaCloud</c> provider. <see cref="ToString"/> never shows the secrets.</summary>
public sealed class AlibabaCloudOptions
{
    public const string DefaultEndpoint = "https://alidns.aliyuncs.com";

    /// <summary>The API endpoint: any URL, so regional, international and local emulator endpoints work.</summary>
    /// <value>The default value is <c>https://alidns.aliyuncs.com</c>.</value>
    public Uri Endpoint { get; set; } = new(DefaultEndpoint);

    public string AccessKeyId { get; set; } = "";

    public string AccessKeySecret { get; set; } = "";

    /// <summary>STS token for temporary credentials.</summary>
    public string? SecurityToken { get; set; }

    /// <summary>Per-attempt HTTP timeout.</summary>
    /// <value>The default value is 10 s.</value>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Attempts per API call, the first included.</summary>
    /// <value>The default value is 4.</value>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>The longest a call may spend on back-off between attempts.</summary>
    /// <value>The default value is 20 s.</value>
    public TimeSpan RetryBudget { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Where each credential came from (config, environment variable or file), for messages.</summary>
    public string CredentialSource { get; set; } = "configuration";

    public override string ToString() =>
        $"AlibabaCloud {{ Endpoint = {Endpoint}, AccessKeyId = {Redact(AccessKeyId)}, AccessKeySecret = ***, SecurityToken = {(SecurityToken is null ? "none" : "***")} }}";

    /// <summary>Shows only the first four characters of an AccessKey id.</summary>
    internal static string Redact(string accessKeyId) => accessKeyId.Length <= 4 ? "***" : accessKeyId[..4] + "***";
}
