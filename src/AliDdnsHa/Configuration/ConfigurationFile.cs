// Licensed under the MIT license.

using System.Reflection;
using AliDdnsHa.Dns;
using AliDdnsHa.Providers.AlibabaCloud;
using AliDdnsHa.Providers.HostsFile;

namespace AliDdnsHa.Configuration;

/// <summary>Loads the configuration file (YAML or JSON by extension) plus <c>ALIDDNSHA__</c> environment overrides.</summary>
internal static class ConfigurationFile
{
    /// <summary>The name of the embedded configuration used when no file is given and the default path does not exist.</summary>
    public const string EmbeddedName = "(embedded quickstart)";

    /// <summary>Every provider type this build knows.</summary>
    public static IReadOnlyList<IDnsProviderFactory> ProviderFactories { get; } = [new HostsFileProviderFactory(), new AlibabaCloudProviderFactory()];

    /// <summary>Loads and validates. <paramref name="path"/> is <see langword="null"/> when <c>--config</c> was not given.</summary>
    public static LoadedConfiguration Load(string? path, bool forceDryRun, IDictionary<string, string?>? overrides = null)
    {
        var builder = new ConfigurationBuilder();
        var source = path ?? OptionDefaults.ConfigPath;
        try
        {
            if (path is null && !File.Exists(source))
            {
                source = EmbeddedName;
                var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("AliDdnsHa.quickstart.yaml")!;
                builder.AddYamlStream(stream);
            }
            else
            {
                var full = Path.GetFullPath(source);
                if (!File.Exists(full))
                {
                    return Failed(source, new ConfigurationError("--config", $"'{source}' does not exist"));
                }

                switch (Path.GetExtension(full).ToLowerInvariant())
                {
                    case ".yaml" or ".yml":
                        builder.AddYamlFile(full, optional: false, reloadOnChange: false);
                        break;
                    case ".json":
                        builder.AddJsonFile(full, optional: false, reloadOnChange: false);
                        break;
                    default:
                        return Failed(source, new ConfigurationError("--config", $"'{source}' must end in .yaml, .yml or .json"));
                }
            }

            builder.AddEnvironmentVariables(OptionDefaults.EnvironmentPrefix);
            if (overrides is not null)
            {
                builder.AddInMemoryCollection(overrides);
            }

            var configuration = builder.Build();
            var result = new AliDdnsHaOptionsReader(ProviderFactories).Read(configuration);
            if (forceDryRun)
            {
                result.Options.DryRun = true;
            }

            return new LoadedConfiguration(source, configuration, result.Options, result.Errors);
        }
        catch (Exception ex) when (ex is FormatException or InvalidDataException or IOException or YamlDotNet.Core.YamlException or UnauthorizedAccessException)
        {
            var message = ex.InnerException is { } inner && ex is not YamlDotNet.Core.YamlException ? $"{ex.Message} {inner.Message}" : ex.Message;
            return Failed(source, new ConfigurationError(source, $"cannot be read: {message}"));
        }
    }

    private static LoadedConfiguration Failed(string source, ConfigurationError error) =>
        new(source, new ConfigurationBuilder().Build(), new AliDdnsHaOptions(), [error]);
}
