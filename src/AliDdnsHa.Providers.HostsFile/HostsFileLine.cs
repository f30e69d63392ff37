// Licensed under the MIT license.

using System.Net;

namespace AliDdnsHa.Providers.HostsFile;

/// <summary>One line of a hosts file: an entry (<c>ADDRESS NAME [NAME…] [# comment]</c>) or anything else, kept verbatim.</summary>
internal sealed class HostsFileLine
{
    private HostsFileLine(string raw, IPAddress? address, List<string> names, string? comment)
    {
        Raw = raw;
        Address = address;
        Names = names;
        Comment = comment;
    }

    /// <summary>The text as read; written back unchanged unless the entry was edited.</summary>
    public string Raw { get; private set; }

    /// <summary>The address of an entry line; <see langword="null"/> for comments, blanks and lines we do not understand.</summary>
    public IPAddress? Address { get; }

    public List<string> Names { get; }

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
            return new HostsFileLine(raw, address, [.. fields[1..]], comment);
        }

        return new HostsFileLine(raw, null, [], null);
    }

    public static HostsFileLine Entry(IPAddress address, string name) => new($"{address} {name}", address, [name], null);

    public bool HasName(string name) => Names.Exists(n => string.Equals(n.TrimEnd('.'), name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Removes <paramref name="name"/> from the entry; returns true when no name is left (drop the line).</summary>
    public bool RemoveName(string name)
    {
        Names.RemoveAll(n => string.Equals(n.TrimEnd('.'), name, StringComparison.OrdinalIgnoreCase));
        Raw = $"{Address} {string.Join(' ', Names)}{(Comment is null ? "" : " " + Comment)}";
        return Names.Count == 0;
    }
}
