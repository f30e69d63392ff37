// Licensed under the MIT license.

namespace AliDdnsHa.Hosting;

/// <summary>How a configuration reload ended: applied (with what changed), or rejected with every problem.</summary>
internal sealed record ReloadOutcome(bool Success, string Summary, IReadOnlyList<string> Problems);
