// Licensed under the MIT license.

namespace AliDdnsHa.Testing;

/// <summary>A real authoritative DNS server started by a test: primary for <c>example.test</c>, taking updates signed
/// with one hmac-sha256 key.</summary>
public interface IAuthoritativeServer : IAsyncDisposable
{
    /// <summary><c>127.0.0.1:port</c>.</summary>
    string Server { get; }

    int Port { get; }

    /// <summary>The key's base64 secret.</summary>
    string Secret { get; }

    /// <summary>What the server logged so far (for failure messages).</summary>
    string Log { get; }

    Task<IReadOnlyList<string>> DigAsync(string name, string type = "A", CancellationToken cancellationToken = default);
}
