// Licensed under the MIT license.

namespace AliDdnsHa.Configuration;

/// <summary>The default values of every option, in one place.</summary>
public static class OptionDefaults
{
    public const int Ttl = 600;
    public const int FailureThreshold = 3;
    public const int SuccessThreshold = 2;
    public const WhenAllDownPolicy WhenAllDown = WhenAllDownPolicy.PublishAll;
    public const string ConfigPath = "config/aliddnsha.yaml";
    public const string EnvironmentPrefix = "ALIDDNSHA__";
    public const int HttpPort = 9464;

    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan FastInterval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan ResyncInterval = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan DiscoveryInterval = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan ResolverTimeout = TimeSpan.FromSeconds(3);
}
