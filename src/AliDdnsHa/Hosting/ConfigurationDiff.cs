// Licensed under the MIT license.

using AliDdnsHa.Configuration;

namespace AliDdnsHa.Hosting;

/// <summary>What a reload changes, found by comparing the raw settings of each part (a target, a provider, a section)
/// between the running configuration and the new one.</summary>
/// <remarks>Settings are compared as written (after environment overrides), and a setting that names a file
/// (<c>…File</c>: a secret, a key, a CA) by that file's content too, so a secret rotated in place under the same name
/// rebuilds what uses it.</remarks>
internal sealed record ConfigurationDiff(
    IReadOnlySet<string> AddedTargets,
    IReadOnlySet<string> RemovedTargets,
    IReadOnlySet<string> ChangedTargets,
    IReadOnlySet<string> ChangedProviders,
    bool NotificationsChanged,
    IReadOnlyList<string> RestartRequired,
    IReadOnlyList<string> RestartRecommended)
{
    /// <summary>Sections that change the engine as a whole: a reload that touches them is rejected.</summary>
    private static readonly string[] s_restartRequired = ["DryRun", "Resolver", "Vantages"];

    /// <summary>Sections read once by the web host: a change is reported and takes effect at the next start.</summary>
    private static readonly string[] s_restartRecommended = ["Metrics", "Web", "Urls", "Kestrel", "Logging", "AllowedHosts"];

    public static ConfigurationDiff Between(LoadedConfiguration running, LoadedConfiguration next)
    {
        ArgumentNullException.ThrowIfNull(running);
        ArgumentNullException.ThrowIfNull(next);
        var oldProviders = running.Options.Providers.ToDictionary(p => p.Name, p => Flatten(running, running.Configuration.GetSection($"Providers:{p.Name}")), StringComparer.Ordinal);
        var changedProviders = next.Options.Providers
            .Where(p => !oldProviders.TryGetValue(p.Name, out var before) || before != Flatten(next, next.Configuration.GetSection($"Providers:{p.Name}")))
            .Select(p => p.Name)
            .ToHashSet(StringComparer.Ordinal);

        var oldTargets = Targets(running);
        var newTargets = Targets(next);
        var changed = newTargets
            .Where(t => oldTargets.TryGetValue(t.Key, out var before) && (before.Settings != t.Value.Settings || changedProviders.Contains(t.Value.Provider)))
            .Select(t => t.Key)
            .ToHashSet(StringComparer.Ordinal);
        return new ConfigurationDiff(
            newTargets.Keys.Except(oldTargets.Keys).ToHashSet(StringComparer.Ordinal),
            oldTargets.Keys.Except(newTargets.Keys).ToHashSet(StringComparer.Ordinal),
            changed,
            changedProviders,
            Flatten(running, running.Configuration.GetSection("Notifications")) != Flatten(next, next.Configuration.GetSection("Notifications")),
            [.. s_restartRequired.Where(s => Flatten(running, running.Configuration.GetSection(s)) != Flatten(next, next.Configuration.GetSection(s)))],
            [.. s_restartRecommended.Where(s => Flatten(running, running.Configuration.GetSection(s)) != Flatten(next, next.Configuration.GetSection(s)))]);
    }

    /// <summary>"2 added, 1 changed, 0 removed, 5 unchanged".</summary>
    public string Describe(int total) =>
        $"targets: {AddedTargets.Count} added{List(AddedTargets)}, {ChangedTargets.Count} changed{List(ChangedTargets)}, {RemovedTargets.Count} removed{List(RemovedTargets)}, " +
        $"{total - AddedTargets.Count - ChangedTargets.Count} unchanged; notifications {(NotificationsChanged ? "changed" : "unchanged")}";

    private static string List(IReadOnlySet<string> ids) => ids.Count == 0 ? "" : $" ({string.Join(", ", ids.Order(StringComparer.Ordinal))})";

    private static Dictionary<string, (string Settings, string Provider)> Targets(LoadedConfiguration loaded)
    {
        var targets = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        for (var i = 0; i < loaded.Options.Targets.Count; i++)
        {
            var target = loaded.Options.Targets[i];
            targets[target.Id] = (Flatten(loaded, loaded.Configuration.GetSection($"Targets:{i}")), target.Provider);
        }

        return targets;
    }

    /// <summary>Every setting under <paramref name="section"/>, relative to it, sorted: equal strings mean equal
    /// settings. A file a setting names stands in by the digest of its content taken when it was loaded.</summary>
    private static string Flatten(LoadedConfiguration loaded, IConfigurationSection section)
    {
        var prefix = section.Path.Length + 1;
        return section.Value + "\n" + string.Join("\n", section.AsEnumerable()
            .Where(kv => kv.Key.Length > section.Path.Length && kv.Value is not null)
            .Select(kv => $"{kv.Key[prefix..].ToUpperInvariant()}={kv.Value}{DigestOf(loaded, kv.Key, kv.Value!)}")
            .Order(StringComparer.Ordinal));
    }

    private static string DigestOf(LoadedConfiguration loaded, string key, string value) =>
        key.EndsWith("File", StringComparison.OrdinalIgnoreCase) && loaded.FileDigests.TryGetValue(value, out var digest) ? "#" + digest : "";
}
