// Licensed under the MIT license.

using System.Globalization;
using System.Text;
using System.Text.Json.Serialization.Metadata;
using AliDdnsHa.Controller;
using AliDdnsHa.Diagnostics;

namespace AliDdnsHa.StatusPage;

/// <summary>Maps <c>GET /</c> (the status page, or its live fragment with <c>?fragment=1</c>) and <c>GET /api/events</c>.</summary>
internal static class StatusPageEndpoints
{
    /// <summary>The most events one <c>/api/events</c> answer carries.</summary>
    public const int MaxEvents = EventJournal.DefaultCapacity;

    public static void Map(WebApplication app, JsonTypeInfo<EventsResponse> eventsJson)
    {
        app.MapGet("/", (HttpContext context, FailoverController controller, TimeProvider time) =>
        {
            var text = PageText.For(context.Request);
            var status = controller.GetStatus();
            var events = controller.Events.Since(0, StatusPageRenderer.EventsShown);
            context.Response.Headers.CacheControl = "no-store";
            context.Response.Headers.Vary = "Accept-Language";
            if (context.Request.Query["fragment"] == "1")
            {
                var fragment = new StringBuilder(16 * 1024);
                StatusPageRenderer.RenderLive(fragment, status, events, text, time.GetUtcNow());
                return Results.Content(fragment.ToString(), "text/html; charset=utf-8");
            }

            return Results.Content(StatusPageRenderer.RenderDocument(status, events, text, time.GetUtcNow()), "text/html; charset=utf-8");
        });

        app.MapGet("/api/events", (HttpContext context, FailoverController controller) =>
        {
            var since = long.TryParse(context.Request.Query["since"], NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0;
            var limit = int.TryParse(context.Request.Query["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out var l) ? Math.Clamp(l, 1, MaxEvents) : MaxEvents;
            var journal = controller.Events;
            var lastId = journal.LastId;
            return Results.Json(new EventsResponse(lastId, journal.Since(since, limit)), eventsJson);
        });
    }
}
