// Licensed under the MIT license.

namespace AliDdnsHa.Configuration;

/// <summary>One problem found in the configuration: where it is and what is wrong.</summary>
/// <param name="Path">The setting's path, such as <c>Targets[0].Sources[1].Address</c>.</param>
/// <param name="Message">What is wrong, quoting the bad value.</param>
public sealed record ConfigurationError(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}
