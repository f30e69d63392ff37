// Licensed under the MIT license.

using System.Globalization;

namespace AliDdnsHa.Bench;

/// <summary>Median and spread of repeated measurements, and percentiles of a distribution.</summary>
internal static class Stats
{
    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var rank = p * (sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return sorted[low] + ((sorted[high] - sorted[low]) * (rank - low));
    }

    public static double Median(IReadOnlyList<double> values) => Percentile(values, 0.5);

    /// <summary>"median (min–max)" with the given format.</summary>
    public static string Spread(IReadOnlyList<double> values, string format) =>
        values.Count == 0 ? "n/a" : string.Create(CultureInfo.InvariantCulture, $"{Median(values).ToString(format, CultureInfo.InvariantCulture)} ({values.Min().ToString(format, CultureInfo.InvariantCulture)}–{values.Max().ToString(format, CultureInfo.InvariantCulture)})");
}
