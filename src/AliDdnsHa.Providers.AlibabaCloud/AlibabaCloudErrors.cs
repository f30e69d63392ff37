// Licensed under the MIT license.

namespace AliDdnsHa.Providers.AlibabaCloud;

/// <summary>What each Alidns error code means for us: retry, configuration problem, or neither; and a hint.</summary>
internal static class AlibabaCloudErrors
{
    /// <summary>Codes exported as the metrics <c>result</c>; any other code is counted as <c>other</c>.</summary>
    private static readonly HashSet<string> s_known = new(StringComparer.Ordinal)
    {
        "SignatureDoesNotMatch", "IncompleteSignature", "InvalidAccessKeyId", "InvalidAccessKeyId.NotFound", "InvalidAccessKeyId.Inactive",
        "InvalidTimeStamp.Expired", "IllegalTimestamp", "SignatureNonceUsed", "Throttling", "Throttling.User", "Throttling.Api",
        "MissingParameter", "InvalidParameter", "Forbidden", "Forbidden.RAM", "InternalError", "ServiceUnavailable",
        "DomainRecordDuplicate", "DomainRecordNotBelongToUser", "DomainRecordConflict", "DomainRecordLocked", "IncorrectDomainUser",
        "InvalidDomainName.NoExist", "InvalidDomainName.Format", "QuotaExceeded.TTL", "QuotaExceeded.ARecord", "QuotaExceeded.Record",
        "LastOperationNotFinished", "InvalidLine.Unsupported", "InvalidValue",
    };

    /// <summary>The metrics label for a code.</summary>
    public static string Label(string code) => s_known.Contains(code) ? code : "other";

    /// <summary>Worth another attempt: throttling, a busy backend, a reused nonce (a fresh one is made), server errors.</summary>
    public static bool IsRetryable(string code, int status) =>
        code.StartsWith("Throttling", StringComparison.Ordinal)
        || code is "LastOperationNotFinished" or "SignatureNonceUsed" or "InternalError" or "ServiceUnavailable"
        || status >= 500;

    /// <summary>Only the user can fix these; retrying cannot help.</summary>
    public static bool IsConfigurationError(string code) =>
        code is "SignatureDoesNotMatch" or "IncorrectDomainUser" or "InvalidDomainName.NoExist" or "InvalidTimeStamp.Expired"
        || code.StartsWith("InvalidAccessKeyId", StringComparison.Ordinal)
        || code.StartsWith("Forbidden", StringComparison.Ordinal)
        || code.StartsWith("QuotaExceeded.", StringComparison.Ordinal);

    /// <summary>Alidns refuses this change of this record set, and will again: retrying cannot help.</summary>
    public static bool IsRefusal(string code) =>
        code is "DomainRecordConflict" or "DomainRecordLocked" or "InvalidValue" or "DomainForbidden"
        || code.StartsWith("InvalidRR", StringComparison.Ordinal)
        || code.StartsWith("InvalidLine", StringComparison.Ordinal)
        || code.StartsWith("RecordForbidden", StringComparison.Ordinal);

    /// <summary>Another record (a CNAME, an explicit or implicit URL record) holds the name on the line.</summary>
    public static bool IsConflict(string code) => code == "DomainRecordConflict";

    public static string? Hint(string code) => code switch
    {
        "SignatureDoesNotMatch" => "The AccessKeySecret does not belong to this AccessKeyId: check both (no stray spaces or newlines).",
        _ when code.StartsWith("InvalidAccessKeyId", StringComparison.Ordinal) => "The AccessKeyId is unknown or disabled: check the key in the RAM console.",
        "InvalidTimeStamp.Expired" or "IllegalTimestamp" => "This machine's clock is more than 15 minutes off UTC: synchronise it (NTP).",
        _ when code.StartsWith("Forbidden", StringComparison.Ordinal) => "The RAM user may not call this action on this domain: attach the least-privilege policy from docs/providers.md.",
        "IncorrectDomainUser" or "InvalidDomainName.NoExist" => "The zone is not in this Alibaba Cloud account: check Zone and the account of the key.",
        "QuotaExceeded.TTL" => "Ttl is below this domain's edition minimum (600 s on the free and personal editions): raise Ttl.",
        "QuotaExceeded.ARecord" or "QuotaExceeded.Record" => "Too many A records for one name and line for this edition (10 on the free edition): use fewer sources.",
        "DomainRecordConflict" => "Another record holds the name on this line (a CNAME, or a URL forwarding record): delete it in the console, or set AdoptCname: true to let AliDdnsHa replace a CNAME.",
        "DomainRecordLocked" => "The record is locked in the console: unlock it there, or leave it (AliDdnsHa never changes a locked record).",
        _ when code.StartsWith("InvalidLine", StringComparison.Ordinal) => "This line is not offered by the domain's edition: check-config lists the lines it offers.",
        _ => null,
    };
}
