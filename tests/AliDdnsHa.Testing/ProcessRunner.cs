// Licensed under the MIT license.

using System.Diagnostics;

namespace AliDdnsHa.Testing;

/// <summary>Runs programs the tests drive: to completion with both output streams captured, or in the background.</summary>
public static class ProcessRunner
{
    private const string Setsid = "/usr/bin/setsid";

    /// <summary>Starts a long-running program; each line it writes to either stream goes to <paramref name="onLine"/>
    /// (or is drained, so a full pipe never blocks it).</summary>
    public static Process Start(
        string fileName,
        IEnumerable<string> arguments,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null,
        Action<string>? onLine = null)
    {
        // In a session of its own: a server that signals its process group (on shutdown, or to its helpers) must not
        // reach the test process, which would take a SIGTERM for a request to shut down. setsid execs in place, so the
        // process id stays the child's own and Kill still reaches it.
        var isolated = File.Exists(Setsid);
        var process = new Process
        {
            StartInfo = new ProcessStartInfo(isolated ? Setsid : fileName, isolated ? [fileName, .. arguments] : arguments)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = workingDirectory ?? "",
            },
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            process.StartInfo.Environment[name] = value;
        }

        process.OutputDataReceived += (_, e) => onLine?.Invoke(e.Data ?? "");
        process.ErrorDataReceived += (_, e) => onLine?.Invoke(e.Data ?? "");
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Asks a program started with <see cref="Start"/> to stop as a service manager does (SIGTERM) and returns
    /// its exit code once it has stopped; a program still running after <paramref name="timeout"/> is killed and the
    /// wait fails with a <see cref="TimeoutException"/>.</summary>
    public static async Task<int> TerminateAsync(Process process, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            var kill = await RunAsync("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], cancellationToken: cancellationToken);
            if (kill.ExitCode != 0)
            {
                throw new InvalidOperationException($"kill -TERM {process.Id}: {kill}");
            }

            await process.WaitForExitAsync(cancellationToken).WaitAsync(timeout, cancellationToken);
            return process.ExitCode;
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    public static async Task<ProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        string? standardInput = null,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null,
        CancellationToken cancellationToken = default)
    {
        using var process = new Process
        {
            StartInfo = new ProcessStartInfo(fileName, arguments)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = workingDirectory ?? "",
            },
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            process.StartInfo.Environment[name] = value;
        }

        process.Start();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput.AsMemory(), cancellationToken);
        }

        process.StandardInput.Close();
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }
}
