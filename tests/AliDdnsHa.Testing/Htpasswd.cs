// Licensed under the MIT license.

namespace AliDdnsHa.Testing;

/// <summary>bcrypt hashes made as users make them for a web config: <c>htpasswd -nbBC 10</c> (apache2-utils).</summary>
public static class Htpasswd
{
    /// <summary>The cost-10 bcrypt hash of <paramref name="password"/>, as it goes in <c>basic_auth_users</c>.</summary>
    public static async Task<string> HashAsync(string user, string password, CancellationToken cancellationToken = default)
    {
        var result = await ProcessRunner.RunAsync(ExternalTool.Find("htpasswd"), ["-nbBC", "10", user, password], cancellationToken: cancellationToken);
        return result.ExitCode == 0
            ? result.StandardOutput.Trim().Split(':', 2)[1]
            : throw new InvalidOperationException($"htpasswd failed: {result}");
    }
}
