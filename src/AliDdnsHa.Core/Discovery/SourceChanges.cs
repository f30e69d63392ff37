// Licensed under the MIT license.

using AliDdnsHa.Controller;

namespace AliDdnsHa.Discovery;

/// <summary>What one round of lookups changed: endpoints that appeared and endpoints that went away.</summary>
internal sealed record SourceChanges(IReadOnlyList<EndpointKey> Added, IReadOnlyList<EndpointKey> Removed)
{
    public bool Changed => Added.Count > 0 || Removed.Count > 0;
}
