// Licensed under the MIT license.

using AliDdnsHa.Configuration;
using Microsoft.Extensions.Configuration;

namespace AliDdnsHa.Providers.AlibabaCloud;

/// <summary>Finds the AccessKey: the provider section first, then the Alibaba environment conventions.</summary>
/// <remarks>
/// Order, first found wins, per value: the provider's <c>AccessKeyId</c>/<c>AccessKeySecret</c>/<c>SecurityToken</c>
/// (also settable as <c>ALIDDNSHA__Providers__NAME__AccessKeySecret</c>); <c>ALIBABA_CLOUD_ACCESS_KEY_ID</c>,
/// <c>ALIBABA_CLOUD_ACCESS_KEY_SECRET</c>, <c>ALIBABA_CLOUD_SECURITY_TOKEN</c>; the older <c>ACCESS_KEY_ID</c>,
/// <c>ACCESS_KEY_SECRET</c>; and for each of those a <c>*_FILE</c> variant naming a file that holds the value (Docker
/// secrets). Values are trimmed: a trailing newline in a secret file is the usual cause of InvalidAccessKeyId.
/// </remarks>
internal static class AlibabaCloudCredentials
{
    private static readonly string[] s_idVariables = ["ALIBABA_CLOUD_ACCESS_KEY_ID", "ACCESS_KEY_ID"];
    private static readonly string[] s_secretVariables = ["ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ACCESS_KEY_SECRET"];
    private static readonly string[] s_tokenVariables = ["ALIBABA_CLOUD_SECURITY_TOKEN"];

    /// <summary>Resolves the three values; problems (an unreadable file) are added to <paramref name="errors"/>.</summary>
    public static (string? Id, string? Secret, string? Token, string Source) Resolve(
        string path, IConfigurationSection section, Func<string, string?> environment, List<ConfigurationError> errors)
    {
        var sources = new List<string>();
        var id = Find(path, section, "AccessKeyId", s_idVariables, environment, errors, sources);
        var secret = Find(path, section, "AccessKeySecret", s_secretVariables, environment, errors, sources);
        var token = Find(path, section, "SecurityToken", s_tokenVariables, environment, errors, sources);
        return (id, secret, token, sources.Count == 0 ? "none" : string.Join(", ", sources.Distinct()));
    }

    private static string? Find(
        string path, IConfigurationSection section, string key, string[] variables, Func<string, string?> environment,
        List<ConfigurationError> errors, List<string> sources)
    {
        if (Trim(section[key]) is { } configured)
        {
            sources.Add($"{key} from configuration");
            return configured;
        }

        if (Trim(section[key + "File"]) is { } configuredFile)
        {
            return ReadFile($"{path}.{key}File", configuredFile, errors, sources, key);
        }

        foreach (var variable in variables)
        {
            if (Trim(environment(variable)) is { } value)
            {
                sources.Add(variable);
                return value;
            }

            if (Trim(environment(variable + "_FILE")) is { } file)
            {
                return ReadFile(variable + "_FILE", file, errors, sources, variable + "_FILE");
            }
        }

        return null;
    }

    private static string? ReadFile(string where, string file, List<ConfigurationError> errors, List<string> sources, string label)
    {
        try
        {
            sources.Add($"{label} ({file})");
            return Trim(File.ReadAllText(file));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The message names the file, never its content.
            errors.Add(new ConfigurationError(where, $"cannot read '{file}': {ex.GetType().Name}"));
            return null;
        }
    }

    private static string? Trim(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
