using System.Reflection;
using Microsoft.Extensions.Logging;
using Settlement.Reconciliation.Logging;

namespace Settlement.Tests.Architecture;

/// <summary>
/// Log event ids are how alerts and dashboards select events: every [LoggerMessage] of the shipped assemblies
/// names an id of <see cref="LogEvents"/>, no two messages share one, and each lies in its area's range.
/// </summary>
public sealed class LogEventIdTests
{
    private static readonly IReadOnlyList<(string Method, int EventId)> Messages =
    [
        .. ProductAssemblies.Types
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Select(method => (Method: $"{method.DeclaringType!.FullName}.{method.Name}", Attribute: method.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(entry => entry.Attribute is not null)
            .Select(entry => (entry.Method, entry.Attribute!.EventId)),
    ];

    private static readonly IReadOnlyList<Area> Areas =
    [
        .. typeof(LogEvents).GetNestedTypes().Select(area =>
        {
            var ids = area.GetFields().Where(field => field.IsLiteral).ToDictionary(field => field.Name, field => (int)field.GetRawConstantValue()!, StringComparer.Ordinal);
            return new Area(area.Name, ids["First"], ids["Last"], ids.Where(id => id.Key is not ("First" or "Last")).ToDictionary(StringComparer.Ordinal));
        }),
    ];

    [Fact]
    public void The_assemblies_have_log_messages_to_check() =>
        Assert.True(Messages.Count > 50, $"found only {Messages.Count} [LoggerMessage] methods; is the reflection looking in the right place?");

    [Fact]
    public void No_two_log_messages_share_an_event_id()
    {
        var shared = Messages.GroupBy(message => message.EventId).Where(group => group.Count() > 1)
            .Select(group => $"{group.Key}: {string.Join(", ", group.Select(message => message.Method))}").ToList();
        Assert.True(shared.Count == 0, "event ids used twice: " + string.Join("; ", shared));
    }

    [Fact]
    public void Every_event_id_is_named_in_LogEvents_inside_its_area()
    {
        var named = Areas.SelectMany(area => area.Ids.Values).ToHashSet();
        var unnamed = Messages.Where(message => !named.Contains(message.EventId)).Select(message => $"{message.Method} ({message.EventId})").ToList();
        Assert.True(unnamed.Count == 0, "event ids not in LogEvents: " + string.Join(", ", unnamed));
        var outside = Areas.SelectMany(area => area.Ids.Where(id => id.Value < area.First || id.Value > area.Last).Select(id => $"{area.Name}.{id.Key} = {id.Value} (range {area.First}-{area.Last})")).ToList();
        Assert.True(outside.Count == 0, "event ids outside their area: " + string.Join(", ", outside));
    }

    [Fact]
    public void Areas_do_not_overlap_and_name_each_id_once()
    {
        var ordered = Areas.OrderBy(area => area.First).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            Assert.True(ordered[i].First > ordered[i - 1].Last, $"{ordered[i].Name} ({ordered[i].First}-{ordered[i].Last}) overlaps {ordered[i - 1].Name} ({ordered[i - 1].First}-{ordered[i - 1].Last})");
        }

        var twice = Areas.SelectMany(area => area.Ids.Select(id => (Name: $"{area.Name}.{id.Key}", Id: id.Value))).GroupBy(id => id.Id).Where(group => group.Count() > 1)
            .Select(group => string.Join(" = ", group.Select(id => id.Name))).ToList();
        Assert.True(twice.Count == 0, "one id, two names: " + string.Join("; ", twice));
    }

    private sealed record Area(string Name, int First, int Last, IReadOnlyDictionary<string, int> Ids);
}
