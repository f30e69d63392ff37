// Licensed under the MIT license.

namespace AliDdnsHa.Health;

/// <summary>One canary as <c>/api/status</c> shows it.</summary>
public sealed record CanaryStatus(string Canary, string State, string? LastResult, string? LastDetail, DateTimeOffset? LastProbeAt);
