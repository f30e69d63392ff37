// Licensed under the MIT license.

namespace AliDdnsHa.Testing;

/// <summary>A copy of one record the <see cref="AlidnsEmulator"/> holds.</summary>
public sealed record EmulatedRecord(string RecordId, string RR, string Type, string Value, int Ttl, string Status, string Line, bool Locked);
