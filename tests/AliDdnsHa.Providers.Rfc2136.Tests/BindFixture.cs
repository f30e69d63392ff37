// Licensed under the MIT license.

using AliDdnsHa.Testing;

namespace AliDdnsHa.Providers.Rfc2136.Tests;

/// <summary>One real named for the provider tests (each test uses its own record name).</summary>
public sealed class BindFixture : IAsyncLifetime
{
    private BindServer? _server;

    public BindServer Server => _server ?? throw new InvalidOperationException("not started");

    public async ValueTask InitializeAsync() => _server = await BindServer.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
