// Licensed under the MIT license.

using System.Net;
using AliDdnsHa.Diagnostics;
using Microsoft.Extensions.Logging;

namespace AliDdnsHa.Controller;

public sealed partial class TargetController
{
    private static partial class Log
    {
        [LoggerMessage(LogEvents.Discovery + 1, LogLevel.Warning, "{Target}: lookup of source {Source} failed: {Error}; keeping its {Count} last known address(es)", EventName = "DiscoveryFailed")]
        public static partial void DiscoveryFailed(ILogger logger, string target, string source, string error, int count);

        [LoggerMessage(LogEvents.Discovery + 2, LogLevel.Warning, "{Target}: source {Source} moved from [{Previous}] to [{Current}]; old address withdrawn, new one on probation", EventName = "SourceMoved")]
        public static partial void SourceMoved(ILogger logger, string target, string source, string previous, string current);

        [LoggerMessage(LogEvents.Probing + 1, LogLevel.Information, "{Target}: endpoint {Source} {Endpoint} is Up; {Healthy} healthy", EventName = "EndpointUp")]
        public static partial void EndpointUp(ILogger logger, string target, string source, IPEndPoint endpoint, int healthy);

        [LoggerMessage(LogEvents.Probing + 2, LogLevel.Warning, "{Target}: endpoint {Source} {Endpoint} is Down, last probe {Result} ({Detail}); {Healthy} healthy", EventName = "EndpointDown")]
        public static partial void EndpointDown(ILogger logger, string target, string source, IPEndPoint endpoint, string result, string detail, int healthy);

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
    }
}
