// Licensed under the MIT license.

using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace AliDdnsHa.Testing;

/// <summary>A real Prometheus server (the Debian package's binary) in a temporary folder, driven through its HTTP API.</summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly HttpClient _http;
    private readonly string _folder;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _log;

    private PrometheusServer(Process process, System.Collections.Concurrent.ConcurrentQueue<string> log, HttpClient http, string folder)
    {
        _process = process;
        _log = log;
        _http = http;
        _folder = folder;
    }

    /// <summary>The server's base URL.</summary>
    public Uri Url => _http.BaseAddress!;

    /// <summary>Everything Prometheus logged so far (for failure messages).</summary>
    public string Log => string.Join('\n', _log);

    /// <summary>Starts Prometheus with <paramref name="configYaml"/>; <paramref name="files"/> are written beside it
    /// (rule files named in the configuration). Returns once it answers ready.</summary>
    public static async Task<PrometheusServer> StartAsync(string configYaml, IReadOnlyDictionary<string, string> files, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("aliddnsha-prometheus-").FullName;
        foreach (var (name, text) in files)
        {
            await File.WriteAllTextAsync(Path.Combine(folder, name), text, cancellationToken);
        }

        var configPath = Path.Combine(folder, "prometheus.yml");
        await File.WriteAllTextAsync(configPath, configYaml, cancellationToken);
        var port = FreePort.Next();
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var process = ProcessRunner.Start(
            ExternalTool.Find("prometheus"),
            [$"--config.file={configPath}", $"--storage.tsdb.path={Path.Combine(folder, "data")}", $"--web.listen-address=127.0.0.1:{port}", "--log.level=warn"],
            folder,
            onLine: log.Enqueue);
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        var server = new PrometheusServer(process, log, http, folder);
        await server.PollAsync(
            async ct =>
            {
                try
                {
                    using var response = await http.GetAsync("-/ready", ct);
                    return response.IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return !process.HasExited ? false : throw new InvalidOperationException($"prometheus exited: {server.Log}");
                }
            },
            TimeSpan.FromSeconds(30),
            "Prometheus to become ready",
            cancellationToken);
        return server;
    }

    /// <summary>An instant query; the samples of its vector result as (labels, value).</summary>
    public async Task<IReadOnlyList<(IReadOnlyDictionary<string, string> Labels, double Value)>> QueryAsync(string expression, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsync("api/v1/query", new FormUrlEncodedContent([new("query", expression)]), cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        using var json = JsonDocument.Parse(body);
        if (json.RootElement.GetProperty("status").GetString() != "success")
        {
            throw new InvalidOperationException($"query failed: {expression}\n{body}");
        }

        var data = json.RootElement.GetProperty("data");
        var samples = new List<(IReadOnlyDictionary<string, string>, double)>();
        if (data.GetProperty("resultType").GetString() == "scalar")
        {
            samples.Add((new Dictionary<string, string>(), ParseValue(data.GetProperty("result"))));
            return samples;
        }

        foreach (var item in data.GetProperty("result").EnumerateArray())
        {
            var labels = item.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "");
            samples.Add((labels, ParseValue(item.GetProperty("value"))));
        }

        return samples;
    }

    /// <summary>The alerts Prometheus holds now (pending or firing), as (name, state, labels).</summary>
    public async Task<IReadOnlyList<(string Name, string State, IReadOnlyDictionary<string, string> Labels)>> AlertsAsync(CancellationToken cancellationToken)
    {
        using var json = await _http.GetFromJsonAsync<JsonDocument>("api/v1/alerts", cancellationToken)
            ?? throw new InvalidOperationException("empty /api/v1/alerts answer");
        return [.. json.RootElement.GetProperty("data").GetProperty("alerts").EnumerateArray().Select(a =>
        {
            var labels = a.GetProperty("labels").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "");
            return (labels["alertname"], a.GetProperty("state").GetString() ?? "", (IReadOnlyDictionary<string, string>)labels);
        })];
    }

    /// <summary>Polls <paramref name="condition"/> until it holds. Prometheus is another process that scrapes and
    /// evaluates on its own clock, so there is no event to wait on; the poll is bounded and reports what it waited for.</summary>
    public async Task PollAsync(Func<CancellationToken, Task<bool>> condition, TimeSpan budget, string what, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition(cancellationToken))
        {
            if (watch.Elapsed > budget)
            {
                throw new TimeoutException($"waited {budget.TotalSeconds} s for {what}; prometheus log:\n{Log}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private static double ParseValue(JsonElement pair) => pair[1].GetString() switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        var text => double.Parse(text!, NumberStyles.Float, CultureInfo.InvariantCulture),
    };
}
