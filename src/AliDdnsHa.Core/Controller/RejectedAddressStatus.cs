// Licensed under the MIT license.

namespace AliDdnsHa.Controller;

/// <summary>A discovered address that is never probed or published, and why.</summary>
public sealed record RejectedAddressStatus(string Address, string Reason);
