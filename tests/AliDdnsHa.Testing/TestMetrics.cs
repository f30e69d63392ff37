// Licensed under the MIT license.

using System.Text;
using AliDdnsHa.Diagnostics;
using Prometheus;

namespace AliDdnsHa.Testing;

/// <summary>A <see cref="ControllerMetrics"/> on its own registry, with its text exposition for assertions.</summary>
public sealed class TestMetrics
{
    public TestMetrics(TimeSpan? maxTimeout = null, bool endpointHistograms = true)
    {
        Registry = Prometheus.Metrics.NewCustomRegistry();
        Metrics = new ControllerMetrics(Prometheus.Metrics.WithCustomRegistry(Registry), maxTimeout ?? TimeSpan.FromSeconds(2), endpointHistograms);
    }

    public CollectorRegistry Registry { get; }

    public ControllerMetrics Metrics { get; }

    public async Task<string> ScrapeAsync()
    {
        using var stream = new MemoryStream();
        await Registry.CollectAndExportAsTextAsync(stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The value of one series line (<c>name{labels}</c>), or null when absent.</summary>
    public async Task<double?> ValueAsync(string series)
    {
        foreach (var line in (await ScrapeAsync()).Split('\n'))
        {
            if (line.StartsWith(series + " ", StringComparison.Ordinal))
            {
                return double.Parse(line[(series.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return null;
    }
}
