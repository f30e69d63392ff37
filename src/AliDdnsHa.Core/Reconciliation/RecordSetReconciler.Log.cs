// Licensed under the MIT license.

using System.Net;
using AliDdnsHa.Diagnostics;
using Microsoft.Extensions.Logging;

namespace AliDdnsHa.Reconciliation;

internal sealed partial class RecordSetReconciler
{
    private static partial class Log
    {
        [LoggerMessage(LogEvents.Reconcile + 1, LogLevel.Information, "{Target}: applying {Count} change(s): {Changes}", EventName = "Applying")]
        public static partial void Applying(ILogger logger, string target, int count, string changes);

        [LoggerMessage(LogEvents.Reconcile + 2, LogLevel.Information, "{Target}: provider confirmed {Count} change(s) in {ElapsedMs:F0} ms", EventName = "Applied")]
        public static partial void Applied(ILogger logger, string target, int count, double elapsedMs);

        [LoggerMessage(LogEvents.Reconcile + 3, LogLevel.Information, "{Target}: {Address} removed {Seconds:F1} s after its first failed probe", EventName = "FailoverCompleted")]
        public static partial void FailoverCompleted(ILogger logger, string target, IPAddress address, double seconds);

        [LoggerMessage(LogEvents.Reconcile + 4, LogLevel.Error, "{Target}: provider {Provider} {Operation} failed: {Code}: {Message}. {Hint} The record set is left as it stands; retried only at each resync until this is fixed", EventName = "ProviderConfigurationError")]
        public static partial void ProviderConfigurationError(ILogger logger, string target, string provider, string operation, string code, string message, string hint);

        [LoggerMessage(LogEvents.Reconcile + 5, LogLevel.Warning, "{Target}: provider {Provider} {Operation} failed: {Code}: {Message}; the record set is left as it stands and the change is retried", EventName = "ProviderFailed")]
        public static partial void ProviderFailed(ILogger logger, string target, string provider, string operation, string code, string message);

        [LoggerMessage(LogEvents.Reconcile + 6, LogLevel.Information, "{Target}: provider {Provider} answers again", EventName = "ProviderRecovered")]
        public static partial void ProviderRecovered(ILogger logger, string target, string provider);

        [LoggerMessage(LogEvents.Reconcile + 7, LogLevel.Warning, "{Target}: frozen: no vantage can see, so the {Count} published address(es) are left exactly as they are (WhenAllDown does not apply)", EventName = "TargetFrozen")]
        public static partial void Frozen(ILogger logger, string target, int count);

        [LoggerMessage(LogEvents.Reconcile + 8, LogLevel.Information, "{Target}: a vantage can see again; the record set follows the verdicts again", EventName = "TargetThawed")]
        public static partial void Thawed(ILogger logger, string target);

        [LoggerMessage(LogEvents.Reconcile + 10, LogLevel.Error, "{Target}: blocked: provider {Provider} refused the {Operation} for good: {Code}: {Message}. {Hint} The change is not sent again before {Until:u} (the next resync), a reload, or a change in the set wanted", EventName = "RecordSetBlocked")]
        public static partial void Blocked(ILogger logger, string target, string provider, string operation, string code, string message, string hint, DateTimeOffset until);

        [LoggerMessage(LogEvents.Reconcile + 11, LogLevel.Information, "{Target}: no longer blocked ({Code}): the provider accepts the record set again", EventName = "RecordSetUnblocked")]
        public static partial void Unblocked(ILogger logger, string target, string code);

        [LoggerMessage(LogEvents.Reconcile + 12, LogLevel.Information, "{Target}: the CNAME to {Value} waits to be replaced until the healthy set is known (now {Mode})", EventName = "CnameAdoptionWaits")]
        public static partial void AdoptionWaits(ILogger logger, string target, string value, string mode);

        [LoggerMessage(LogEvents.Reconcile + 13, LogLevel.Warning, "{Target}: the CNAME to {Value} was replaced by {Count} address record(s); the name had no record for {GapMs:F0} ms", EventName = "CnameAdopted")]
        public static partial void CnameAdopted(ILogger logger, string target, string value, int count, double gapMs);

        [LoggerMessage(LogEvents.Reconcile + 9, LogLevel.Warning, "{Target}: line {Line} has no healthy source of its own ({Down} down): {Mode} (WhenLineDown)", EventName = "LineFallback")]
        public static partial void LineFallback(ILogger logger, string target, string line, string mode, string down);
    }
}
