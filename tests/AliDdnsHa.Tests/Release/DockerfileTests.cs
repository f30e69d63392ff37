// Licensed under the MIT license.

using System.Text.RegularExpressions;
using AliDdnsHa.Hosting;
using AliDdnsHa.Testing;

namespace AliDdnsHa.Tests.Release;

/// <summary>The Dockerfile, read as Docker would (no engine runs here): what it copies exists and is not ignored, it
/// builds with scripts/publish.sh, and the image runs the binary as a non-root user with a shell-free health check.</summary>
public sealed partial class DockerfileTests
{
    private static readonly string[] s_lines = [.. Instructions(File.ReadAllText(RepositoryPaths.Get("Dockerfile")))];

    [Fact]
    public void Build_UsesThePublishScript_OnTheAotSdk_ForTheTargetArchitecture()
    {
        Assert.Contains(s_lines, l => l.StartsWith("FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:", StringComparison.Ordinal) && l.Contains("-aot AS build", StringComparison.Ordinal));
        Assert.Contains(s_lines, l => l.StartsWith("RUN bash scripts/install-cross-toolchain.sh \"$TARGETARCH\"", StringComparison.Ordinal));
        Assert.Contains(s_lines, l => l.StartsWith("RUN bash scripts/publish.sh --output /out \"linux-${TARGETARCH/amd64/x64}\"", StringComparison.Ordinal));
        Assert.Contains(s_lines, l => l.StartsWith("SHELL [\"/bin/bash\"", StringComparison.Ordinal)); // ${TARGETARCH/...} is bash
    }

    [Fact]
    public void Image_IsChiseledNonRootWithExecFormEntrypointAndHealthcheck()
    {
        var final = s_lines.SkipWhile(l => !l.StartsWith("FROM mcr.microsoft.com/dotnet/runtime-deps:", StringComparison.Ordinal)).ToList();

        Assert.Contains("-noble-chiseled", final[0], StringComparison.Ordinal);
        Assert.Contains("USER $APP_UID", final);
        Assert.Contains("WORKDIR /", final); // config/aliddnsha.yaml -> /config/aliddnsha.yaml, ./data -> /data
        Assert.Contains($"EXPOSE {new Uri(ControllerHost.DefaultUrls).Port}", final);
        Assert.Contains("STOPSIGNAL SIGTERM", final);
        Assert.Contains("ENTRYPOINT [\"/app/aliddnsha\"]", final);
        Assert.Contains("CMD [\"run\"]", final);
        Assert.Single(final, l => HealthcheckExec().IsMatch(l));
        Assert.Contains(final, l => l.StartsWith("COPY --from=build --chown=1654:1654 /rootfs/data/ /data/", StringComparison.Ordinal));
    }

    [Fact]
    public void EveryCopiedPath_ExistsAndIsNotDockerIgnored()
    {
        var ignored = File.ReadAllLines(RepositoryPaths.Get(".dockerignore"))
            .Where(l => l.Length > 0 && l[0] != '#')
            .Select(l => l.Replace("**/", "", StringComparison.Ordinal).TrimEnd('/'))
            .ToList();
        var sources = s_lines.Where(l => l.StartsWith("COPY ", StringComparison.Ordinal) && !l.Contains("--from=", StringComparison.Ordinal))
            .SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..^1])
            .ToList();

        Assert.NotEmpty(sources);
        foreach (var source in sources)
        {
            var path = RepositoryPaths.Get(source.TrimEnd('/'));
            Assert.True(File.Exists(path) || Directory.Exists(path), $"COPY {source}: not in the repository");
            Assert.DoesNotContain(source.TrimEnd('/').Split('/')[0], ignored);
        }

        // Every project the executable references is copied for the restore layer.
        var restore = sources.Where(s => s.EndsWith(".csproj", StringComparison.Ordinal)).ToHashSet();
        foreach (var project in Directory.GetFiles(RepositoryPaths.Get("src"), "*.csproj", SearchOption.AllDirectories))
        {
            Assert.Contains(Path.GetRelativePath(RepositoryPaths.Root, project).Replace('\\', '/'), restore);
        }
    }

    /// <summary>Instructions with continuation lines joined and comments dropped.</summary>
    private static IEnumerable<string> Instructions(string text) =>
        Continuation().Replace(text, " ").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && l[0] != '#');

    [GeneratedRegex(@"\\\n\s*")]
    private static partial Regex Continuation();

    [GeneratedRegex(@"^HEALTHCHECK (--\S+ )+CMD \[""/app/aliddnsha"", ""healthcheck""\]$")]
    private static partial Regex HealthcheckExec();
}
