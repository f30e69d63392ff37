// Licensed under the MIT license.

namespace AliDdnsHa.Tests.Observability;

/// <summary>One PromQL expression of the dashboard and where it sits.</summary>
internal sealed record DashboardQuery(string Where, string Expression)
{
    public override string ToString() => Where;
}
