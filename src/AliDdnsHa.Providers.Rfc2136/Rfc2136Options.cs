// Licensed under the MIT license.

using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;

namespace AliDdnsHa.Providers.Rfc2136;

/// <summary>The settings of one <c>Type: Rfc2136</c> provider, validated. <see cref="ToString"/> never shows the secret.</summary>
public sealed class Rfc2136Options
{
    /// <summary>The primary server's host name or address.</summary>
    public string ServerHost { get; set; } = "";

    public int ServerPort { get; set; } = 53;

    /// <summary>The zone updates are sent for (the UPDATE message's zone section).</summary>
    public DomainName Zone { get; set; } = DomainName.Root;

    /// <summary>The TSIG key name; <see langword="null"/> sends unsigned messages (servers that allow updates by address).</summary>
    public DomainName? TsigKeyName { get; set; }

    public TSigAlgorithm TsigAlgorithm { get; set; } = TSigAlgorithm.Sha256;

    /// <summary>The decoded TSIG secret.</summary>
    internal byte[] TsigSecret { get; set; } = [];

    /// <summary>Where the secret came from (for messages; never the value).</summary>
    public string? TsigSecretSource { get; set; }

    public Rfc2136Transport Transport { get; set; } = Rfc2136Transport.Tcp;

    /// <summary>How long one attempt waits for an answer.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Attempts per operation for transient failures (timeouts, SERVFAIL, connection errors).</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>The most time spent waiting between attempts of one operation.</summary>
    public TimeSpan RetryBudget { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Each line's settings (a BIND view chosen by the TSIG key): these settings with the line's own key.</summary>
    public IReadOnlyDictionary<string, Rfc2136Options> Lines { get; set; } = new Dictionary<string, Rfc2136Options>(StringComparer.Ordinal);

    /// <summary>A copy of the server settings without a key, for a line to get its own.</summary>
    internal Rfc2136Options WithoutKey() => new()
    {
        ServerHost = ServerHost,
        ServerPort = ServerPort,
        Zone = Zone,
        Transport = Transport,
        Timeout = Timeout,
        MaxAttempts = MaxAttempts,
        RetryBudget = RetryBudget,
    };

    /// <summary>The server as written in messages: <c>host:port</c>.</summary>
    public string Server => ServerHost.Contains(':', StringComparison.Ordinal) ? $"[{ServerHost}]:{ServerPort}" : $"{ServerHost}:{ServerPort}";

    public override string ToString() =>
        $"Rfc2136 {{ Server = {Server}, Zone = {Zone}, TsigKeyName = {TsigKeyName?.ToString() ?? "(none)"}, TsigAlgorithm = {Rfc2136Algorithms.Name(TsigAlgorithm)}, TsigSecret = {(TsigSecret.Length > 0 ? "***" : "(none)")}, Transport = {Transport}, Timeout = {Timeout}{(Lines.Count == 0 ? "" : $", Lines = [{string.Join(", ", Lines.Select(l => $"{l.Key}: {l.Value.TsigKeyName}"))}]")} }}";
}
