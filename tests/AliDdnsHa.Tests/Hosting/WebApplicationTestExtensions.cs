// Licensed under the MIT license.

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace AliDdnsHa.Tests.Hosting;

/// <summary>What the host tests share: the bound address, and a stop that never throws.</summary>
internal static class WebApplicationTestExtensions
{
    /// <summary>An absolute URL on the address Kestrel actually bound (the tests ask for port 0).</summary>
    public static Uri Url(this WebApplication app, string path)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(new Uri(address), path);
    }

    public static async Task StopAndDisposeAsync(this WebApplication? app)
    {
        if (app is not null)
        {
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
        }
    }
}
