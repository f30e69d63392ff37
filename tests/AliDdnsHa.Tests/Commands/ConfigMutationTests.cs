// Licensed under the MIT license.

namespace AliDdnsHa.Tests.Commands;

/// <summary>Bad input gets a clear error, never a stack trace: random damage to a valid file always ends in 0 or 2.</summary>
public sealed class ConfigMutationTests
{
    private const string Valid = """
        DryRun: false
        Resolver: { Servers: [223.5.5.5, "119.29.29.29:53"], Timeout: 3s }
        Providers:
          local: { Type: HostsFile, Path: ./data/hosts }
        Targets:
          - Name: home.example.com
            Zone: example.com
            Provider: local
            Ttl: 600
            Port: 443
            Probe: { Interval: 5s, FastInterval: 1s, Timeout: 2s, FailureThreshold: 3, SuccessThreshold: 2 }
            WhenAllDown: PublishAll
            ResyncInterval: 5m
            Sources:
              - { Name: wan1, Hostname: dns1.example.com }
              - { Name: wan2, Record: dns2.example.com }
              - { Name: wan3, Address: 203.0.113.7, Port: 8443 }
        """;

    private static readonly string[] s_fragments = ["", " ", ":", "-", "[", "]", "{", "}", ",", "\"", "'", "#", "\n", "\t", "0", "-1", "99999999999", "1.2.3", "5x", "null", "~", "&a", "*a", "!!int", "é", "\\u0000", "%", "Targets", "Sources"];

    [Fact]
    public async Task CheckConfig_RandomMutations_AlwaysExitZeroOrTwoWithoutStackTrace()
    {
        var seed = Environment.GetEnvironmentVariable("ALIDDNSHA_MUTATION_SEED") is { } text ? int.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : 20261126;
        var random = new Random(seed);
        var exitTwo = 0;
        for (var i = 0; i < 300; i++)
        {
            var mutated = Mutate(Valid, random);
            using var config = new TempConfig(mutated, random.Next(4) == 0 ? ".json" : ".yaml");

            var (code, output, error) = await CommandLineTests.InvokeAsync("check-config", "--offline", "--config", config.Path);

            var context = $"seed {seed}, iteration {i}, file:\n{mutated}\n--- output:\n{output}{error}";
            Assert.True(code is 0 or 2, $"exit {code}; {context}");
            Assert.DoesNotContain("   at ", output + error, StringComparison.Ordinal);
            Assert.True(!(output + error).Contains("Exception", StringComparison.Ordinal), context);
            if (code == 2)
            {
                exitTwo++;
                Assert.Contains("problem(s):", error, StringComparison.Ordinal);
            }
        }

        Assert.True(exitTwo > 100, $"only {exitTwo} of 300 mutations were rejected; the mutator is too gentle (seed {seed})");
    }

    private static string Mutate(string text, Random random)
    {
        var lines = text.Split('\n').ToList();
        for (var n = random.Next(1, 4); n > 0; n--)
        {
            var line = random.Next(lines.Count);
            switch (random.Next(5))
            {
                case 0:
                    lines.RemoveAt(line);
                    break;
                case 1:
                    lines.Insert(line, lines[random.Next(lines.Count)]);
                    break;
                case 2:
                    var at = random.Next(lines[line].Length + 1);
                    lines[line] = lines[line].Insert(at, s_fragments[random.Next(s_fragments.Length)]);
                    break;
                case 3 when lines[line].Length > 0:
                    var from = random.Next(lines[line].Length);
                    lines[line] = lines[line].Remove(from, random.Next(1, Math.Min(6, lines[line].Length - from) + 1));
                    break;
                default:
                    var colon = lines[line].IndexOf(':', StringComparison.Ordinal);
                    if (colon > 0)
                    {
                        lines[line] = lines[line][..(colon + 1)] + " " + s_fragments[random.Next(s_fragments.Length)];
                    }

                    break;
            }

            if (lines.Count == 0)
            {
                lines.Add("");
            }
        }

        return string.Join('\n', lines);
    }
}
