// Licensed under the MIT license.

using System.Buffers;
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
/// <para>Targets may share one file (every provider of a path shares its state). The parsed file is kept per path, with
/// the size and modification time it was read or written at, and parsed again only when either differs. Applies are
/// committed in groups: an apply queues its changes and waits for the file's lock; whoever holds it next edits the
/// parsed lines in place with every queued change list and replaces the file once for all of them. With 100 targets
/// of 100 endpoints sharing one file, start-up made about 600 writes (each a copy of 10,000 lines and an fsync,
/// one after another); grouped, the targets waiting behind one write land with the next (issue 14). A failed write
/// fails every apply of its group, and the parsed lines are dropped so the next read parses the file again.</para>
/// </remarks>
public sealed class HostsFileDnsProvider : IDnsProvider
{
    private static readonly ConcurrentDictionary<string, SharedFile> s_files = new(StringComparer.Ordinal);
    private static readonly UTF8Encoding s_utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly HostsFileOptions _options;
    private readonly ControllerMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly SharedFile _file;

    public HostsFileDnsProvider(string name, HostsFileOptions options, ControllerMetrics metrics, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        Name = name;
        _options = options;
        _metrics = metrics;
        _time = timeProvider;
        FullPath = Path.GetFullPath(options.Path);
        _file = s_files.GetOrAdd(FullPath, _ => new SharedFile());
    }

    public string Name { get; }

    public string Type => "HostsFile";

    public string FullPath { get; }

    public async Task<IReadOnlyList<DnsRecord>> ReadAsync(RecordSetKey key, CancellationToken cancellationToken)
    {
        DnsLine.RequireDefault(key, Name);
        var started = _time.GetTimestamp();
        await _file.Lock.WaitAsync(cancellationToken); // the parsed lines are edited in place by the writer
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
        finally
        {
            _file.Lock.Release();
        }
    }

    public async Task<ApplyResult> ApplyAsync(RecordSetKey key, IReadOnlyList<RecordChange> changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        DnsLine.RequireDefault(key, Name);
        var started = _time.GetTimestamp();
        var apply = new PendingApply(key, changes);
        _file.Pending.Enqueue(apply);

        // Cancelled here (shutdown), the change list stays queued and may still land with another target's write:
        // the caller sees the cancellation, and its next pass reads the file before it plans again.
        await _file.Lock.WaitAsync(cancellationToken);
        try
        {
            if (!apply.Done.Task.IsCompleted)
            {
                await CommitPendingAsync(); // ours, and every apply queued behind the last write
            }
        }
        finally
        {
            _file.Lock.Release();
        }

        if (await apply.Done.Task is { } failure)
        {
            var error = Wrap("write", failure);
            _metrics.ObserveProviderRequest(Name, "write", error.Code, _time.GetElapsedTime(started));
            return new ApplyResult([], error);
        }

        _metrics.ObserveProviderRequest(Name, "write", "ok", _time.GetElapsedTime(started));
        return ApplyResult.Success(changes);
    }

    /// <summary>Edits the parsed lines with every queued change list and replaces the file once. Call under the lock.
    /// Not cancellable: the group holds other targets' changes, and a write is short.</summary>
    private async Task CommitPendingAsync()
    {
        List<PendingApply> group = [];
        while (_file.Pending.TryDequeue(out var queued))
        {
            group.Add(queued);
        }

        Exception? failure = null;
        try
        {
            var lines = await ReadLinesAsync(CancellationToken.None);
            foreach (var apply in group)
            {
                Edit(lines, apply.Key, apply.Changes);
            }

            await WriteAtomicallyAsync(lines);
        }
        catch (Exception ex)
        {
            failure = ex; // every apply of the group is told, whatever broke: none of them may wait forever
            _file.Parsed = null; // the edited lines may not be what the file holds: read it again
        }

        foreach (var apply in group)
        {
            apply.Done.TrySetResult(failure);
        }
    }

    /// <summary>Applies one target's changes to the lines in place.</summary>
    private static void Edit(List<HostsFileLine> lines, RecordSetKey key, IReadOnlyList<RecordChange> changes)
    {
        var existing = Find(lines, key.Name, key.Type).ToDictionary(f => f.Id, f => f.Line, StringComparer.Ordinal);
        var edited = new Dictionary<HostsFileLine, HostsFileLine?>(); // a line as read → as it is now (null: dropped)
        HostsFileLine? Current(HostsFileLine line) => edited.TryGetValue(line, out var now) ? now : line;
        var added = new List<HostsFileLine>();

        // Whether a line names the record already: only lines that held the name can (plus those added here), so a
        // change costs the record's lines, not the file's.
        bool Holds(IPAddress address) =>
            existing.Values.Any(l => Current(l) is { } c && address.Equals(c.Address) && c.HasName(key.Name))
            || added.Exists(l => address.Equals(l.Address));
        foreach (var change in changes)
        {
            switch (change.Kind)
            {
                case RecordChangeKind.Add when !Holds(change.Address):
                    added.Add(HostsFileLine.Entry(change.Address, key.Name));
                    break;
                case RecordChangeKind.Delete when change.Existing is { } record && existing.TryGetValue(record.Id, out var line):
                    edited[line] = Current(line)?.WithoutName(key.Name);
                    break;
                default:
                    break; // Already there, already gone, or a TTL the file cannot hold.
            }
        }

        if (edited.Count > 0)
        {
            for (var i = 0; i < lines.Count; i++)
            {
                lines[i] = Current(lines[i])!; // dropped lines become null for a moment, removed just below
            }

            lines.RemoveAll(l => l is null);
        }

        lines.AddRange(added);
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

    /// <summary>The file's lines, parsed once per size and modification time. Call under the lock: the list is the
    /// shared one, and the writer edits it in place.</summary>
    /// <summary>Runs right after our rename. Internal for testing: another writer replacing the file at that moment.</summary>
    internal Action? AfterRename { get; set; }

    private async Task<List<HostsFileLine>> ReadLinesAsync(CancellationToken cancellationToken)
    {
        if (Directory.Exists(FullPath))
        {
            throw new IOException("the path is a directory");
        }

        var file = new FileInfo(FullPath);
        if (!file.Exists)
        {
            _file.Parsed = null;
            return [];
        }

        if (_file.Parsed is { } parsed && parsed.IsOf(file))
        {
            return parsed.Lines;
        }

        var text = await File.ReadAllTextAsync(FullPath, cancellationToken);
        var raw = text.Split('\n');
        var count = raw.Length > 0 && raw[^1].Length == 0 ? raw.Length - 1 : raw.Length;
        List<HostsFileLine> lines = [.. raw.Take(count).Select(l => HostsFileLine.Parse(l.TrimEnd('\r')))];
        _file.Parsed = new ParsedFile(file.Length, file.LastWriteTimeUtc, lines);
        return lines;
    }

    private async Task WriteAtomicallyAsync(List<HostsFileLine> lines)
    {
        var directory = Path.GetDirectoryName(FullPath)!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(FullPath)}.{Guid.NewGuid():N}.tmp");
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            // Encoded line by line into a pooled buffer, the stream unbuffered: no copy of the file as one string, and
            // no buffers per write (a StreamWriter's put up to 320 KB per write on the large object heap).
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0, FileOptions.Asynchronous))
            {
                var used = 0;
                foreach (var line in lines)
                {
                    var needed = s_utf8.GetMaxByteCount(line.Raw.Length) + 1;
                    if (buffer.Length - used < needed)
                    {
                        await stream.WriteAsync(buffer.AsMemory(0, used));
                        used = 0;
                        if (buffer.Length < needed)
                        {
                            ArrayPool<byte>.Shared.Return(buffer);
                            buffer = ArrayPool<byte>.Shared.Rent(needed);
                        }
                    }

                    used += s_utf8.GetBytes(line.Raw, buffer.AsSpan(used));
                    buffer[used++] = (byte)'\n';
                }

                await stream.WriteAsync(buffer.AsMemory(0, used));
                stream.Flush(flushToDisk: true);
            }

            if (!OperatingSystem.IsWindows() && File.Exists(FullPath))
            {
                File.SetUnixFileMode(temp, File.GetUnixFileMode(FullPath));
            }

            // The stamp of our own file, taken before the rename (which keeps the inode's size and time): one taken
            // from the path afterwards could be another writer's, whose edit would then pass for ours.
            var written = new FileInfo(temp);
            var stamp = new ParsedFile(written.Length, written.LastWriteTimeUtc, lines);
            File.Move(temp, FullPath, overwrite: true);
            AfterRename?.Invoke();
            _file.Parsed = stamp;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
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

    /// <summary>What every provider of one path shares: the lock, the parsed lines and the applies waiting to be
    /// written.</summary>
    private sealed class SharedFile
    {
        public SemaphoreSlim Lock { get; } = new(1, 1);

        public ConcurrentQueue<PendingApply> Pending { get; } = new();

        /// <summary>The parsed lines and the file they belong to; read and replaced under <see cref="Lock"/>.</summary>
        public ParsedFile? Parsed { get; set; }
    }

    /// <summary>One target's change list waiting for a write; completed with the write's failure, or null.</summary>
    private sealed record PendingApply(RecordSetKey Key, IReadOnlyList<RecordChange> Changes)
    {
        public TaskCompletionSource<Exception?> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>A file's lines as parsed, and the size and modification time they belong to.</summary>
    private sealed record ParsedFile(long Length, DateTime WrittenUtc, List<HostsFileLine> Lines)
    {
        public bool IsOf(FileInfo file) => file.Length == Length && file.LastWriteTimeUtc == WrittenUtc;
    }
}
