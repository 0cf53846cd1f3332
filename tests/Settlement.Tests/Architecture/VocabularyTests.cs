using Settlement.Reconciliation.Database;
using Settlement.Reconciliation.Exceptions;

namespace Settlement.Tests.Architecture;

/// <summary>The named vocabularies hold each value once.</summary>
public sealed class VocabularyTests
{
    [Fact]
    public void Advisory_lock_keys_are_distinct()
    {
        var keys = typeof(AdvisoryLockKeys).GetFields().Where(field => field.IsLiteral && field.FieldType == typeof(long))
            .Select(field => (field.Name, Key: (long)field.GetRawConstantValue()!)).ToList();
        Assert.True(keys.Count >= 5, $"found {keys.Count} keys");
        var shared = keys.GroupBy(key => key.Key).Where(group => group.Count() > 1).Select(group => string.Join(" = ", group.Select(key => key.Name))).ToList();
        Assert.True(shared.Count == 0, "keys shared: " + string.Join("; ", shared));
    }

    [Fact]
    public void Exception_kind_codes_are_distinct_and_read_back()
    {
        Assert.Equal(ExceptionKind.All.Count, ExceptionKind.All.Select(kind => kind.Code).Distinct(StringComparer.Ordinal).Count());
        Assert.All(ExceptionKind.All, kind => Assert.Same(kind, ExceptionKind.FromCode(kind.Code)));
        Assert.Null(ExceptionKind.FromCode("no_such_kind"));
    }
}
