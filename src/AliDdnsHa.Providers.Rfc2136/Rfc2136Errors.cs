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
        code is "REFUSED" or "NOTAUTH" or "NOTZONE" or "NOTIMP" or "FORMERR" or "BADSIG" or "BADKEY" or "BADTIME" or "BADALG" or "not_authoritative";

    /// <summary>Worth another attempt at once: the server or the path hiccupped.</summary>
    public static bool IsRetryable(string code) => code is "SERVFAIL" or "timeout" or "connection_error";

    public static string? Hint(string code, Rfc2136Options options) => code switch
    {
        "REFUSED" => $"{options.Server} refused: its update-policy / allow-update must grant {(options.TsigKeyName is null ? "this host's address" : $"key {options.TsigKeyName}")} type A for the name, and updates must go to the primary.",
        "NOTAUTH" => $"{options.Server} is not authoritative for {options.Zone}, or does not accept the key: check Server, Zone and TsigKeyName.",
        "NOTZONE" => $"The record name is not inside {options.Zone}: check the target's name and the provider's Zone.",
        "BADKEY" => $"{options.Server} does not know key {options.TsigKeyName} with {Rfc2136Algorithms.Name(options.TsigAlgorithm)}: TsigKeyName and TsigAlgorithm must match the server's key statement.",
        "BADSIG" => $"The TsigSecret does not match the server's secret for key {options.TsigKeyName}: copy the secret from the server's key file.",
        "BADTIME" => "This machine's clock and the server's differ by more than 5 minutes (the TSIG fudge): synchronise both (NTP).",
        "BADALG" => $"{options.Server} does not support {Rfc2136Algorithms.Name(options.TsigAlgorithm)}: choose the algorithm of the server's key.",
        "NOTIMP" => $"{options.Server} does not implement dynamic update.",
        "FORMERR" => $"{options.Server} could not parse the message.",
        "not_authoritative" => $"{options.Server} answered without authority for {options.Zone}: Server must be the zone's primary (or a server authoritative for it), not a resolver.",
        "NXRRSET" or "YXRRSET" => "The record set changed at the server between our read and our update (another writer?); it is read again and the change recomputed.",
        _ => null,
    };

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
