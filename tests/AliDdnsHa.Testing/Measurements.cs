// Licensed under the MIT license.

namespace AliDdnsHa.Testing;

/// <summary>Measured figures the integration tests report (failover time against BIND, alert latency in Prometheus).</summary>
/// <remarks>They go to the test's output and, when <c>ALIDDNSHA_MEASUREMENTS</c> names a file (scripts/test.sh sets
/// it), are appended there so the test run prints them. Nothing is asserted on them: timing is for benchmarks.</remarks>
public static class Measurements
{
    private static readonly Lock s_gate = new();

    public static void Report(string line)
    {
        Xunit.TestContext.Current.TestOutputHelper?.WriteLine(line);
        if (Environment.GetEnvironmentVariable("ALIDDNSHA_MEASUREMENTS") is { Length: > 0 } path)
        {
            lock (s_gate)
            {
                File.AppendAllText(path, line + Environment.NewLine);
            }
        }
    }
}
