// Licensed under the MIT license.

using System.Diagnostics.Metrics;

namespace AliDdnsHa.Web;

/// <summary>Hears from Kestrel's own metrics what it refused before a request reached us: a malformed, oversized or
/// too slow request (it answers 400, 408, 413, 414 or 431 and closes), a failed TLS handshake, a connection over its
/// limit. Each is counted and logged through <see cref="RefusalLog"/> by client, and bad requests count against the
/// client in <see cref="ConnectionAdmission"/>.</summary>
/// <remarks>Kestrel records <c>kestrel.connection.duration</c> when a connection ends, with <c>error.type</c> saying
/// why it was cut; the client key comes from the tag <see cref="ConnectionAdmission"/> adds. Only this host's Kestrel
/// is listened to (its meter comes from this host's <see cref="IMeterFactory"/>). A connection over Kestrel's own limit
/// is heard here too (<c>max_concurrent_connections_exceeded</c>); Kestrel also adds it to
/// <c>kestrel.rejected_connections</c>, which is not listened to, so it is counted once.</remarks>
internal sealed class KestrelRefusalListener : IDisposable
{
    private const string KestrelMeter = "Microsoft.AspNetCore.Server.Kestrel";

    private readonly MeterListener _listener = new();
    private readonly RefusalLog _refusals;
    private readonly ConnectionAdmission _admission;

    public KestrelRefusalListener(IMeterFactory meters, RefusalLog refusals, ConnectionAdmission admission)
    {
        _refusals = refusals;
        _admission = admission;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == KestrelMeter && ReferenceEquals(instrument.Meter.Scope, meters)
                && instrument.Name == "kestrel.connection.duration")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, _, tags, _) => OnConnectionEnded(tags));
        _listener.Start();
    }

    /// <summary>What an <c>error.type</c> of Kestrel's means to us; <see langword="null"/> for an ordinary end (a
    /// client that went away, an idle keep-alive connection closed).</summary>
    public static (RefusalReason Reason, string Detail)? Classify(string? errorType) => errorType switch
    {
        "invalid_request_line" => (RefusalReason.BadRequest, "bad request: malformed or too long request line"),
        "invalid_request_headers" => (RefusalReason.BadRequest, "bad request: malformed request headers"),
        "invalid_http_version" => (RefusalReason.BadRequest, "bad request: unsupported HTTP version"),
        "request_headers_timeout" => (RefusalReason.BadRequest, "bad request: headers not received in time"),
        "max_request_headers_total_size_exceeded" => (RefusalReason.BadRequest, "bad request: request headers too large"),
        "max_request_header_count_exceeded" => (RefusalReason.BadRequest, "bad request: too many request headers"),
        "max_request_body_size_exceeded" => (RefusalReason.BadRequest, "bad request: request body too large"),
        "min_request_body_data_rate" => (RefusalReason.BadRequest, "bad request: request body sent too slowly"),
        "unexpected_end_of_request_content" => (RefusalReason.BadRequest, "bad request: request body cut short"),
        "tls_not_supported" => (RefusalReason.BadRequest, "bad request: TLS sent to a plain HTTP port"),
        "tls_handshake_failed" => (RefusalReason.Tls, "TLS handshake failed"),
        "insufficient_tls_version" => (RefusalReason.Tls, "TLS version too old"),
        "max_concurrent_connections_exceeded" => (RefusalReason.TooManyConnections, "connection refused by Kestrel's own limit"),
        _ => null,
    };

    public void Dispose() => _listener.Dispose();

    private void OnConnectionEnded(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        string? errorType = null;
        var client = "unknown";
        foreach (var (key, value) in tags)
        {
            if (key == "error.type")
            {
                errorType = value as string;
            }
            else if (key == ConnectionAdmission.ClientTag && value is string tagged)
            {
                client = tagged;
            }
        }

        if (Classify(errorType) is not { } classified)
        {
            return;
        }

        var (reason, detail) = classified;
        _refusals.Refused(client, reason, detail);
        if (reason is RefusalReason.BadRequest or RefusalReason.Tls)
        {
            _admission.BadRequestFrom(client);
        }
    }
}
