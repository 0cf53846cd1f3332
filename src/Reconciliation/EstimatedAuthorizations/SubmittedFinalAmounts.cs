using System.Security.Cryptography;
using System.Text;
using NodaTime;
using Npgsql;
using Settlement.Reconciliation.Files;
using Settlement.Reconciliation.Monetary;

namespace Settlement.Reconciliation.EstimatedAuthorizations;

/// <summary>
/// Final amounts sent one at a time (<c>POST /api/final-amounts</c>), stored the way a final-amounts file stores
/// its lines: an <c>intake.files</c> record of kind <c>final-amounts</c> holding one line in
/// <c>acquirer.final_amounts</c>, with the same dedupe key (one final amount per payment, whether it came in a
/// file or over HTTP). The automation then acts on it like on any file line.
/// </summary>
public sealed class SubmittedFinalAmounts(NpgsqlDataSource dataSource, IClock clock)
{
    /// <summary>Stores the final amount, or says why not (no reference; the payment already has a final amount).</summary>
    /// <param name="paymentId">The gateway id of the PA or DB, or null.</param>
    /// <param name="merchantTransactionId">The merchant reference, when no payment id is given.</param>
    /// <param name="finalAmount">What the stay or ride finally cost.</param>
    /// <param name="reference">A folio or trip number for the audit trail.</param>
    /// <param name="submittedBy">Who sent it.</param>
    /// <param name="cancellationToken">Cancels the store.</param>
    public async Task<Result<SubmittedFinalAmount, string>> SubmitAsync(
        string? paymentId, string? merchantTransactionId, Money finalAmount, string? reference, string submittedBy, CancellationToken cancellationToken)
    {
        // Ids and references are masked like file fields: a card number pasted into one is never stored.
        paymentId = string.IsNullOrWhiteSpace(paymentId) ? null : CardNumberMasker.Mask(paymentId.Trim());
        merchantTransactionId = string.IsNullOrWhiteSpace(merchantTransactionId) ? null : CardNumberMasker.Mask(merchantTransactionId.Trim());
        reference = string.IsNullOrWhiteSpace(reference) ? null : CardNumberMasker.Mask(reference.Trim());
        if (paymentId is null && merchantTransactionId is null)
        {
            return "give the payment id or the merchant reference of the estimated payment";
        }

        // The same key as a file line's (AcquirerLineStager): a payment closes once.
        var dedupeKey = paymentId is not null ? "payment:" + paymentId : "merchant:" + merchantTransactionId;
        var now = clock.GetCurrentInstant();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        long fileId;
        await using (var intake = new NpgsqlCommand(
            """
            INSERT INTO intake.files (sha256, original_name, size_bytes, status, kind, claimed_by, claimed_at, finished_at,
                lines_total, lines_ok, lines_rejected, lines_duplicate)
            VALUES (@sha256, @name, 0, 'processed', 'final-amounts', @by, @now, @now, 1, 1, 0, 0)
            ON CONFLICT (sha256) WHERE status IN ('processing', 'processed') DO NOTHING
            RETURNING file_id
            """,
            connection,
            transaction))
        {
            // Its identity is its dedupe key: sending the same payment's final amount again is the same content.
            intake.Parameters.AddWithValue("sha256", SHA256.HashData(Encoding.UTF8.GetBytes("POST /api/final-amounts\n" + dedupeKey)));
            intake.Parameters.AddWithValue("name", $"POST /api/final-amounts by {submittedBy}");
            intake.Parameters.AddWithValue("by", submittedBy);
            intake.Parameters.AddWithValue("now", now);
            if (await intake.ExecuteScalarAsync(cancellationToken) is not long inserted)
            {
                return await AlreadyKnownAsync(dedupeKey, cancellationToken);
            }

            fileId = inserted;
        }

        await using (var line = new NpgsqlCommand(
            """
            INSERT INTO acquirer.final_amounts (file_id, line_number, source, payment_id, merchant_transaction_id, final_minor, currency, reference, dedupe_key)
            VALUES (@file, 1, 'canonical', @payment, @merchant, @minor, @currency, @reference, @key)
            ON CONFLICT (source, dedupe_key) DO NOTHING
            """,
            connection,
            transaction))
        {
            line.Parameters.AddWithValue("file", fileId);
            line.Parameters.AddWithValue("payment", (object?)paymentId ?? DBNull.Value);
            line.Parameters.AddWithValue("merchant", (object?)merchantTransactionId ?? DBNull.Value);
            line.Parameters.AddWithValue("minor", finalAmount.MinorUnits);
            line.Parameters.AddWithValue("currency", finalAmount.Currency.Code);
            line.Parameters.AddWithValue("reference", (object?)reference ?? DBNull.Value);
            line.Parameters.AddWithValue("key", dedupeKey);
            if (await line.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                await transaction.RollbackAsync(cancellationToken);
                return await AlreadyKnownAsync(dedupeKey, cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return new SubmittedFinalAmount(fileId, 1);
    }

    private async Task<string> AlreadyKnownAsync(string dedupeKey, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT i.original_name, f.line_number, f.final_minor, f.currency
            FROM acquirer.final_amounts f JOIN intake.files i ON i.file_id = f.file_id
            WHERE f.source = 'canonical' AND f.dedupe_key = @key
            """);
        command.Parameters.AddWithValue("key", dedupeKey);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var known = await reader.ReadAsync(cancellationToken)
            ? $"{new Money(reader.GetInt64(2), Currency.FromCode(reader.GetString(3)))} from {reader.GetString(0)} line {reader.GetInt64(1)}"
            : "being stored right now";
        return $"{dedupeKey.Replace(":", " ", StringComparison.Ordinal)} already has a final amount ({known}): a payment closes once";
    }
}
