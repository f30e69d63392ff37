// Licensed under the MIT license.

namespace AliDdnsHa.Testing;

/// <summary>Code blocks of the documentation (README.md and docs/*.md), so tests run the snippets users copy and the
/// docs cannot drift from what works.</summary>
public static class DocSnippet
{
    /// <summary>The body of the first fenced block of <paramref name="page"/> (a path under the repository root, such as
    /// <c>docs/providers.md</c>) whose first line starts with <paramref name="firstLine"/>.</summary>
    public static string Get(string page, string firstLine)
    {
        var lines = File.ReadAllLines(RepositoryPaths.Get(page));
        for (var i = 0; i < lines.Length - 1; i++)
        {
            if (lines[i].StartsWith("```", StringComparison.Ordinal) && lines[i + 1].StartsWith(firstLine, StringComparison.Ordinal))
            {
                var end = Array.FindIndex(lines, i + 1, l => l.StartsWith("```", StringComparison.Ordinal));
                return string.Join('\n', lines[(i + 1)..end]) + "\n";
            }
        }

        throw new InvalidOperationException($"{page} has no code block starting with '{firstLine}'");
    }
}
