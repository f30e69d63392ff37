// Licensed under the MIT license.

namespace AliDdnsHa.Web;

/// <summary>An exporter-toolkit web configuration file, as read (see <see cref="WebConfigReader"/>).</summary>
/// <param name="Path">The file's full path.</param>
/// <param name="Tls">The TLS settings, or <see langword="null"/> for plain HTTP.</param>
/// <param name="Users">Basic auth users and their bcrypt hashes (ordinal, case-sensitive names); empty means no auth.</param>
/// <param name="Headers">Response headers from <c>http_server_config.headers</c>.</param>
/// <param name="Http2">Whether HTTP/2 is offered over TLS.</param>
internal sealed record WebConfig(
    string Path,
    WebTlsConfig? Tls,
    IReadOnlyDictionary<string, string> Users,
    IReadOnlyDictionary<string, string> Headers,
    bool Http2);
