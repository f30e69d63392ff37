// Licensed under the MIT license.

namespace AliDdnsHa.Testing;

/// <summary>The outcome of a finished child process.</summary>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    public override string ToString() => $"exit {ExitCode}\n{StandardOutput}\n{StandardError}";
}
