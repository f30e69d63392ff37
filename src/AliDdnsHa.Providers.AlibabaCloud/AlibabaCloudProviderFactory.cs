// Licensed under the MIT license.

using AliDdnsHa.Configuration;
using AliDdnsHa.Diagnostics;
using AliDdnsHa.Dns;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AliDdnsHa.Providers.AlibabaCloud;

/// <summary>Validates and creates <c>Type: AlibabaCloud</c> providers.</summary>
public sealed class AlibabaCloudProviderFactory(Func<string, string?>? environment = null) : IDnsProviderFactory
{
    public const string TypeName = "AlibabaCloud";
    public const string HttpClientName = "AliDdnsHa.AlibabaCloud";

    private static readonly string[] s_keys =
        ["Type", "Endpoint", "AccessKeyId", "AccessKeySecret", "SecurityToken", "AccessKeyIdFile", "AccessKeySecretFile", "SecurityTokenFile", "Timeout", "MaxAttempts", "RetryBudget"];

    private readonly Func<string, string?> _environment = environment ?? Environment.GetEnvironmentVariable;

    public string Type => TypeName;

    public bool SupportsDisable => true;

    /// <summary>Alidns has lines; which ones the domain's edition offers, the preflight asks (DescribeSupportLines).</summary>
    public string? RefuseLine(IConfigurationSection section, string line) => null;

    public IReadOnlyList<ConfigurationError> Validate(string path, IConfigurationSection section)
    {
        var errors = new List<ConfigurationError>();
        Read(path, section, errors);
        return errors;
    }

    public IDnsProvider Create(string name, IConfigurationSection section, IServiceProvider services)
    {
        var options = ProviderSettings.ReadValid(errors => Read($"Providers.{name}", section, errors));

        var http = services.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName);
        http.Timeout = Timeout.InfiniteTimeSpan; // each attempt has its own timeout on the TimeProvider
        var client = new AlibabaCloudDnsClient(
            http,
            options,
            name,
            services.GetRequiredService<ControllerMetrics>(),
            services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<ILoggerFactory>().CreateLogger<AlibabaCloudDnsClient>());
        return new AlibabaCloudDnsProvider(name, client);
    }

    /// <summary>Reads the section into options, adding every problem to <paramref name="errors"/>. Never puts a secret in a message.</summary>
    internal AlibabaCloudOptions Read(string path, IConfigurationSection section, List<ConfigurationError> errors)
    {
        ArgumentNullException.ThrowIfNull(section);
        ProviderSettings.RejectUnknown(path, section, s_keys, errors);

        var options = new AlibabaCloudOptions();
        if (section["Endpoint"] is { Length: > 0 } endpoint)
        {
            if (Uri.TryCreate(endpoint.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
            {
                options.Endpoint = uri;
            }
            else
            {
                errors.Add(new ConfigurationError($"{path}.Endpoint", $"'{endpoint}' is not an http:// or https:// URL"));
            }
        }

        var (id, secret, token, source) = AlibabaCloudCredentials.Resolve(path, section, _environment, errors);
        if (id is null)
        {
            errors.Add(new ConfigurationError($"{path}.AccessKeyId", "is required: set it here, or ALIBABA_CLOUD_ACCESS_KEY_ID / ACCESS_KEY_ID (or a *_FILE variant)"));
        }

        if (secret is null)
        {
            errors.Add(new ConfigurationError($"{path}.AccessKeySecret", "is required: set it here, or ALIBABA_CLOUD_ACCESS_KEY_SECRET / ACCESS_KEY_SECRET (or a *_FILE variant)"));
        }

        options.AccessKeyId = id ?? "";
        options.AccessKeySecret = secret ?? "";
        options.SecurityToken = token;
        options.CredentialSource = source;
        options.Timeout = ProviderSettings.Duration(path, section, "Timeout", options.Timeout, errors);
        options.RetryBudget = ProviderSettings.Duration(path, section, "RetryBudget", options.RetryBudget, errors);
        options.MaxAttempts = ProviderSettings.WholeNumber(path, section, "MaxAttempts", 1, 10, options.MaxAttempts, errors);

        return options;
    }
}
