// Licensed under the MIT license.

using System.Net;

namespace AliDdnsHa.Configuration;

/// <summary>One point of view from which endpoints are probed (an entry of the top-level <c>Vantages</c> map).</summary>
/// <remarks><see cref="ToString"/> never shows the password.</remarks>
public sealed class VantageOptions
{
    /// <summary>The implicit vantage of a configuration without a <c>Vantages</c> section.</summary>
    public const string ImplicitLocalName = "local";

    /// <summary>The key in the <c>Vantages</c> map; used in metrics, logs and status.</summary>
    public string Name { get; set; } = "";

    public VantageType Type { get; set; } = VantageType.Local;

    /// <summary>Control targets that should always answer. <c>IP:port</c> for Local and Blackbox, a PromQL
    /// expression that must return a fresh 1 for Prometheus.</summary>
    public List<string> Canaries { get; set; } = [];

    /// <summary>Local: bind each probe socket to this local address (send the probe out of one chosen line).</summary>
    public IPAddress? SourceAddress { get; set; }

    /// <summary>Blackbox: the exporter's base URL; Prometheus: the server's base URL.</summary>
    public Uri? Url { get; set; }

    /// <summary>Blackbox: the module to probe with.</summary>
    /// <value>The default value is <c>tcp_connect</c>.</value>
    public string Module { get; set; } = "tcp_connect";

    /// <summary>Basic-auth user name (Blackbox and Prometheus).</summary>
    public string? Username { get; set; }

    /// <summary>Basic-auth password: from <c>Password</c> (or its environment variable) or read from <c>PasswordFile</c>.</summary>
    internal string? Password { get; set; }

    /// <summary>Where the password came from, for messages: "Password" or the file's path.</summary>
    public string? PasswordSource { get; set; }

    /// <summary>A PEM file of the CA (or self-signed certificate) that signed the server's certificate.</summary>
    public string? CaFile { get; set; }

    /// <summary>Prometheus: the query per endpoint, with placeholders <c>{address}</c>, <c>{port}</c>, <c>{source}</c>, <c>{target}</c>.</summary>
    public string? Query { get; set; }

    /// <summary>Prometheus: a sample older than this is a failed probe.</summary>
    /// <value>The default value is 2 min.</value>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The vantage of a configuration without a <c>Vantages</c> section: this machine, no canaries.</summary>
    public static VantageOptions ImplicitLocal() => new() { Name = ImplicitLocalName, Type = VantageType.Local, IsImplicit = true };

    /// <summary>True for the vantage made up when the configuration has no <c>Vantages</c> section.</summary>
    public bool IsImplicit { get; set; }

    public override string ToString() =>
        $"{Name} ({Type}{(Url is null ? "" : $" {Url}")}{(Username is null ? "" : $", user {Username}, password {(Password is null ? "(none)" : "***")}")})";
}
