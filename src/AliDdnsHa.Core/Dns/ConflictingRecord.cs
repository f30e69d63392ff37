// Licensed under the MIT license.

namespace AliDdnsHa.Dns;

/// <summary>A record at a target's name and line that keeps address records off it.</summary>
/// <param name="Id">The provider's id (the value for DNS).</param>
/// <param name="Type">Its type: <c>CNAME</c>, <c>REDIRECT_URL</c>, <c>FORWARD_URL</c>.</param>
/// <param name="Value">What it points to.</param>
/// <param name="Locked">True when the provider will not change or delete it.</param>
public sealed record ConflictingRecord(string Id, string Type, string Value, bool Locked = false)
{
    public bool IsCname => string.Equals(Type, "CNAME", StringComparison.OrdinalIgnoreCase);

    /// <summary>What to tell the user: "home.example.com has CNAME dns1.example.com on line default — the CNAME setup
    /// this tool replaces: delete it, or set AdoptCname: true".</summary>
    public string Describe(string name, string line, bool adoptCname) =>
        $"{name} has {Type} {Value} on line {line}"
        + (Locked ? " (locked)" : "")
        + (IsCname
            ? Locked && adoptCname ? " — it is locked: unlock it in the console so AliDdnsHa can replace it, or delete it"
            : Locked ? " — the CNAME setup this tool replaces: unlock and delete it" : " — the CNAME setup this tool replaces: delete it, or set AdoptCname: true"
            : " — address records cannot sit beside it: delete it in the console");
}
