// Licensed under the MIT license.

using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using AliDdnsHa.Configuration;

namespace AliDdnsHa.Probing;

/// <summary>The HTTP side of a remote vantage: one pooled client with basic auth and an optional private CA, and
/// the mapping of every way a request can fail onto a <see cref="VantageFault"/>.</summary>
/// <remarks>Exception messages are not passed on verbatim: a fault names the kind of failure and the vantage's URL
/// (which never holds user info, the reader refuses it), so no credential can leak into logs or status.</remarks>
public sealed class VantageHttpClient : IDisposable
{
    private readonly HttpClient _client;
    private readonly TimeProvider _time;

    public VantageHttpClient(VantageOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        _time = timeProvider;
        BaseUrl = options.Url ?? throw new ArgumentException("a remote vantage needs a Url", nameof(options));
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            AutomaticDecompression = DecompressionMethods.GZip,
            MaxConnectionsPerServer = 256,
        };
        if (options.CaFile is { } caFile)
        {
            var authorities = new X509Certificate2Collection();
            authorities.ImportFromPemFile(caFile);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) => ValidateWithPrivateCa(certificate, errors, authorities);
        }

        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("AliDdnsHa", Diagnostics.ControllerMetrics.Version));
        if (options.Username is { } user && options.Password is { } password)
        {
            _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        }
    }

    public Uri BaseUrl { get; }

    /// <summary>GETs <paramref name="pathAndQuery"/> (relative to the base URL) within <paramref name="timeout"/>.
    /// Returns the body of a 2xx answer, or a fault. Only cancellation of <paramref name="cancellationToken"/> throws.</summary>
    public async Task<(string? Body, VantageFault? Fault)> GetAsync(
        string pathAndQuery, TimeSpan timeout, Action<HttpRequestMessage>? configure, CancellationToken cancellationToken)
    {
        var uri = new Uri(BaseUrl.AbsoluteUri.TrimEnd('/') + pathAndQuery);
        using var timeoutCts = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutCts.Token);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            configure?.Invoke(request);
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            var body = await response.Content.ReadAsStringAsync(linked.Token);
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                return (null, new VantageFault(VantageFault.AuthFailed, $"{BaseUrl} answered {(int)response.StatusCode} {response.ReasonPhrase}: check Username and Password"));
            }

            if (!response.IsSuccessStatusCode)
            {
                return (body, new VantageFault(VantageFault.HttpError, $"{BaseUrl} answered {(int)response.StatusCode} {response.ReasonPhrase}: {Shorten(body)}"));
            }

            return (body, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, new VantageFault(VantageFault.Timeout, $"{BaseUrl} did not answer within {timeout.TotalSeconds:0.###} s"));
        }
        catch (HttpRequestException ex) when (FindInner<AuthenticationException>(ex) is not null)
        {
            return (null, new VantageFault(VantageFault.TlsError, $"TLS with {BaseUrl} failed: the server's certificate is not trusted (expired, wrong name, or not signed by CaFile)"));
        }
        catch (HttpRequestException ex)
        {
            var reason = ex.HttpRequestError switch
            {
                HttpRequestError.ConnectionError => "cannot connect",
                HttpRequestError.NameResolutionError => "cannot resolve the host name",
                HttpRequestError.SecureConnectionError => "TLS failed",
                HttpRequestError.InvalidResponse or HttpRequestError.ResponseEnded => "the answer is not HTTP",
                _ => ex.HttpRequestError.ToString(),
            };
            var kind = ex.HttpRequestError == HttpRequestError.SecureConnectionError ? VantageFault.TlsError : VantageFault.Unreachable;
            return (null, new VantageFault(kind, $"{BaseUrl}: {reason}"));
        }
    }

    public void Dispose() => _client.Dispose();

    internal static string Shorten(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length <= 160 ? line : string.Concat(line.AsSpan(0, 157), "...");
    }

    private static bool ValidateWithPrivateCa(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection authorities)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        // A wrong host name or a missing certificate is never forgiven; only the chain is re-checked against the CA.
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }

    private static T? FindInner<T>(Exception ex)
        where T : Exception
    {
        for (var e = ex.InnerException; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }
        }

        return null;
    }
}
