using NodaTime;
using Npgsql;
using Settlement.GatewaySimulator;
using Settlement.Reconciliation.Ledger;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Worker.Simulator;

/// <summary>
/// With the built-in simulator as the gateway (no <c>Settlement:Gateway:BaseUrl</c>), a transactions export the
/// worker takes in says what that gateway processed: the simulator learns it, in the file's own transaction, so the
/// chargebacks, captures and rebills the worker then sends on those payments find them, as they would at the real
/// gateway that made the export. Without it every such operation failed with 700.100.100 (reference unknown).
/// </summary>
/// <remarks>
/// Only the lines the ledger took are learned: a line its rules refused is not a payment either side agrees on.
/// Lines are read back from staging in the ledger's own order and chunk size, so memory stays bounded.
/// </remarks>
public sealed partial class SimulatorFeed(string entityId, ILogger<SimulatorFeed> logger)
{
    private const int ChunkSize = 20_000;

    /// <summary>Teaches the simulator the file's lines except <paramref name="refusedLines"/>; returns how many were new to it.</summary>
    public async Task<long> LearnFileAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, long fileId, IReadOnlySet<long> refusedLines, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(refusedLines);
        long learned = 0;
        var after = (Time: Instant.MinValue, Line: 0L);
        while (true)
        {
            var chunk = new List<ExportedTransaction>(ChunkSize);
            var read = 0;
            await using (var command = new NpgsqlCommand(
                """
                SELECT line_number, payment_id, payment_type, referenced_id, merchant_transaction_id, amount_minor, currency, processed_at,
                       result_code, card_brand, card_bin, card_last4, authorization_kind, merchant_category_code, initiated_by
                FROM acquirer.transaction_lines
                WHERE file_id = @file AND (processed_at, line_number) > (@after_time, @after_line)
                ORDER BY processed_at, line_number
                LIMIT @limit
                """,
                connection,
                transaction))
            {
                command.Parameters.AddWithValue("file", fileId);
                command.Parameters.AddWithValue("after_time", after.Time);
                command.Parameters.AddWithValue("after_line", after.Line);
                command.Parameters.AddWithValue("limit", ChunkSize);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    read++;
                    after = (reader.GetFieldValue<Instant>(7), reader.GetInt64(0));
                    if (!refusedLines.Contains(after.Line))
                    {
                        chunk.Add(Read(reader));
                    }
                }
            }

            if (read == 0)
            {
                break;
            }

            learned += await SimulatorStore.LearnAsync(connection, transaction, entityId, chunk, cancellationToken);
        }

        LogLearned(logger, fileId, learned);
        return learned;
    }

    private static ExportedTransaction Read(NpgsqlDataReader reader) => new(
        reader.GetString(1),
        TransactionTypeCode.Parse(reader.GetString(2)),
        Text(reader, 3),
        new Money(reader.GetInt64(5), Currency.FromCode(reader.GetString(6))),
        reader.GetFieldValue<Instant>(7),
        reader.GetString(8),
        Text(reader, 4),
        new PaymentDetails
        {
            CardBrand = Text(reader, 9),
            CardBin = Text(reader, 10),
            CardLast4 = Text(reader, 11),
            AuthorizationKind = AuthorizationKindCode.FromStored(Text(reader, 12)),
            MerchantCategoryCode = Text(reader, 13),
            InitiatedBy = InitiatorCode.FromStored(Text(reader, 14)),
        });

    private static string? Text(NpgsqlDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);

    [LoggerMessage(EventId = LogEvents.BuiltInSimulator.Learned, Level = LogLevel.Information, Message = "File {FileId}: the built-in gateway simulator learned {Count} transactions of the export")]
    private static partial void LogLearned(ILogger logger, long fileId, long count);
}
