// Licensed under the MIT license.

using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AliDdnsHa.Tests.Notifications;

/// <summary>A real HTTP server on 127.0.0.1 standing in for a chat robot: it records each request (path, query, body)
/// and answers as the test scripts.</summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<(string PathAndQuery, string Body, string? Authorization)> Requests { get; } = new();

    /// <summary>Answers each request; returns the status and the body.</summary>
    public Func<HttpRequest, string, Task<(int Status, string Body)>> Respond { get; set; } = (_, _) => Task.FromResult((200, """{"errcode":0,"errmsg":"ok"}"""));

    public Uri Url(string pathAndQuery) => new(new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()), pathAndQuery);

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            receiver.Requests.Enqueue((context.Request.Path + context.Request.QueryString, body, context.Request.Headers.Authorization.ToString()));
            var (status, answer) = await receiver.Respond(context.Request, body);
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(answer, context.RequestAborted);
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
