// Licensed under the MIT license.

using AliDdnsHa.Diagnostics;

namespace AliDdnsHa.Notifications;

/// <summary>One message for a batch of events: a title, the lines, and whether it is urgent (a line went down, the
/// provider failed, a target froze).</summary>
public sealed record NotificationMessage(string Title, IReadOnlyList<string> Lines, bool Urgent, IReadOnlyList<ControllerEvent> Events)
{
    /// <summary>The message as chat text: the title, then each line. "AliDdnsHa" is always in it, so a DingTalk robot
    /// secured by the keyword "AliDdnsHa" accepts it.</summary>
    public string Text => Lines.Count == 1 && Title.EndsWith(Lines[0], StringComparison.Ordinal)
        ? Title
        : Title + "\n" + string.Join("\n", Lines.Select(l => "• " + l));
}
