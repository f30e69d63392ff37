// Licensed under the MIT license.

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AliDdnsHa.Diagnostics;

namespace AliDdnsHa.Web;

/// <summary>The web configuration in force, read again when its file changes, as exporter-toolkit reads it on
/// every request: new users and headers apply at once, and a renewed certificate on the next TLS handshake.</summary>
/// <remarks>The file's modification time is checked at most once a second. When the file no longer reads, requests
/// get 500 (as in exporter-toolkit) instead of falling back to no auth; a certificate that no longer loads keeps the
/// previous one and is logged. TLS on or off, the client-auth mode and HTTP/2 are fixed at start-up.
/// A certificate that was replaced is disposed once no handshake can still hold it: Kestrel gives up on a handshake
/// after <see cref="HandshakeTimeout"/>, so one that picked the old certificate has ended by then.</remarks>
internal sealed partial class WebConfigSource : IDisposable
{
    private static readonly TimeSpan s_checkEvery = TimeSpan.FromSeconds(1);

    /// <summary>How long a TLS handshake may take (set on Kestrel, whose default is the same 10 s).</summary>
    public static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(10);

    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly List<(X509Certificate2 Certificate, DateTimeOffset DisposeAt)> _retired = [];
    private WebConfig? _current;
    private DateTime _fileStamp;
    private DateTimeOffset _nextCheck;
    private X509Certificate2? _certificate;
    private (DateTime Cert, DateTime Key) _certStamp;
    private X509Certificate2Collection? _clientCas;
    private ITimer? _retirement;

    public WebConfigSource(WebConfig initial, TimeProvider timeProvider, ILogger<WebConfigSource> logger)
    {
        ArgumentNullException.ThrowIfNull(initial);
        Initial = initial;
        _current = initial;
        _time = timeProvider;
        _logger = logger;
        _fileStamp = Stamp(initial.Path);
        _nextCheck = timeProvider.GetUtcNow() + s_checkEvery;
        if (initial.Tls is { } tls)
        {
            _certificate = LoadCertificate(tls);
            _certStamp = (Stamp(tls.CertFile), Stamp(tls.KeyFile));
            _clientCas = LoadClientCas(tls);
        }
    }

    /// <summary>The configuration read at start-up: it decides TLS, client auth and HTTP/2.</summary>
    public WebConfig Initial { get; }

    /// <summary>The configuration in force, or <see langword="null"/> when the file no longer reads.</summary>
    public WebConfig? Current
    {
        get
        {
            var now = _time.GetUtcNow();
            lock (_gate)
            {
                if (now >= _nextCheck)
                {
                    _nextCheck = now + s_checkEvery;
                    var stamp = Stamp(Initial.Path);
                    if (stamp != _fileStamp)
                    {
                        _fileStamp = stamp;
                        var (config, errors) = WebConfigReader.Read(Initial.Path);
                        _current = config;
                        if (config is null)
                        {
                            Log.Invalid(_logger, Initial.Path, string.Join("; ", errors));
                        }
                        else
                        {
                            Log.Reloaded(_logger, Initial.Path, config.Users.Count);
                        }
                    }
                }

                return _current;
            }
        }
    }

    /// <summary>The server certificate for a new TLS connection, loaded again when its files change.</summary>
    public X509Certificate2? ServerCertificate()
    {
        var tls = Current?.Tls ?? Initial.Tls;
        if (tls is null)
        {
            return null;
        }

        lock (_gate)
        {
            var stamp = (Stamp(tls.CertFile), Stamp(tls.KeyFile));
            if (stamp != _certStamp)
            {
                _certStamp = stamp;
                try
                {
                    var fresh = LoadCertificate(tls);
                    Retire(_certificate);
                    _certificate = fresh;
                    Log.CertificateLoaded(_logger, tls.CertFile, fresh.Subject, fresh.NotAfter);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
                {
                    Log.CertificateFailed(_logger, tls.CertFile, ex.Message);
                }
            }

            return _certificate;
        }
    }

    /// <summary>Whether a client certificate chains to the configured client CA bundle.</summary>
    public bool IsTrustedClient(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (_clientCas is null)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_clientCas);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid("1.3.6.1.5.5.7.3.2"));
        return chain.Build(certificate);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _retirement?.Dispose();
            foreach (var (certificate, _) in _retired)
            {
                certificate.Dispose();
            }

            _retired.Clear();
        }

        _certificate?.Dispose();
        foreach (var ca in _clientCas ?? [])
        {
            ca.Dispose();
        }
    }

    /// <summary>Schedules <paramref name="certificate"/> for disposal once a handshake that picked it has ended.
    /// Called under the gate.</summary>
    private void Retire(X509Certificate2? certificate)
    {
        if (certificate is null)
        {
            return;
        }

        // One more second than the timeout: a handshake that began just before the swap ends by then.
        _retired.Add((certificate, _time.GetUtcNow() + HandshakeTimeout + TimeSpan.FromSeconds(1)));
        _retirement ??= _time.CreateTimer(_ => DisposeRetired(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _retirement.Change(HandshakeTimeout + TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
    }

    private void DisposeRetired()
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            foreach (var (certificate, _) in _retired.Where(r => r.DisposeAt <= now))
            {
                certificate.Dispose();
            }

            _retired.RemoveAll(r => r.DisposeAt <= now);
            if (_retired.Count > 0)
            {
                _retirement?.Change(_retired.Min(r => r.DisposeAt) - now, Timeout.InfiniteTimeSpan);
            }
        }
    }

    private static X509Certificate2 LoadCertificate(WebTlsConfig tls)
    {
        // Kestrel on Linux takes an ephemeral PEM key as is; no export round trip is needed there.
        return X509Certificate2.CreateFromPemFile(tls.CertFile, tls.KeyFile);
    }

    private static X509Certificate2Collection? LoadClientCas(WebTlsConfig tls)
    {
        if (tls.ClientCaFile is null)
        {
            return null;
        }

        var bundle = new X509Certificate2Collection();
        bundle.ImportFromPemFile(tls.ClientCaFile);
        return bundle;
    }

    private static DateTime Stamp(string path)
    {
        try
        {
            return File.GetLastWriteTimeUtc(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return DateTime.MinValue;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(LogEvents.Web + 1, LogLevel.Information, "Web config {Path} read again: {Users} basic auth user(s)", EventName = "WebConfigReloaded")]
        public static partial void Reloaded(ILogger logger, string path, int users);

        [LoggerMessage(LogEvents.Web + 2, LogLevel.Error, "Web config {Path} no longer reads; requests get 500 until it is fixed: {Problems}", EventName = "WebConfigInvalid")]
        public static partial void Invalid(ILogger logger, string path, string problems);

        [LoggerMessage(LogEvents.Web + 3, LogLevel.Information, "TLS certificate {Path} loaded: {Subject}, valid until {NotAfter:u}", EventName = "WebCertificateLoaded")]
        public static partial void CertificateLoaded(ILogger logger, string path, string subject, DateTime notAfter);

        [LoggerMessage(LogEvents.Web + 4, LogLevel.Error, "TLS certificate {Path} does not load; the previous one stays in use: {Reason}", EventName = "WebCertificateFailed")]
        public static partial void CertificateFailed(ILogger logger, string path, string reason);
    }
}
