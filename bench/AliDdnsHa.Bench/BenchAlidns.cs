// Licensed under the MIT license.

using AliDdnsHa.Testing;

namespace AliDdnsHa.Bench;

/// <summary>The Alidns emulator the API benchmarks run against, and the start of a controller configuration for it.</summary>
internal static class BenchAlidns
{
    public const string Zone = "example.com";
    private const string KeyId = "LTAI5tBenchKey00001";
    private const string Secret = "BenchSecret";

    public static AlidnsEmulator Create()
    {
        var emulator = new AlidnsEmulator();
        emulator.AddKey(KeyId, Secret);
        emulator.AddDomain(Zone);
        return emulator;
    }

    /// <summary>Listener, quiet logging and the provider <c>ali</c>; the targets follow.</summary>
    public static string ConfigHeader(AlidnsEmulator emulator) =>
        $"Urls: http://127.0.0.1:{ScaleBenchmark.Free()}\nLogging: {{ LogLevel: {{ Default: Warning }} }}\nProviders:\n  ali: {{ Type: AlibabaCloud, Endpoint: \"{emulator.Endpoint}\", AccessKeyId: {KeyId}, AccessKeySecret: {Secret} }}\nTargets:\n";
}
