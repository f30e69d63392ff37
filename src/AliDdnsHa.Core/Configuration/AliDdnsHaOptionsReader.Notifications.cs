// Licensed under the MIT license.

using AliDdnsHa.Diagnostics;
using Microsoft.Extensions.Configuration;

namespace AliDdnsHa.Configuration;

public sealed partial class AliDdnsHaOptionsReader
{
    private static readonly string[] s_notificationKeys = ["Name", "Type", "Url", "Secret", "SecretFile", "Events", "Language", "MaxPerMinute", "BatchWindow"];

    private IEnumerable<NotificationOptions> ReadNotifications(IConfigurationSection section)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (child, path) in ReadList(section, "Notifications"))
        {
            CheckKeys(child.GetChildren(), path, s_notificationKeys);
            var sink = new NotificationOptions
            {
                Name = Trimmed(child["Name"]) ?? "",
                Type = ReadEnum(child, "Type", $"{path}.Type", NotificationType.Webhook),
                Language = Trimmed(child["Language"]),
                MaxPerMinute = ReadInt(child, "MaxPerMinute", $"{path}.MaxPerMinute") ?? 20,
                BatchWindow = ReadDuration(child, "BatchWindow", $"{path}.BatchWindow") ?? TimeSpan.FromSeconds(2),
            };
            if (sink.Name.Length == 0)
            {
                Error($"{path}.Name", "is required (it names the sink in logs and in aliddnsha_notifications_total)");
            }
            else if (!names.Add(sink.Name))
            {
                Error($"{path}.Name", $"'{sink.Name}' is used by another sink");
            }

            if (Trimmed(child["Type"]) is null)
            {
                Error($"{path}.Type", $"is required (one of: {string.Join(", ", Enum.GetNames<NotificationType>())})");
            }

            var url = Trimmed(child["Url"]);
            if (url is null)
            {
                Error($"{path}.Url", "is required");
            }
            else if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                // The URL usually carries the robot's token: say what is wrong without echoing it.
                Error($"{path}.Url", "is not an absolute http(s) URL");
            }
            else
            {
                sink.Url = uri;
            }

            sink.Secret = ReadInlineOrFile(child, path, "Secret", trimAll: true)?.Value;
            if (sink.Language is { } language && !language.StartsWith("zh", StringComparison.OrdinalIgnoreCase) && !language.StartsWith("en", StringComparison.OrdinalIgnoreCase))
            {
                Error($"{path}.Language", $"'{language}' is not zh-CN or en");
            }

            if (sink.MaxPerMinute is < 1 or > 600)
            {
                Error($"{path}.MaxPerMinute", $"{sink.MaxPerMinute} is outside 1-600");
            }

            if (sink.BatchWindow < TimeSpan.Zero || sink.BatchWindow > TimeSpan.FromMinutes(5))
            {
                Error($"{path}.BatchWindow", "must be between 0s and 5m");
            }

            if (child.GetSection("Events").Exists())
            {
                sink.Events.Clear();
                foreach (var (value, valuePath) in ReadValues(child.GetSection("Events"), $"{path}.Events"))
                {
                    if (!ControllerEventKinds.All.Contains(value, StringComparer.Ordinal))
                    {
                        Error(valuePath, $"'{value}' is not an event (one of: {string.Join(", ", ControllerEventKinds.All)})");
                    }

                    sink.Events.Add(value);
                }
            }

            yield return sink;
        }
    }
}
