// Licensed under the MIT license.

using ARSoft.Tools.Net.Dns;

namespace AliDdnsHa.Providers.Rfc2136;

/// <summary>DNS response codes as error codes (the metrics <c>result</c>), which of them a user must fix, and hints.</summary>
internal static class Rfc2136Errors
{
    /// <summary>The code of an answer: the TSIG error when the server set one (RFC 8945 answers those with NOTAUTH),
    /// otherwise the RCODE in its RFC mnemonic; <c>ok</c> for NOERROR.</summary>
    public static string Code(ReturnCode rcode, ReturnCode? tsigError)
    {
        if (tsigError is { } tsig && tsig != ReturnCode.NoError)
        {
            return Mnemonic(tsig);
        }

        return rcode == ReturnCode.NoError ? "ok" : Mnemonic(rcode);
    }

    /// <summary>Retrying cannot help until the user fixes the key, the policy, the zone or the clock.</summary>
    public static bool IsConfigurationError(string code) =>
        code is "REFUSED" or "NOTAUTH" or "NOTZONE" or "NOTIMP" or "FORMERR" or "BADSIG" or "BADKEY" or "BADTIME" or "BADALG" or "not_authoritative" or "policy_refused" or "not_applied";

    /// <summary>Worth another attempt at once: the server or the path hiccupped.</summary>
    public static bool IsRetryable(string code) => code is "SERVFAIL" or "timeout" or "connection_error";

    public static string? Hint(string code, Rfc2136Options options) => code switch
    {
        "REFUSED" => $"{options.Server} refused: its update policy (BIND update-policy / allow-update, PowerDNS lua-dnsupdate-policy-script or ALLOW-DNSUPDATE-FROM) must grant {(options.TsigKeyName is null ? "this host's address" : $"key {KeyName(options)}")} type A for the name, and updates must go to the primary.",
        "NOTAUTH" => $"{options.Server} is not authoritative for {Plain(options.Zone)}, or does not accept the key: check Server, Zone and TsigKeyName.",
        "NOTAUTH_UNSIGNED" => $"{options.Server} answered NOTAUTH without a TSIG record. With a key configured this is most likely a wrong TsigSecret (PowerDNS answers a bad signature this way): copy the secret from the server; otherwise the server is not authoritative for {Plain(options.Zone)} or does not know key {KeyName(options)}.",
        "NOTZONE" => $"The record name is not inside {Plain(options.Zone)}: check the target's name and the provider's Zone.",
        "BADKEY" => $"{options.Server} does not know key {KeyName(options)} with {Rfc2136Algorithms.Name(options.TsigAlgorithm)}: TsigKeyName and TsigAlgorithm must match the server's key statement. (Knot also answers BADKEY when its ACL does not grant the name and type; check-config tells the two apart.)",
        "BADKEY_POLICY" => $"The key {KeyName(options)} is accepted by {options.Server} (an update signed with it succeeded), so BADKEY here means the policy: Knot answers BADKEY when the key's ACL does not grant this name and type. Add the name to update-owner-name and the type to update-type.",
        "policy_refused" => "Grant the key the target's name and type A: BIND update-policy { grant <key> name <name>. A; }; Knot the ACL's update-owner-name and update-type; PowerDNS the lua-dnsupdate-policy-script (see docs/providers.md, Rfc2136 provider).",
        "not_applied" => $"{options.Server} accepted the update but did not apply it: PowerDNS does this when its lua-dnsupdate-policy-script refuses a record. Grant the key the name and type A in the script.",
        "BADSIG" => $"The TsigSecret does not match the server's secret for key {KeyName(options)}: copy the secret from the server's key file.",
        "BADTIME" => "This machine's clock and the server's differ by more than 5 minutes (the TSIG fudge): synchronise both (NTP).",
        "BADALG" => $"{options.Server} does not support {Rfc2136Algorithms.Name(options.TsigAlgorithm)}: choose the algorithm of the server's key.",
        "NOTIMP" => $"{options.Server} does not implement dynamic update.",
        "FORMERR" => $"{options.Server} could not parse the message.",
        "not_authoritative" => $"{options.Server} answered without authority for {options.Zone}: Server must be the zone's primary (or a server authoritative for it), not a resolver.",
        "NXRRSET" or "YXRRSET" => "The record set changed at the server between our read and our update (another writer?); it is read again and the change recomputed.",
        _ => null,
    };

    /// <summary>A domain name as users write it: no trailing dot.</summary>
    public static string Plain(ARSoft.Tools.Net.DomainName? name) => name?.ToString().TrimEnd('.') ?? "";

    private static string KeyName(Rfc2136Options options) => Plain(options.TsigKeyName);

    private static string Mnemonic(ReturnCode code) => code switch
    {
        ReturnCode.FormatError => "FORMERR",
        ReturnCode.ServerFailure => "SERVFAIL",
        ReturnCode.NxDomain => "NXDOMAIN",
        ReturnCode.NotImplemented => "NOTIMP",
        ReturnCode.Refused => "REFUSED",
        ReturnCode.YXDomain => "YXDOMAIN",
        ReturnCode.YXRRSet => "YXRRSET",
        ReturnCode.NXRRSet => "NXRRSET",
        ReturnCode.NotAuthoritive => "NOTAUTH",
        ReturnCode.NotZone => "NOTZONE",
        ReturnCode.BadSig => "BADSIG",
        ReturnCode.BadKey => "BADKEY",
        ReturnCode.BadTime => "BADTIME",
        ReturnCode.BadAlg => "BADALG",
        ReturnCode.BadTrunc => "BADTRUNC",
        _ => "other",
    };
}
