// Licensed under the MIT license.

namespace AliDdnsHa.Controller;

/// <summary>The last change the provider confirmed.</summary>
public sealed record ChangeStatus(DateTimeOffset At, IReadOnlyList<string> Changes);
