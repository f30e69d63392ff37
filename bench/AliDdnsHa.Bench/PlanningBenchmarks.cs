// Licensed under the MIT license.

using System.Net;
using AliDdnsHa.Configuration;
using AliDdnsHa.Dns;
using AliDdnsHa.Planning;
using AliDdnsHa.Probing;
using BenchmarkDotNet.Attributes;

namespace AliDdnsHa.Bench;

/// <summary>The cost of one plan: a target with N endpoints, a third of them Down, against a record set that still
/// holds every address (so the plan has deletes to make).</summary>
[MemoryDiagnoser]
public class PlanningBenchmarks
{
    private PlanInput _input = null!;

    [Params(3, 100)]
    public int Endpoints { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var addresses = Enumerable.Range(0, Endpoints).Select(i => new IPAddress([203, 0, (byte)(i / 250), (byte)((i % 250) + 1)])).ToList();
        var endpoints = addresses.Select((a, i) => new EndpointSnapshot($"s{i}", a, 443, i % 3 == 0 ? EndpointHealth.Down : EndpointHealth.Up)).ToList();
        var actual = addresses.Select((a, i) => new DnsRecord(i.ToString(System.Globalization.CultureInfo.InvariantCulture), a, 600)).ToList();
        _input = new PlanInput(endpoints, actual, 600, WhenAllDownPolicy.PublishAll);
    }

    [Benchmark]
    public RecordSetPlan Plan() => RecordSetPlanner.Plan(_input);
}
