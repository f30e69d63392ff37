// Licensed under the MIT license.

using Prometheus;

namespace AliDdnsHa.Hosting;

/// <summary><c>GET /metrics</c>: the text exposition, serialised into memory first and then sent in one write.</summary>
/// <remarks>
/// prometheus-net's own middleware serialises straight into the response through a 16 KB buffer, so an 18 MB
/// exposition makes over a thousand awaited writes to Kestrel. Each write that has to wait for the socket resumes as a
/// thread-pool work item, queued behind the probe continuations of a busy engine. On 2 cores at 10,000 endpoints
/// each resumption waited tens of milliseconds, and one scrape took 45–93 s (90–155 s in our benchmark). Writing into a <see cref="MemoryStream"/> never waits, so serialising takes
/// milliseconds whatever the load. The finished body then goes out in one write, with a known
/// <c>Content-Length</c>. The buffer is kept for the next scrape: the exposition has about the same size each time.
/// </remarks>
internal sealed class MetricsEndpoint(CollectorRegistry registry) : IDisposable
{
    private const string ContentType = "text/plain; version=0.0.4; charset=utf-8";
    private readonly SemaphoreSlim _gate = new(1, 1);
    private MemoryStream _buffer = new();

    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var cancellationToken = context.RequestAborted;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _buffer.SetLength(0);
            try
            {
                await registry.CollectAndExportAsTextAsync(_buffer, cancellationToken);
            }
            catch (ScrapeFailedException ex)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                await context.Response.WriteAsync(ex.Message, cancellationToken);
                return;
            }

            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = ContentType;
            context.Response.ContentLength = _buffer.Length;
            await context.Response.Body.WriteAsync(_buffer.GetBuffer().AsMemory(0, (int)_buffer.Length), cancellationToken);

            // Keep a buffer of about this size for next time, but let go of one a burst made far too large.
            if (_buffer.Capacity > 4 * Math.Max(_buffer.Length, 1 << 20))
            {
                _buffer.Dispose();
                _buffer = new MemoryStream();
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _gate.Dispose();
        _buffer.Dispose();
    }
}
