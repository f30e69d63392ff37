// Licensed under the MIT license.

namespace AliDdnsHa.Dns;

/// <summary>One result of a provider preflight: an error stops <c>run</c> and fails <c>check-config</c>; a warning is printed.</summary>
public sealed record PreflightFinding(bool IsError, string Path, string Message)
{
    public override string ToString() => $"{(IsError ? "" : "warning: ")}{Path}: {Message}";
}
