// Licensed under the MIT license.

namespace AliDdnsHa.Web;

/// <summary>Why the HTTP port refused a request or a connection: the <c>reason</c> label of
/// <c>aliddnsha_http_requests_refused_total</c>.</summary>
internal enum RefusalReason
{
    /// <summary>No credentials, or wrong ones (401).</summary>
    Auth,

    /// <summary>Too many refused credentials, or too many bad requests, from the client (429, or a refused connection).</summary>
    RateLimited,

    /// <summary>Kestrel refused the request as malformed, too large or too slow (400, 408, 413, 414, 431), or the
    /// request asked for something turned off (<c>POST /-/reload</c> without <c>Web.EnableLifecycle</c>, 403).</summary>
    BadRequest,

    /// <summary>The TLS handshake failed.</summary>
    Tls,

    /// <summary>The connection caps were reached.</summary>
    TooManyConnections,
}
