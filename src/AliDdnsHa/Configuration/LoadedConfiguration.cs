// Licensed under the MIT license.


namespace AliDdnsHa.Configuration;

/// <summary>A configuration as loaded: where it came from, the raw settings, the options and every problem.</summary>
internal sealed record LoadedConfiguration(string Source, IConfiguration Configuration, AliDdnsHaOptions Options, IReadOnlyList<ConfigurationError> Errors)
{
    /// <summary>The web configuration file named by <c>Web.ConfigFile</c>, as read; <see langword="null"/> when none is set.</summary>
    public Web.WebConfig? Web { get; init; }

    /// <summary>How to load it again (a reload): the <c>--config</c> path as given, <c>--dry-run</c>, and the command
    /// line's overrides.</summary>
    public (string? Path, bool ForceDryRun, IDictionary<string, string?>? Overrides) Origin { get; init; }

    /// <summary>A digest of each file a setting names, taken at load (see <see cref="FileDigests"/>).</summary>
    public IReadOnlyDictionary<string, string> FileDigests { get; init; } = new Dictionary<string, string>();

    public bool IsValid => Errors.Count == 0;

    /// <summary>Writes every problem to <paramref name="writer"/>, one per line.</summary>
    public void WriteErrors(TextWriter writer)
    {
        writer.WriteLine($"Configuration {Source} has {Errors.Count} problem(s):");
        foreach (var error in Errors)
        {
            writer.WriteLine($"  {error}");
        }
    }
}
