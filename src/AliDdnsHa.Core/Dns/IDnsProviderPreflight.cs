// Licensed under the MIT license.

using AliDdnsHa.Configuration;

namespace AliDdnsHa.Dns;

/// <summary>A provider that can check a target against the live service before it runs (TTL minimums, record caps).</summary>
public interface IDnsProviderPreflight
{
    /// <summary>Checks one target; <paramref name="path"/> is the target's configuration path (<c>Targets[0]</c>).</summary>
    Task<IReadOnlyList<PreflightFinding>> PreflightAsync(string path, TargetOptions target, CancellationToken cancellationToken);
}
