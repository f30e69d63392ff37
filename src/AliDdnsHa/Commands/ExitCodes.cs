// Licensed under the MIT license.

namespace AliDdnsHa.Commands;

/// <summary>The process exit codes; documented in docs/operations.md.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int RuntimeError = 1;
    public const int InvalidConfiguration = 2;
}
