// Licensed under the MIT license.

namespace AliDdnsHa.Testing;

/// <summary>Files of this repository that tests check (the dashboard, alert rules), found from the test binaries.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> s_root = new(FindRoot);

    /// <summary>The folder holding <c>AliDdnsHa.sln</c>.</summary>
    public static string Root => s_root.Value;

    /// <summary>A path under the repository root, given with forward slashes.</summary>
    public static string Get(string relative) => Path.Combine([Root, .. relative.Split('/')]);

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "AliDdnsHa.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"AliDdnsHa.sln not found above {AppContext.BaseDirectory}.");
    }
}
