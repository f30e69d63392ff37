// Licensed under the MIT license.

namespace AliDdnsHa.Diagnostics;

/// <summary>The kinds of <see cref="ControllerEvent"/>; the names are stable API (notification <c>Events</c> filters,
/// <c>/api/events</c>).</summary>
public static class ControllerEventKinds
{
    public const string EndpointDown = "endpoint_down";
    public const string EndpointUp = "endpoint_up";
    public const string RecordsChanged = "records_changed";
    public const string ProviderError = "provider_error";
    public const string ProviderRecovered = "provider_recovered";
    public const string Frozen = "frozen";
    public const string Thawed = "thawed";
    public const string ConfigReloaded = "config_reloaded";
    public const string ConfigReloadFailed = "config_reload_failed";
    public const string Blocked = "blocked";
    public const string Unblocked = "unblocked";
    public const string CnameAdopted = "cname_adopted";

    /// <summary>Every kind, in the order docs/operations.md lists them.</summary>
    public static IReadOnlyList<string> All { get; } =
        [EndpointDown, EndpointUp, RecordsChanged, ProviderError, ProviderRecovered, Frozen, Thawed, ConfigReloaded, ConfigReloadFailed, Blocked, Unblocked, CnameAdopted];
}
