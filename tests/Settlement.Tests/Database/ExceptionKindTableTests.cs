using Npgsql;
using Settlement.Reconciliation.Exceptions;

namespace Settlement.Tests.Database;

/// <summary>The exception kinds of the code are the rows of <c>recon.exception_kinds</c>, and only those can be stored.</summary>
public sealed class ExceptionKindTableTests(FreshDatabase database) : IClassFixture<FreshDatabase>
{
    [Fact]
    public async Task The_catalogue_in_the_code_equals_the_table()
    {
        await using var command = database.DataSource.CreateCommand("SELECT kind, raised_by FROM recon.exception_kinds");
        var rows = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken))
        {
            while (await reader.ReadAsync(TestContext.Current.CancellationToken))
            {
                rows.Add($"{reader.GetString(0)} ({reader.GetString(1)})");
            }
        }

        Assert.Equal(ExceptionKind.All.Select(kind => $"{kind.Code} ({kind.RaisedBy})").Order(StringComparer.Ordinal), rows.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_kind_outside_the_table_is_refused()
    {
        await using var command = database.DataSource.CreateCommand(
            "INSERT INTO recon.exceptions (kind, subject, summary, raised_at) VALUES ('no_such_kind', 'x', 'x', now())");

        var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken));
        Assert.Equal(PostgresErrorCodes.ForeignKeyViolation, refused.SqlState);
    }
}
