using Microsoft.Extensions.Options;
using NodaTime;

namespace Settlement.GatewaySimulator.AcquirerFiles;

/// <summary>Writes a business date's acquirer files from the simulator's stored transactions into a folder.</summary>
public sealed class AcquirerFileService(SimulatorStore store, IOptions<SimulatorOptions> options)
{
    /// <summary>The configured file options, to copy and change per request.</summary>
    public AcquirerFileOptions Defaults => options.Value.AcquirerFiles;

    /// <summary>
    /// Writes <c>settlement-YYYY-MM-DD.csv</c> and <c>chargebacks-YYYY-MM-DD.csv</c> into <paramref name="folder"/>
    /// (created if needed; existing files replaced) and returns their paths and the discrepancy manifest. With
    /// <paramref name="settlement"/> or <paramref name="chargebacks"/> false that file is not written (an acquirer
    /// sends its dispute file apart from its settlement file), and neither are its discrepancies listed.
    /// </summary>
    public async Task<AcquirerFileSet> WriteAsync(
        LocalDate date, string folder, AcquirerFileOptions? fileOptions, CancellationToken cancellationToken, bool settlement = true, bool chargebacks = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        var chosen = fileOptions ?? Defaults;
        var transactions = await store.PaymentsTouchedOnAsync(date, cancellationToken);
        var files = AcquirerFileWriter.Write(date, transactions, chosen);
        Directory.CreateDirectory(folder);
        var day = date.ToString("uuuu'-'MM'-'dd", System.Globalization.CultureInfo.InvariantCulture);
        var settlementPath = settlement ? Path.GetFullPath(Path.Combine(folder, $"settlement-{day}.csv")) : null;
        var chargebacksPath = chargebacks ? Path.GetFullPath(Path.Combine(folder, $"chargebacks-{day}.csv")) : null;
        if (settlementPath is not null)
        {
            await WriteAtomicallyAsync(settlementPath, files.SettlementCsv, cancellationToken);
        }

        if (chargebacksPath is not null)
        {
            await WriteAtomicallyAsync(chargebacksPath, files.ChargebacksCsv, cancellationToken);
        }

        var written = files.Discrepancies.Where(discrepancy => discrepancy.File == AcquirerFileWriter.SettlementFile ? settlement : chargebacks).ToList();
        return new AcquirerFileSet(settlementPath, settlement ? files.SettlementLines : 0, chargebacksPath, chargebacks ? files.ChargebackLines : 0, written);
    }

    // Written beside and renamed, so a drop-folder watcher never picks up half a file.
    private static async Task WriteAtomicallyAsync(string path, string text, CancellationToken cancellationToken)
    {
        var partial = path + ".partial";
        await File.WriteAllTextAsync(partial, text, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false), cancellationToken);
        File.Move(partial, path, overwrite: true);
    }
}
