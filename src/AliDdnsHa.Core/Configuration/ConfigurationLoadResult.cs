// Licensed under the MIT license.

namespace AliDdnsHa.Configuration;

/// <summary>The options read from configuration and every problem found in them.</summary>
public sealed record ConfigurationLoadResult(AliDdnsHaOptions Options, IReadOnlyList<ConfigurationError> Errors)
{
    public bool IsValid => Errors.Count == 0;
}
