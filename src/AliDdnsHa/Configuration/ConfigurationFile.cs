// Licensed under the MIT license.

using System.Reflection;
using AliDdnsHa.Dns;
using AliDdnsHa.Providers.AlibabaCloud;
using AliDdnsHa.Providers.HostsFile;
using AliDdnsHa.Providers.Rfc2136;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace AliDdnsHa.Configuration;

/// <summary>Loads the configuration file (YAML or JSON by extension) plus <c>ALIDDNSHA__</c> environment overrides.</summary>
internal static class ConfigurationFile
{
    /// <summary>The name of the embedded configuration used when no file is given and the default path does not exist.</summary>
    public const string EmbeddedName = "(embedded quickstart)";

    /// <summary>Every provider type this build knows.</summary>
    public static IReadOnlyList<IDnsProviderFactory> ProviderFactories { get; } = [new HostsFileProviderFactory(), new AlibabaCloudProviderFactory(), new Rfc2136ProviderFactory()];

    /// <summary>The settings the command line overrides (<c>--web.config.file</c>), or <see langword="null"/>.</summary>
    public static Dictionary<string, string?>? CommandLineOverrides(string? webConfigFile) =>
        webConfigFile is { Length: > 0 } ? new() { ["Web:ConfigFile"] = webConfigFile } : null;

    /// <summary>Where the embedded quickstart listens inside a container: every interface, so a published port
    /// (<c>docker run -p 9464:9464</c>) reaches it. Outside a container it keeps the loopback its file names.</summary>
    public const string ContainerQuickstartUrls = "http://0.0.0.0:9464";

    /// <summary>Loads and validates. <paramref name="path"/> is <see langword="null"/> when <c>--config</c> was not given.
    /// <paramref name="environment"/> reads environment variables (the process's when <see langword="null"/>).</summary>
    public static LoadedConfiguration Load(string? path, bool forceDryRun, IDictionary<string, string?>? overrides = null, Func<string, string?>? environment = null)
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
                if (InContainer(environment ?? Environment.GetEnvironmentVariable))
                {
                    // Microsoft's images set DOTNET_RUNNING_IN_CONTAINER: a loopback listener there is out of reach of
                    // the host. Environment overrides (ALIDDNSHA__Urls) still win; a configuration file is left alone.
                    builder.AddInMemoryCollection(new Dictionary<string, string?> { ["Urls"] = ContainerQuickstartUrls });
                }
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

            IConfigurationRoot configuration;
            try
            {
                configuration = ConfigurationSnapshot.Of(builder.Build());
            }
#pragma warning disable CA1031 // The file is user input: whatever its parser throws is reported as an unreadable file, never a crash.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                return Failed(source, new ConfigurationError(source, $"cannot be read: {Describe(ex, source)}"));
            }

            var result = new AliDdnsHaOptionsReader(ProviderFactories).Read(configuration);
            if (forceDryRun)
            {
                result.Options.DryRun = true;
            }

            var errors = result.Errors.ToList();
            Web.WebConfig? web = null;
            if (result.Options.Web.ConfigFile is { } webFile)
            {
                if (!File.Exists(webFile))
                {
                    errors.Add(new ConfigurationError("Web.ConfigFile", $"'{webFile}' does not exist"));
                }
                else
                {
                    var (config, problems) = Web.WebConfigReader.Read(webFile);
                    web = config;
                    errors.AddRange(problems.Select(p => new ConfigurationError($"Web.ConfigFile ({webFile})", p)));
                }
            }

            return new LoadedConfiguration(source, configuration, result.Options, errors) { Web = web, Origin = (path, forceDryRun, overrides), FileDigests = FileDigests.Of(configuration) };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Failed(source, new ConfigurationError(source, $"cannot be read: {ex.Message}"));
        }
    }

    private static bool InContainer(Func<string, string?> environment) =>
        string.Equals(environment("DOTNET_RUNNING_IN_CONTAINER"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>A message that says where the file is broken: the YAML or JSON parser's own words with line and column.</summary>
    /// <remarks>The YAML configuration provider sometimes wraps the parser's error in an exception with no message of
    /// its own; the file is then parsed again with YamlDotNet to find the line.</remarks>
    private static string Describe(Exception ex, string source)
    {
        for (var inner = ex; inner is not null; inner = inner.InnerException)
        {
            if (inner is YamlException yaml)
            {
                return Where(yaml);
            }
        }

        if (File.Exists(source) && Path.GetExtension(source).ToLowerInvariant() is ".yaml" or ".yml")
        {
            try
            {
                new YamlStream().Load(new StringReader(File.ReadAllText(source)));
            }
            catch (YamlException yaml)
            {
                return Where(yaml);
            }
#pragma warning disable CA1031 // Only a diagnostic re-parse: YamlDotNet throws bare exceptions on some malformed input.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }

        var innermost = ex;
        while (innermost.InnerException is { } next)
        {
            innermost = next;
        }

        // YamlDotNet's scanner throws bare or InvalidOperation exceptions on some broken flow collections; their
        // messages say nothing useful, so say what to look for instead.
        return innermost.GetType() == typeof(Exception) || innermost is InvalidOperationException
            ? "not a valid YAML document: look for an unclosed [ or {, a missing quote, or wrong indentation"
            : innermost.Message;
    }

    private static string Where(YamlException yaml) => $"line {yaml.Start.Line}, column {yaml.Start.Column}: {yaml.Message}";

    private static LoadedConfiguration Failed(string source, ConfigurationError error) =>
        new(source, new ConfigurationBuilder().Build(), new AliDdnsHaOptions(), [error]);
}
