using NodaTime;
using Npgsql;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Reconciliation.Exceptions;

/// <summary>
/// The people's side of exception cases: the worklist (filtered, sorted, paged), assigning a case to a person, a
/// thread of comments per case, and resolving one or many with a note. Every change writes its entry to the case's
/// thread (<c>recon.exception_activity</c>) in the same transaction, naming who made it.
/// </summary>
public sealed class ExceptionCasework(NpgsqlDataSource dataSource, IClock clock)
{
    private const string Columns =
        "exception_id, kind, subject, summary, status, raised_at, resolved_at, resolved_by, note, assignee, currency, amount_minor, payment_id, file_id, line_number, file_name, comments";

    /// <summary>One page (from 1) of the cases the filter matches.</summary>
    public async Task<WorklistPage> ListAsync(ExceptionFilter filter, ExceptionSla sla, int page, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        page = Math.Max(1, page);
        var cases = await QueryAsync(filter, sla, pageSize, (page - 1) * pageSize, cancellationToken);
        await using var count = dataSource.CreateCommand($"SELECT count(*) FROM recon.exception_worklist e WHERE {Where}");
        Bind(count, filter, sla);
        var total = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
        return new WorklistPage(cases, total, page, pageSize);
    }

    /// <summary>Every case the filter matches, in its order (for an export of the current view).</summary>
    public Task<IReadOnlyList<WorklistCase>> AllAsync(ExceptionFilter filter, ExceptionSla sla, CancellationToken cancellationToken) =>
        QueryAsync(filter, sla, limit: null, offset: 0, cancellationToken);

    /// <summary>One case with what it is about; null when there is none with that id.</summary>
    public async Task<WorklistCase?> FindAsync(long id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM recon.exception_worklist WHERE exception_id = @id");
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>The cases about one payment (its legs, its lines, its operations), newest first.</summary>
    public async Task<IReadOnlyList<WorklistCase>> OfPaymentAsync(string paymentId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM recon.exception_worklist WHERE payment_id = @payment ORDER BY raised_at DESC, exception_id");
        command.Parameters.AddWithValue("payment", paymentId);
        return await ReadAllAsync(command, cancellationToken);
    }

    /// <summary>A case's thread, oldest first.</summary>
    public async Task<IReadOnlyList<ExceptionActivity>> ThreadAsync(long id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT activity_id, exception_id, occurred_at, actor, action, body FROM recon.exception_activity WHERE exception_id = @id ORDER BY activity_id");
        command.Parameters.AddWithValue("id", id);
        var thread = new List<ExceptionActivity>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            thread.Add(new ExceptionActivity(reader.GetInt64(0), reader.GetInt64(1), reader.GetFieldValue<Instant>(2), reader.GetString(3), reader.GetString(4), reader.GetString(5)));
        }

        return thread;
    }

    /// <summary>The people cases are or were assigned to, for the assignee choices.</summary>
    public async Task<IReadOnlyList<string>> AssigneesAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT DISTINCT assignee FROM recon.exceptions WHERE assignee IS NOT NULL ORDER BY 1");
        var people = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            people.Add(reader.GetString(0));
        }

        return people;
    }

    /// <summary>The files some case comes from, for the file choices: id and name.</summary>
    public async Task<IReadOnlyList<(long FileId, string Name)>> FilesAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT DISTINCT f.file_id, f.original_name FROM recon.exceptions e JOIN intake.files f USING (file_id) ORDER BY 1 DESC");
        var files = new List<(long, string)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            files.Add((reader.GetInt64(0), reader.GetString(1)));
        }

        return files;
    }

    /// <summary>How many cases are open, and how many of those are past their SLA.</summary>
    public async Task<(long Open, long Late)> OpenCountsAsync(ExceptionSla sla, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT count(*), count(*) FILTER (WHERE {Late}) FROM recon.exceptions e WHERE e.status = 'open'");
        BindSla(command, sla);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>
    /// Assigns the cases to <paramref name="assignee"/> (nobody when blank), each change in its thread; cases already
    /// with that person are left as they are. The ids of the cases whose assignment changed.
    /// </summary>
    public async Task<Result<IReadOnlyList<long>, string>> AssignAsync(IReadOnlyCollection<long> ids, string? assignee, string by, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0)
        {
            return "choose the cases to assign";
        }

        var person = string.IsNullOrWhiteSpace(assignee) ? null : assignee.Trim();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var assign = new NpgsqlCommand(
            """
            UPDATE recon.exceptions SET assignee = @assignee
            WHERE exception_id = ANY(@ids) AND assignee IS DISTINCT FROM @assignee
            RETURNING exception_id
            """,
            connection,
            transaction);
        assign.Parameters.AddWithValue("assignee", NpgsqlTypes.NpgsqlDbType.Text, (object?)person ?? DBNull.Value);
        assign.Parameters.AddWithValue("ids", ids.ToArray());
        var changed = await IdsAsync(assign, cancellationToken);
        await RecordAsync(connection, transaction, changed, by, person is null ? "unassigned" : "assigned", person ?? string.Empty, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Result<IReadOnlyList<long>, string>.Success(changed);
    }

    /// <summary>Adds a comment to a case's thread.</summary>
    public async Task<Result<ExceptionActivity, string>> CommentAsync(long id, string comment, string by, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(comment))
        {
            return "write the comment first";
        }

        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO recon.exception_activity (exception_id, occurred_at, actor, action, body)
            SELECT exception_id, @now, @by, 'commented', @body FROM recon.exceptions WHERE exception_id = @id
            RETURNING activity_id, occurred_at
            """);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("now", clock.GetCurrentInstant());
        command.Parameters.AddWithValue("by", by);
        command.Parameters.AddWithValue("body", comment.Trim());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new ExceptionActivity(reader.GetInt64(0), id, reader.GetFieldValue<Instant>(1), by, "commented", comment.Trim())
            : $"there is no exception {id}";
    }

    /// <summary>
    /// Resolves the open cases among <paramref name="ids"/> with one note, in one transaction, each in its thread.
    /// The ids resolved; a refusal when there is no note or none of them was open.
    /// </summary>
    public async Task<Result<IReadOnlyList<long>, string>> ResolveAsync(IReadOnlyCollection<long> ids, string note, string by, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0)
        {
            return "choose the cases to resolve";
        }

        if (string.IsNullOrWhiteSpace(note))
        {
            return "a note is required: say what was done about it";
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var resolve = new NpgsqlCommand(
            """
            UPDATE recon.exceptions SET status = 'resolved', resolved_at = @now, resolved_by = @by, note = @note
            WHERE exception_id = ANY(@ids) AND status = 'open'
            RETURNING exception_id
            """,
            connection,
            transaction);
        resolve.Parameters.AddWithValue("now", clock.GetCurrentInstant());
        resolve.Parameters.AddWithValue("by", by);
        resolve.Parameters.AddWithValue("note", note.Trim());
        resolve.Parameters.AddWithValue("ids", ids.ToArray());
        var resolved = await IdsAsync(resolve, cancellationToken);
        if (resolved.Count == 0)
        {
            return ids.Count == 1 ? $"exception {ids.First()} is not open" : "none of these exceptions is open";
        }

        await RecordAsync(connection, transaction, resolved, by, "resolved", note.Trim(), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Result<IReadOnlyList<long>, string>.Success(resolved);
    }

    private async Task<IReadOnlyList<WorklistCase>> QueryAsync(ExceptionFilter filter, ExceptionSla sla, int? limit, int offset, CancellationToken cancellationToken)
    {
        var direction = filter.Descending ? "DESC" : "ASC";
        var order = filter.Sort switch
        {
            ExceptionSort.Kind => $"e.kind {direction}, e.raised_at",
            // Amounts of different currencies are not comparable: by currency first, then amount.
            ExceptionSort.Amount => $"e.currency {direction} NULLS LAST, e.amount_minor {direction} NULLS LAST",
            ExceptionSort.Assignee => $"e.assignee {direction} NULLS LAST, e.raised_at",
            ExceptionSort.Id => $"e.exception_id {direction}",
            _ => $"e.raised_at {direction}",
        };
        await using var command = dataSource.CreateCommand(
            $"SELECT {Columns} FROM recon.exception_worklist e WHERE {Where} ORDER BY {order}, e.exception_id {direction} LIMIT @limit OFFSET @offset");
        Bind(command, filter, sla);
        command.Parameters.AddWithValue("limit", NpgsqlTypes.NpgsqlDbType.Integer, (object?)limit ?? DBNull.Value);
        command.Parameters.AddWithValue("offset", offset);
        return await ReadAllAsync(command, cancellationToken);
    }

    // Past its kind's SLA: the hours come as two parallel arrays, kinds without one take the default.
    private const string Late =
        "e.raised_at < @now - make_interval(secs => coalesce((SELECT s.hours FROM unnest(@sla_kinds::text[], @sla_hours::float8[]) AS s(kind, hours) WHERE s.kind = e.kind), @sla_default) * 3600)";

    private const string Where =
        $"""
        (@kind::text IS NULL OR e.kind = @kind)
        AND (@status::text IS NULL OR e.status = @status)
        AND (@min_age::int IS NULL OR e.raised_at <= @now - make_interval(days => @min_age))
        AND (NOT @overdue OR (e.status = 'open' AND {Late}))
        AND (@currency::text IS NULL OR e.currency = @currency)
        AND (@min_amount::numeric IS NULL OR e.amount_minor::numeric / power(10::numeric, recon.currency_exponent(e.currency)) >= @min_amount)
        AND (@max_amount::numeric IS NULL OR e.amount_minor::numeric / power(10::numeric, recon.currency_exponent(e.currency)) <= @max_amount)
        AND (@file::bigint IS NULL OR e.file_id = @file)
        AND (@assignee::text IS NULL OR (@assignee = '{ExceptionFilter.Unassigned}' AND e.assignee IS NULL) OR e.assignee = @assignee)
        """;

    private void Bind(NpgsqlCommand command, ExceptionFilter filter, ExceptionSla sla)
    {
        static object Or(object? value) => value ?? DBNull.Value;
        command.Parameters.AddWithValue("kind", NpgsqlTypes.NpgsqlDbType.Text, Or(Blank(filter.Kind)));
        command.Parameters.AddWithValue("status", NpgsqlTypes.NpgsqlDbType.Text, Or(Blank(filter.Status)));
        command.Parameters.AddWithValue("min_age", NpgsqlTypes.NpgsqlDbType.Integer, Or(filter.MinAgeDays));
        command.Parameters.AddWithValue("overdue", filter.OverdueOnly);
        command.Parameters.AddWithValue("currency", NpgsqlTypes.NpgsqlDbType.Text, Or(Blank(filter.Currency)?.ToUpperInvariant()));
        command.Parameters.AddWithValue("min_amount", NpgsqlTypes.NpgsqlDbType.Numeric, Or(filter.MinAmount));
        command.Parameters.AddWithValue("max_amount", NpgsqlTypes.NpgsqlDbType.Numeric, Or(filter.MaxAmount));
        command.Parameters.AddWithValue("file", NpgsqlTypes.NpgsqlDbType.Bigint, Or(filter.FileId));
        command.Parameters.AddWithValue("assignee", NpgsqlTypes.NpgsqlDbType.Text, Or(Blank(filter.Assignee)));
        BindSla(command, sla);
    }

    private void BindSla(NpgsqlCommand command, ExceptionSla sla)
    {
        ArgumentNullException.ThrowIfNull(sla);
        command.Parameters.AddWithValue("now", clock.GetCurrentInstant());
        command.Parameters.AddWithValue("sla_kinds", sla.PerKind.Keys.ToArray());
        command.Parameters.AddWithValue("sla_hours", sla.PerKind.Values.Select(duration => duration.TotalHours).ToArray());
        command.Parameters.AddWithValue("sla_default", sla.Fallback.TotalHours);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private async Task RecordAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<long> ids, string by, string action, string body, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return;
        }

        var now = clock.GetCurrentInstant();
        await using var record = new NpgsqlCommand(
            """
            INSERT INTO recon.exception_activity (exception_id, occurred_at, actor, action, body)
            SELECT id, @now, @by, @action, @body FROM unnest(@ids) AS id
            """,
            connection,
            transaction);
        record.Parameters.AddWithValue("now", now);
        record.Parameters.AddWithValue("by", by);
        record.Parameters.AddWithValue("action", action);
        record.Parameters.AddWithValue("body", body);
        record.Parameters.AddWithValue("ids", ids.ToArray());
        await record.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<IReadOnlyList<long>> IdsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var ids = new List<long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }

    private static async Task<IReadOnlyList<WorklistCase>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var cases = new List<WorklistCase>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            cases.Add(Read(reader));
        }

        return cases;
    }

    private static WorklistCase Read(NpgsqlDataReader reader)
    {
        var item = ExceptionStore.Read(reader);
        Money? amount = !reader.IsDBNull(10) && !reader.IsDBNull(11) && Monetary.Currency.TryFind(reader.GetString(10), out var currency)
            ? new Money(reader.GetInt64(11), currency)
            : null;
        return new WorklistCase(
            item,
            reader.IsDBNull(9) ? null : reader.GetString(9),
            amount,
            reader.IsDBNull(12) ? null : reader.GetString(12),
            reader.IsDBNull(13) ? null : reader.GetInt64(13),
            reader.IsDBNull(14) ? null : reader.GetInt64(14),
            reader.IsDBNull(15) ? null : reader.GetString(15),
            reader.GetInt64(16));
    }
}
