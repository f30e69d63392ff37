// Licensed under the MIT license.

using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace AliDdnsHa.Web;

/// <summary>Reads an exporter-toolkit web configuration file (the <c>--web.config.file</c> of node_exporter and
/// blackbox_exporter) strictly: unknown keys are errors, as they are in Go, and every problem is reported.</summary>
/// <remarks>Written by hand: no .NET package reads this format. Relative paths are resolved against the file's
/// folder, as exporter-toolkit does. The certificate, key and CA files are loaded here, so <c>check-config</c> reports
/// a key that does not match its certificate before the server starts.</remarks>
internal static partial class WebConfigReader
{
    private static readonly string[] s_rootKeys = ["tls_server_config", "http_server_config", "basic_auth_users"];
    // cipher_suites, curve_preferences and prefer_server_cipher_suites are known and ignored: .NET follows the system's
    // OpenSSL policy. Only the keys read below are looked at.
    private static readonly string[] s_tlsKeys = ["cert_file", "key_file", "client_auth_type", "client_ca_file", "min_version", "max_version", "cipher_suites", "curve_preferences", "prefer_server_cipher_suites"];
    private static readonly string[] s_unsupportedTlsKeys = ["cert", "key", "client_ca", "client_allowed_sans"];
    private static readonly string[] s_httpKeys = ["http2", "headers"];
    private static readonly string[] s_headers = ["Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "X-XSS-Protection", "Strict-Transport-Security"];

    /// <summary>Reads <paramref name="path"/>; the config is <see langword="null"/> when there are errors.</summary>
    public static (WebConfig? Config, IReadOnlyList<string> Errors) Read(string path)
    {
        var errors = new List<string>();
        var full = System.IO.Path.GetFullPath(path);
        YamlMappingNode root;
        try
        {
            var stream = new YamlStream();
            using (var reader = new StreamReader(full))
            {
                stream.Load(reader);
            }

            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
            {
                // An empty file is valid for exporter-toolkit: plain HTTP, no users.
                return (new WebConfig(full, null, new Dictionary<string, string>(), new Dictionary<string, string>(), true), errors);
            }

            if (stream.Documents[0].RootNode is not YamlMappingNode mapping)
            {
                errors.Add("must be a YAML mapping (tls_server_config, http_server_config, basic_auth_users)");
                return (null, errors);
            }

            root = mapping;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            errors.Add($"cannot be read: {ex.Message}");
            return (null, errors);
        }
        catch (YamlException ex)
        {
            errors.Add($"line {ex.Start.Line}, column {ex.Start.Column}: {ex.Message}");
            return (null, errors);
        }

        var folder = System.IO.Path.GetDirectoryName(full)!;
        CheckKeys(root, "", s_rootKeys, ["rate_limit"], errors);
        var tls = Child(root, "tls_server_config") is { } tlsNode ? ReadTls(tlsNode, folder, errors) : null;
        var (http2, headers) = Child(root, "http_server_config") is { } httpNode ? ReadHttp(httpNode, errors) : (true, new Dictionary<string, string>());
        var users = Child(root, "basic_auth_users") is { } usersNode ? ReadUsers(usersNode, errors) : [];
        return errors.Count > 0 ? (null, errors) : (new WebConfig(full, tls, users, headers, http2), errors);
    }

    private static WebTlsConfig? ReadTls(YamlNode node, string folder, List<string> errors)
    {
        if (node is not YamlMappingNode map)
        {
            errors.Add("tls_server_config: must be a mapping");
            return null;
        }

        CheckKeys(map, "tls_server_config.", s_tlsKeys, s_unsupportedTlsKeys, errors);
        var cert = PathOf(Scalar(map, "cert_file", "tls_server_config.", errors), folder);
        var key = PathOf(Scalar(map, "key_file", "tls_server_config.", errors), folder);
        var clientCa = PathOf(Scalar(map, "client_ca_file", "tls_server_config.", errors), folder);
        var authType = Scalar(map, "client_auth_type", "tls_server_config.", errors);
        if (cert is null && key is null && clientCa is null && authType is null)
        {
            // exporter-toolkit turns TLS on only when one of these is set.
            return null;
        }

        if (cert is null || key is null)
        {
            errors.Add("tls_server_config: both cert_file and key_file are required when TLS is configured");
        }

        var (mode, verify) = authType switch
        {
            null or "NoClientCert" => (ClientCertificateMode.NoCertificate, false),
            "RequestClientCert" => (ClientCertificateMode.AllowCertificate, false),
            "RequireAnyClientCert" or "RequireClientCert" => (ClientCertificateMode.RequireCertificate, false),
            "VerifyClientCertIfGiven" => (ClientCertificateMode.AllowCertificate, true),
            "RequireAndVerifyClientCert" => (ClientCertificateMode.RequireCertificate, true),
            _ => Invalid(errors, $"tls_server_config.client_auth_type: '{authType}' is not one of NoClientCert, RequestClientCert, RequireAnyClientCert, VerifyClientCertIfGiven, RequireAndVerifyClientCert"),
        };
        if (clientCa is not null && authType is null)
        {
            errors.Add("tls_server_config.client_ca_file: set client_auth_type too (RequireAndVerifyClientCert verifies clients against it)");
        }

        if (verify && clientCa is null)
        {
            errors.Add($"tls_server_config.client_ca_file: is required with client_auth_type {authType}");
        }

        var min = Version(Scalar(map, "min_version", "tls_server_config.", errors), "min_version", SslProtocols.Tls12, errors);
        var max = Version(Scalar(map, "max_version", "tls_server_config.", errors), "max_version", SslProtocols.Tls13, errors);
        if (min > max)
        {
            errors.Add("tls_server_config.min_version: is above max_version");
        }

        if (cert is not null && key is not null)
        {
            try
            {
                using var loaded = X509Certificate2.CreateFromPemFile(cert, key);
                if (!loaded.HasPrivateKey)
                {
                    errors.Add($"tls_server_config.key_file: '{key}' holds no private key");
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
            {
                // The messages name the file and what is wrong with it, never key material.
                errors.Add($"tls_server_config.cert_file/key_file: cannot load '{cert}' with '{key}': {ex.Message}");
            }
        }

        if (clientCa is not null)
        {
            try
            {
                var bundle = new X509Certificate2Collection();
                bundle.ImportFromPemFile(clientCa);
                if (bundle.Count == 0)
                {
                    errors.Add($"tls_server_config.client_ca_file: '{clientCa}' holds no certificate");
                }

                foreach (var ca in bundle)
                {
                    ca.Dispose();
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
            {
                errors.Add($"tls_server_config.client_ca_file: cannot load '{clientCa}': {ex.Message}");
            }
        }

        var protocols = SslProtocols.None;
        if (min <= SslProtocols.Tls12 && max >= SslProtocols.Tls12)
        {
            protocols |= SslProtocols.Tls12;
        }

        if (max >= SslProtocols.Tls13)
        {
            protocols |= SslProtocols.Tls13;
        }

        return new WebTlsConfig(cert ?? "", key ?? "", clientCa, mode, verify, protocols);
    }

    private static (bool Http2, Dictionary<string, string> Headers) ReadHttp(YamlNode node, List<string> errors)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (node is not YamlMappingNode map)
        {
            errors.Add("http_server_config: must be a mapping");
            return (true, headers);
        }

        CheckKeys(map, "http_server_config.", s_httpKeys, [], errors);
        var http2 = true;
        if (Scalar(map, "http2", "http_server_config.", errors) is { } text && !bool.TryParse(text, out http2))
        {
            errors.Add($"http_server_config.http2: '{text}' is not true or false");
            http2 = true;
        }

        if (Child(map, "headers") is YamlMappingNode headerMap)
        {
            foreach (var (nameNode, valueNode) in headerMap.Children)
            {
                var name = ((YamlScalarNode)nameNode).Value ?? "";
                var value = (valueNode as YamlScalarNode)?.Value ?? "";
                var known = s_headers.FirstOrDefault(h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase));
                if (known is null)
                {
                    errors.Add($"http_server_config.headers.{name}: not allowed (allowed: {string.Join(", ", s_headers)})");
                }
                else if (known == "X-Frame-Options" && !value.Equals("deny", StringComparison.OrdinalIgnoreCase) && !value.Equals("sameorigin", StringComparison.OrdinalIgnoreCase))
                {
                    errors.Add($"http_server_config.headers.{name}: '{value}' is not deny or sameorigin");
                }
                else if (known == "X-Content-Type-Options" && !value.Equals("nosniff", StringComparison.OrdinalIgnoreCase))
                {
                    errors.Add($"http_server_config.headers.{name}: '{value}' is not nosniff");
                }
                else
                {
                    headers[known] = value;
                }
            }
        }
        else if (Child(map, "headers") is { } other and not YamlScalarNode { Value: null or "" })
        {
            errors.Add($"http_server_config.headers: must be a mapping, not {other.NodeType}");
        }

        return (http2, headers);
    }

    private static Dictionary<string, string> ReadUsers(YamlNode node, List<string> errors)
    {
        var users = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is YamlScalarNode { Value: null or "" })
        {
            return users;
        }

        if (node is not YamlMappingNode map)
        {
            errors.Add("basic_auth_users: must be a mapping of user name to bcrypt hash");
            return users;
        }

        foreach (var (nameNode, hashNode) in map.Children)
        {
            var name = ((YamlScalarNode)nameNode).Value ?? "";
            var hash = (hashNode as YamlScalarNode)?.Value ?? "";
            if (name.Length == 0 || name.Contains(':', StringComparison.Ordinal))
            {
                errors.Add($"basic_auth_users: '{name}' is not a user name basic auth can carry (empty, or contains ':')");
            }
            else if (!BcryptHash().IsMatch(hash))
            {
                // Never echo the value: a user may have pasted a password instead of its hash.
                errors.Add($"basic_auth_users.{name}: is not a bcrypt hash ($2a$, $2b$ or $2y$, cost 04-31); make one with: htpasswd -nBC 10 \"\" | tr -d ':\\n'");
            }
            else
            {
                users[name] = hash;
            }
        }

        return users;
    }

    private static (ClientCertificateMode, bool) Invalid(List<string> errors, string message)
    {
        errors.Add(message);
        return (ClientCertificateMode.NoCertificate, false);
    }

    private static SslProtocols Version(string? text, string key, SslProtocols fallback, List<string> errors)
    {
        switch (text)
        {
            case null:
                return fallback;
            case "TLS12":
                return SslProtocols.Tls12;
            case "TLS13":
                return SslProtocols.Tls13;
            case "TLS10" or "TLS11":
                errors.Add($"tls_server_config.{key}: {text} is not offered by AliDdnsHa (deprecated by RFC 8996); use TLS12 or TLS13");
                return fallback;
            default:
                errors.Add($"tls_server_config.{key}: '{text}' is not one of TLS12, TLS13");
                return fallback;
        }
    }

    private static string? PathOf(string? value, string folder) =>
        value is null ? null : System.IO.Path.GetFullPath(System.IO.Path.Combine(folder, value));

    private static YamlNode? Child(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    private static string? Scalar(YamlMappingNode map, string key, string prefix, List<string> errors)
    {
        switch (Child(map, key))
        {
            case null:
                return null;
            case YamlScalarNode scalar:
                return string.IsNullOrWhiteSpace(scalar.Value) ? null : scalar.Value.Trim();
            default:
                errors.Add($"{prefix}{key}: must be a single value");
                return null;
        }
    }

    private static void CheckKeys(YamlMappingNode map, string prefix, string[] known, string[] unsupported, List<string> errors)
    {
        foreach (var keyNode in map.Children.Keys)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            if (unsupported.Contains(key, StringComparer.Ordinal))
            {
                errors.Add(key == "rate_limit"
                    ? "rate_limit: not supported: AliDdnsHa limits refused credentials per client address instead (Web.MaxAuthFailures), so a guesser cannot lock everyone out as one shared limit would; see docs/security.md"
                    : $"{prefix}{key}: not supported by AliDdnsHa; use cert_file, key_file and client_ca_file");
            }
            else if (!known.Contains(key, StringComparer.Ordinal))
            {
                errors.Add($"{prefix}{key}: unknown setting (known here: {string.Join(", ", known)})");
            }
        }
    }

    [GeneratedRegex(@"^\$2[aby]\$(0[4-9]|[12][0-9]|3[01])\$[./A-Za-z0-9]{53}$", RegexOptions.CultureInvariant)]
    private static partial Regex BcryptHash();
}
