// Licensed under the MIT license.

using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using ARSoft.Tools.Net.Dns;

namespace AliDdnsHa.Testing;

/// <summary>A real DNS server on a loopback UDP port (ARSoft.Tools.Net) answering A and AAAA queries from a mutable table.</summary>
public sealed class LoopbackDnsServer : IDisposable
{
    private readonly ConcurrentDictionary<string, IPAddress[]> _answers = new(StringComparer.OrdinalIgnoreCase);
    private readonly DnsServer _server;
    private int _queries;

    public LoopbackDnsServer()
    {
        Port = FreeUdpPort();
        _server = new DnsServer(new UdpServerTransport(new IPEndPoint(IPAddress.Loopback, Port)));
        _server.QueryReceived += OnQueryAsync;
        _server.Start();
    }

    public int Port { get; }

    public IPEndPoint EndPoint => new(IPAddress.Loopback, Port);

    /// <summary>Queries answered so far.</summary>
    public int Queries => Volatile.Read(ref _queries);

    /// <summary>When true, every query is answered with SERVFAIL.</summary>
    public bool Failing { get; set; }

    public void Set(string name, params IPAddress[] addresses) => _answers[name.TrimEnd('.')] = addresses;

    public void Dispose() => _server.Stop();

    private Task OnQueryAsync(object sender, QueryReceivedEventArgs e)
    {
        Interlocked.Increment(ref _queries);
        if (e.Query is not DnsMessage query)
        {
            return Task.CompletedTask;
        }

        var response = query.CreateResponseInstance();
        if (Failing)
        {
            response.ReturnCode = ReturnCode.ServerFailure;
        }
        else
        {
            foreach (var question in query.Questions)
            {
                var name = question.Name.ToString().TrimEnd('.');
                if (!_answers.TryGetValue(name, out var addresses))
                {
                    response.ReturnCode = ReturnCode.NxDomain;
                    continue;
                }

                foreach (var address in addresses)
                {
                    if (question.RecordType == RecordType.A && address.AddressFamily == AddressFamily.InterNetwork)
                    {
                        response.AnswerRecords.Add(new ARecord(question.Name, 0, address));
                    }
                    else if (question.RecordType == RecordType.Aaaa && address.AddressFamily == AddressFamily.InterNetworkV6)
                    {
                        response.AnswerRecords.Add(new AaaaRecord(question.Name, 0, address));
                    }
                }
            }
        }

        e.Response = response;
        return Task.CompletedTask;
    }

    private static int FreeUdpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
