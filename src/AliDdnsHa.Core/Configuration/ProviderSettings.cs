// Licensed under the MIT license.

using Microsoft.Extensions.Configuration;

namespace AliDdnsHa.Configuration;

/// <summary>Readers the provider factories share for their settings, each adding its problem to a list with the
/// path and the bad value (never stopping at the first), in the same words the main configuration reader uses.</summary>
public static class ProviderSettings
{
    /// <summary>Reads a section that <c>Validate</c> has accepted; a problem now is a bug, thrown with every message.</summary>
    public static T ReadValid<T>(Func<List<ConfigurationError>, T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        var errors = new List<ConfigurationError>();
        var options = read(errors);
        return errors.Count == 0 ? options : throw new InvalidOperationException(string.Join("; ", errors));
    }

    /// <summary>Reports every key of <paramref name="section"/> that is not in <paramref name="known"/>.</summary>
    public static void RejectUnknown(string path, IConfigurationSection section, IReadOnlyCollection<string> known, List<ConfigurationError> errors)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(errors);
        foreach (var child in section.GetChildren().Where(c => !known.Contains(c.Key, StringComparer.OrdinalIgnoreCase)))
        {
            errors.Add(new ConfigurationError($"{path}.{child.Key}", $"unknown setting (known here: {string.Join(", ", known)})"));
        }
    }

    /// <summary>A positive duration (<c>500ms</c>, <c>5s</c>, <c>1m</c>), or <paramref name="fallback"/> when unset.</summary>
    public static TimeSpan Duration(string path, IConfigurationSection section, string key, TimeSpan fallback, List<ConfigurationError> errors)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(errors);
        if (section[key] is not { Length: > 0 } text)
        {
            return fallback;
        }

        if (DurationParser.TryParse(text, out var value) && value > TimeSpan.Zero)
        {
            return value;
        }

        errors.Add(new ConfigurationError($"{path}.{key}", $"'{text}' is not a positive duration (examples: 500ms, 5s, 1m)"));
        return fallback;
    }

    /// <summary>A whole number in [<paramref name="min"/>, <paramref name="max"/>], or <paramref name="fallback"/> when unset.</summary>
    public static int WholeNumber(string path, IConfigurationSection section, string key, int min, int max, int fallback, List<ConfigurationError> errors)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(errors);
        if (section[key] is not { Length: > 0 } text)
        {
            return fallback;
        }

        if (int.TryParse(text, out var value) && value >= min && value <= max)
        {
            return value;
        }

        errors.Add(new ConfigurationError($"{path}.{key}", $"'{text}' must be a whole number from {min} to {max}"));
        return fallback;
    }
}
