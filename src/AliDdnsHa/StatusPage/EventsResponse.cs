// Licensed under the MIT license.

using AliDdnsHa.Diagnostics;

namespace AliDdnsHa.StatusPage;

/// <summary>The <c>/api/events</c> document: the newest id (pass it back as <c>?since=</c> to get only newer events)
/// and the events, newest first.</summary>
internal sealed record EventsResponse(long LastId, IReadOnlyList<ControllerEvent> Events);
