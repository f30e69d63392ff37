// Licensed under the MIT license.

using Prometheus;

namespace AliDdnsHa.Hosting;

/// <summary><c>GET /metrics</c>: the text exposition, serialised into memory first and then sent in one write.</summary>
/// <remarks>
/// <para>prometheus-net's own middleware serialises straight into the response through a 16 KB buffer, so an 18 MB
/// exposition makes over a thousand awaited writes to Kestrel. Each write that has to wait for the socket resumes as a
/// thread-pool work item, queued behind the probe continuations of a busy engine. On 2 cores at 10,000 endpoints
/// each resumption waited tens of milliseconds, and one scrape took 45–93 s (90–155 s in our benchmark). Writing into a
/// <see cref="MemoryStream"/> never waits, so serialising takes milliseconds whatever the load. The finished body then
/// goes out in one write, with a known <c>Content-Length</c>.</para>
/// <para>Only serialising is done one scrape at a time. Sending is not: a scraper that stops reading holds its own
/// buffer and nothing else, so the next scrape is not delayed. A scrape ends at its own timeout, the
/// <c>X-Prometheus-Scrape-Timeout-Seconds</c> Prometheus sends (60 s without it): the connection is then aborted and its
/// buffer freed. Kestrel's minimum response data rate would not do it, as it averages over the whole write and a
/// stalled client has usually taken megabytes before it stopped. Up to two buffers are kept for the next scrapes, as
/// the exposition has about the same size each time.</para>
/// </remarks>
internal sealed class MetricsEndpoint(CollectorRegistry registry, TimeProvider timeProvider) : IDisposable
{
    private const string ContentType = "text/plain; version=0.0.4; charset=utf-8";
    private const int BuffersKept = 2;
    private static readonly TimeSpan s_defaultTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan s_maxTimeout = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim _serialise = new(1, 1);
    private readonly Lock _idleGate = new();
    private readonly Stack<MemoryStream> _idle = new();

    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var deadline = new CancellationTokenSource(TimeoutOf(context.Request), timeProvider);
        using var aborting = deadline.Token.Register(static c => ((HttpContext)c!).Abort(), context);
        var cancellationToken = context.RequestAborted;
        var buffer = Rent();
        try
        {
            if (await SerialiseAsync(buffer, cancellationToken) is { } failure)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                await context.Response.WriteAsync(failure, cancellationToken);
                return;
            }

            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = ContentType;
            context.Response.ContentLength = buffer.Length;
            await context.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken);
        }
        catch (Exception ex) when (deadline.IsCancellationRequested && ex is OperationCanceledException or IOException or Microsoft.AspNetCore.Connections.ConnectionAbortedException)
        {
            // The scrape's own timeout passed while its client was not reading; the connection is gone.
        }
        finally
        {
            Return(buffer);
        }
    }

    public void Dispose()
    {
        _serialise.Dispose();
        lock (_idleGate)
        {
            while (_idle.TryPop(out var buffer))
            {
                buffer.Dispose();
            }
        }
    }

    /// <summary>Fills <paramref name="buffer"/> with the exposition; the reason when a collector failed.</summary>
    private async Task<string?> SerialiseAsync(MemoryStream buffer, CancellationToken cancellationToken)
    {
        await _serialise.WaitAsync(cancellationToken);
        try
        {
            buffer.SetLength(0);
            await registry.CollectAndExportAsTextAsync(buffer, cancellationToken);
            return null;
        }
        catch (ScrapeFailedException ex)
        {
            return ex.Message;
        }
        finally
        {
            _serialise.Release();
        }
    }

    /// <summary>The scrape's timeout as Prometheus states it, within 1 s and 5 min; 60 s when not stated.</summary>
    private static TimeSpan TimeoutOf(HttpRequest request) =>
        double.TryParse(request.Headers["X-Prometheus-Scrape-Timeout-Seconds"], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds)
            ? TimeSpan.FromSeconds(Math.Clamp(seconds, 1, s_maxTimeout.TotalSeconds))
            : s_defaultTimeout;

    private MemoryStream Rent()
    {
        lock (_idleGate)
        {
            return _idle.TryPop(out var buffer) ? buffer : new MemoryStream();
        }
    }

    private void Return(MemoryStream buffer)
    {
        // Keep a buffer of about this size for next time, but let go of one a burst made far too large.
        if (buffer.Capacity <= 4 * Math.Max(buffer.Length, 1 << 20))
        {
            lock (_idleGate)
            {
                if (_idle.Count < BuffersKept)
                {
                    _idle.Push(buffer);
                    return;
                }
            }
        }

        buffer.Dispose();
    }
}
