// Licensed under the MIT license.

using System.Globalization;
using System.Text.RegularExpressions;

namespace AliDdnsHa.Configuration;

/// <summary>Parses durations written as <c>500ms</c>, <c>5s</c>, <c>1m</c>, <c>1h</c>, <c>1m30s</c> or <c>00:00:05</c>.</summary>
public static partial class DurationParser
{
    [GeneratedRegex(@"^(?:(?<n>\d+(?:\.\d+)?)(?<u>ms|s|m|h|d))+$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex UnitPattern();

    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        var match = UnitPattern().Match(text);
        if (match.Success)
        {
            var total = 0.0;
            var numbers = match.Groups["n"].Captures;
            var units = match.Groups["u"].Captures;
            for (var i = 0; i < numbers.Count; i++)
            {
                var n = double.Parse(numbers[i].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
                total += units[i].Value.ToLowerInvariant() switch
                {
                    "ms" => n,
                    "s" => n * 1_000,
                    "m" => n * 60_000,
                    "h" => n * 3_600_000,
                    _ => n * 86_400_000,
                };
            }

            if (total > TimeSpan.MaxValue.TotalMilliseconds)
            {
                return false;
            }

            value = TimeSpan.FromMilliseconds(total);
            return true;
        }

        return text.Contains(':', StringComparison.Ordinal)
            && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Formats a duration the way the configuration accepts it (<c>1m30s</c>, <c>500ms</c>).</summary>
    public static string Format(TimeSpan value)
    {
        if (value == TimeSpan.Zero)
        {
            return "0s";
        }

        if (value < TimeSpan.Zero)
        {
            return "-" + Format(value.Negate());
        }

        var parts = new List<string>();
        if (value.Days > 0)
        {
            parts.Add($"{value.Days}d");
        }

        if (value.Hours > 0)
        {
            parts.Add($"{value.Hours}h");
        }

        if (value.Minutes > 0)
        {
            parts.Add($"{value.Minutes}m");
        }

        if (value.Seconds > 0)
        {
            parts.Add($"{value.Seconds}s");
        }

        if (value.Milliseconds > 0)
        {
            parts.Add($"{value.Milliseconds}ms");
        }

        return string.Concat(parts);
    }
}
