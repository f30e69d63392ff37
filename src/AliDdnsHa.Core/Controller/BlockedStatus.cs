// Licensed under the MIT license.

namespace AliDdnsHa.Controller;

/// <summary>A record set the provider refused to change for good: the provider's code and message, a hint, since when,
/// and until when the change waits (the next resync; a reload or a change in the set wanted also lift it).</summary>
public sealed record BlockedStatus(string Code, string Message, string? Hint, DateTimeOffset Since, DateTimeOffset Until);
