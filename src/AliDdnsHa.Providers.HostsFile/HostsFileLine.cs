// Licensed under the MIT license.

using System.Net;

namespace AliDdnsHa.Providers.HostsFile;

/// <summary>One line of a hosts file: an entry (<c>ADDRESS NAME [NAME…] [# comment]</c>) or anything else, kept verbatim.
/// Immutable, so a parsed file can be shared by every target that uses it.</summary>
internal sealed class HostsFileLine
{
    private readonly string[] _names;

    private HostsFileLine(string raw, IPAddress? address, string[] names, string? comment)
    {
        Raw = raw;
        Address = address;
        _names = names;
        Comment = comment;
    }

    /// <summary>The text as read; written back unchanged unless the entry was edited.</summary>
    public string Raw { get; }

    /// <summary>The address of an entry line; <see langword="null"/> for comments, blanks and lines we do not understand.</summary>
    public IPAddress? Address { get; }

    public IReadOnlyList<string> Names => _names;

    public string? Comment { get; }

    public bool IsEntry => Address is not null;

    public static HostsFileLine Parse(string raw)
    {
        var hash = raw.IndexOf('#', StringComparison.Ordinal);
        var body = hash >= 0 ? raw[..hash] : raw;
        var comment = hash >= 0 ? raw[hash..] : null;
        var fields = body.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length >= 2 && IPAddress.TryParse(fields[0], out var address))
        {
            return new HostsFileLine(raw, address, fields[1..], comment);
        }

        return new HostsFileLine(raw, null, [], null);
    }

    public static HostsFileLine Entry(IPAddress address, string name) => new($"{address} {name}", address, [name], null);

    public bool HasName(string name)
    {
        foreach (var n in _names) // the array, not the interface: no enumerator per line and name looked up
        {
            if (Is(n, name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The entry without <paramref name="name"/>; <see langword="null"/> when no name is left (drop the line).</summary>
    public HostsFileLine? WithoutName(string name)
    {
        string[] names = [.. _names.Where(n => !Is(n, name))];
        return names.Length == 0
            ? null
            : new HostsFileLine($"{Address} {string.Join(' ', names)}{(Comment is null ? "" : " " + Comment)}", Address, names, Comment);
    }

    private static bool Is(string written, string name) =>
        written.AsSpan().TrimEnd('.').Equals(name, StringComparison.OrdinalIgnoreCase);
}
