// Licensed under the MIT license.

using System.Collections.Concurrent;
using System.Net;
using System.Text;
using AliDdnsHa.Diagnostics;
using AliDdnsHa.Dns;

namespace AliDdnsHa.Providers.HostsFile;

/// <summary>Keeps A and AAAA record sets as <c>ADDRESS NAME</c> lines of a hosts-format file. Needs no cloud account.</summary>
/// <remarks>
/// The provider owns the entries of the names it is asked about in the asked family (IPv4 lines for an A target, IPv6
/// lines for an AAAA target) and nothing else: comments, blank lines, other names and the other family's entries are
/// written back exactly as read, and a shared line (<c>1.2.3.4 home.example.com alias</c>)
/// only loses our name. Each apply reads the file, edits it and replaces it atomically (temporary file in the same
/// folder, flushed, then renamed over the old one), so a reader such as dnsmasq never sees half a file, and the whole
/// change list lands or none of it does. A record's id is <c>ADDRESS/N</c>, the N-th line naming it with that address.
/// <para>The parsed file is kept per path, with the size and modification time it was read or written at, and parsed
/// again only when either differs: with 100 targets sharing a 10,000-line file, parsing it on every read and write
/// was most of what the controller allocated at start-up (issue 14).</para>
/// </remarks>
public sealed class HostsFileDnsProvider : IDnsProvider
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> s_fileLocks = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, ParsedFile> s_parsed = new(StringComparer.Ordinal);
    private static readonly UTF8Encoding s_utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly HostsFileOptions _options;
    private readonly ControllerMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _fileLock;

    public HostsFileDnsProvider(string name, HostsFileOptions options, ControllerMetrics metrics, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        Name = name;
        _options = options;
        _metrics = metrics;
        _time = timeProvider;
        FullPath = Path.GetFullPath(options.Path);
        _fileLock = s_fileLocks.GetOrAdd(FullPath, _ => new SemaphoreSlim(1, 1));
    }

    public string Name { get; }

    public string Type => "HostsFile";

    public string FullPath { get; }

    public async Task<IReadOnlyList<DnsRecord>> ReadAsync(RecordSetKey key, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        try
        {
            var lines = await ReadLinesAsync(cancellationToken);
            _metrics.ObserveProviderRequest(Name, "read", "ok", _time.GetElapsedTime(started));
            return [.. Find(lines, key.Name, key.Type).Select(f => new DnsRecord(f.Id, f.Line.Address!))];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var error = Wrap("read", ex);
            _metrics.ObserveProviderRequest(Name, "read", error.Code, _time.GetElapsedTime(started));
            throw error;
        }
    }

    public async Task<ApplyResult> ApplyAsync(RecordSetKey key, IReadOnlyList<RecordChange> changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var started = _time.GetTimestamp();
        await _fileLock.WaitAsync(cancellationToken);
        try
        {
            List<HostsFileLine> lines = [.. await ReadLinesAsync(cancellationToken)];
            var existing = Find(lines, key.Name, key.Type).ToDictionary(f => f.Id, f => f.Line, StringComparer.Ordinal);
            var edited = new Dictionary<HostsFileLine, HostsFileLine?>(); // a line as read → as it is now (null: dropped)
            HostsFileLine? Current(HostsFileLine line) => edited.TryGetValue(line, out var now) ? now : line;
            foreach (var change in changes)
            {
                switch (change.Kind)
                {
                    case RecordChangeKind.Add when !lines.Exists(l => Current(l) is { } c && c.Address?.Equals(change.Address) == true && c.HasName(key.Name)):
                        lines.Add(HostsFileLine.Entry(change.Address, key.Name));
                        break;
                    case RecordChangeKind.Delete when change.Existing is { } record && existing.TryGetValue(record.Id, out var line):
                        edited[line] = Current(line)?.WithoutName(key.Name);
                        break;
                    default:
                        break; // Already there, already gone, or a TTL the file cannot hold.
                }
            }

            lines = [.. lines.Select(Current).OfType<HostsFileLine>()];
            await WriteAtomicallyAsync(lines, cancellationToken);
            _metrics.ObserveProviderRequest(Name, "write", "ok", _time.GetElapsedTime(started));
            return ApplyResult.Success(changes);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var error = Wrap("write", ex);
            _metrics.ObserveProviderRequest(Name, "write", error.Code, _time.GetElapsedTime(started));
            return new ApplyResult([], error);
        }
        finally
        {
            _fileLock.Release();
        }
    }

    private static IEnumerable<(string Id, HostsFileLine Line)> Find(IReadOnlyList<HostsFileLine> lines, string name, DnsRecordType type)
    {
        var seen = new Dictionary<IPAddress, int>();
        foreach (var line in lines)
        {
            if (line.Address is { } address && type.Holds(address) && line.HasName(name))
            {
                var n = seen.GetValueOrDefault(address);
                seen[address] = n + 1;
                yield return ($"{address}/{n}", line);
            }
        }
    }

    private async Task<IReadOnlyList<HostsFileLine>> ReadLinesAsync(CancellationToken cancellationToken)
    {
        if (Directory.Exists(FullPath))
        {
            throw new IOException("the path is a directory");
        }

        var file = new FileInfo(FullPath);
        if (!file.Exists)
        {
            return [];
        }

        if (s_parsed.TryGetValue(FullPath, out var parsed) && parsed.IsOf(file))
        {
            return parsed.Lines;
        }

        var text = await File.ReadAllTextAsync(FullPath, cancellationToken);
        var raw = text.Split('\n');
        var count = raw.Length > 0 && raw[^1].Length == 0 ? raw.Length - 1 : raw.Length;
        HostsFileLine[] lines = [.. raw.Take(count).Select(l => HostsFileLine.Parse(l.TrimEnd('\r')))];
        s_parsed[FullPath] = new ParsedFile(file.Length, file.LastWriteTimeUtc, lines);
        return lines;
    }

    private async Task WriteAtomicallyAsync(List<HostsFileLine> lines, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(FullPath)!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(FullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
            {
                // Streamed line by line: no copy of the whole file as one string and again as bytes.
                await using (var writer = new StreamWriter(stream, s_utf8, 64 * 1024, leaveOpen: true))
                {
                    foreach (var line in lines)
                    {
                        await writer.WriteAsync(line.Raw.AsMemory(), cancellationToken);
                        await writer.WriteAsync('\n');
                    }
                }

                stream.Flush(flushToDisk: true);
            }

            if (!OperatingSystem.IsWindows() && File.Exists(FullPath))
            {
                File.SetUnixFileMode(temp, File.GetUnixFileMode(FullPath));
            }

            File.Move(temp, FullPath, overwrite: true);
            var written = new FileInfo(FullPath);
            s_parsed[FullPath] = new ParsedFile(written.Length, written.LastWriteTimeUtc, [.. lines]);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    private DnsProviderException Wrap(string operation, Exception ex) => ex switch
    {
        UnauthorizedAccessException => new DnsProviderException(
            "permission_denied",
            $"cannot {operation} hosts file '{FullPath}': permission denied",
            isConfigurationError: true,
            hint: "Give the service user write access to the file and its folder (the file is replaced by a rename).",
            innerException: ex),
        _ => new DnsProviderException("io_error", $"cannot {operation} hosts file '{FullPath}': {ex.Message}", innerException: ex),
    };

    /// <summary>A file's lines as parsed, and the size and modification time they belong to.</summary>
    private sealed record ParsedFile(long Length, DateTime WrittenUtc, HostsFileLine[] Lines)
    {
        public bool IsOf(FileInfo file) => file.Length == Length && file.LastWriteTimeUtc == WrittenUtc;
    }
}
