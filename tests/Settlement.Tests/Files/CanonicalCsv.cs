using System.Text;
using Settlement.Reconciliation;
using Settlement.Reconciliation.Files;

namespace Settlement.Tests.Files;

/// <summary>Reads small inline CSVs through <see cref="CanonicalFileReader"/> the way the pipeline will.</summary>
internal static class CanonicalCsv
{
    internal const string SettlementHeader =
        "line_id,settlement_date,batch_id,record_type,payment_id,merchant_transaction_id,arn,gross_amount,transaction_currency,settlement_currency,exchange_rate,fee_amount,net_amount";

    internal static Task<Outcome> ReadAsync(string text, FileReadOptions? options = null) => ReadAsync(Encoding.UTF8.GetBytes(text), options);

    internal static async Task<Outcome> ReadAsync(byte[] bytes, FileReadOptions? options = null)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        var opened = await CanonicalFileReader.OpenAsync(stream, options ?? new FileReadOptions(), TestContext.Current.CancellationToken);
        if (!opened.TryGetValue(out var file, out var rejection))
        {
            return new Outcome(null, rejection, [], []);
        }

        await using (file)
        {
            var lines = new List<CanonicalLine>();
            var errors = new List<LineError>();
            await foreach (var result in file.ReadLinesAsync(TestContext.Current.CancellationToken))
            {
                if (result.TryGetValue(out var line, out var error))
                {
                    lines.Add(line);
                }
                else
                {
                    errors.Add(error);
                }
            }

            return new Outcome(file.Kind, null, lines, errors);
        }
    }

    internal sealed record Outcome(FileKind? Kind, FileRejection? Rejection, List<CanonicalLine> Lines, List<LineError> Errors)
    {
        public FileRejection Rejected => Rejection ?? throw new InvalidOperationException($"the file was not rejected: {Lines.Count} lines, {Errors.Count} errors");

        public LineError SingleError => Assert.Single(Errors);

        public IEnumerable<long> LineNumbers => Lines.Select(line => line.LineNumber);
    }
}
