// Licensed under the MIT license.

using System.Net;
using AliDdnsHa.Diagnostics;
using Microsoft.Extensions.Logging;

namespace AliDdnsHa.Controller;

public sealed partial class TargetController
{
    private static partial class Log
    {
        [LoggerMessage(LogEvents.Probing + 1, LogLevel.Information, "{Target}: endpoint {Source} {Endpoint} is Up; {Healthy} healthy ({Votes})", EventName = "EndpointUp")]
        public static partial void EndpointUp(ILogger logger, string target, string source, IPEndPoint endpoint, int healthy, string votes);

        [LoggerMessage(LogEvents.Probing + 2, LogLevel.Warning, "{Target}: endpoint {Source} {Endpoint} is Down, last probe {Result} ({Detail}); {Healthy} healthy ({Votes})", EventName = "EndpointDown")]
        public static partial void EndpointDown(ILogger logger, string target, string source, IPEndPoint endpoint, string result, string detail, int healthy, string votes);

        [LoggerMessage(LogEvents.Probing + 3, LogLevel.Error, "{Target}: probing endpoint {Source} {Endpoint} failed unexpectedly; it is probed again at its next slot", EventName = "ProbeFaulted")]
        public static partial void ProbeFaulted(ILogger logger, Exception exception, string target, string source, IPEndPoint endpoint);

        [LoggerMessage(LogEvents.Probing + 4, LogLevel.Information, "{Target}: for line {Line}, endpoint {Source} {Endpoint} is {State} ({Votes})", EventName = "EndpointLineVerdict")]
        public static partial void EndpointLineVerdict(ILogger logger, string target, string line, string source, IPEndPoint endpoint, string state, string votes);
    }
}
