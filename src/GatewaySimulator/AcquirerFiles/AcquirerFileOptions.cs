namespace Settlement.GatewaySimulator.AcquirerFiles;

/// <summary>
/// How the simulator's acquirer files come out (section <c>Simulator:AcquirerFiles</c>; each value can be
/// overridden per request). Rates are probabilities 0–1 drawn per line from <see cref="Seed"/>, so one seed
/// over one state always gives the same files.
/// </summary>
public sealed class AcquirerFileOptions
{
    /// <summary>The seed of every draw. Default 1.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>The acquirer's fee on a SETTLED line, percent of the settled amount. Default 1.5.</summary>
    public decimal FeePercent { get; set; } = 1.5m;

    /// <summary>A FEE line per batch of this amount (settlement currency). Default 0.25; 0 writes none.</summary>
    public decimal BatchFee { get; set; } = 0.25m;

    /// <summary>Share of transaction lines left out of the settlement file. Default 0.</summary>
    public double MissingLineRate { get; set; }

    /// <summary>Share of transaction lines whose gross differs from the gateway's amount (by 0.01–1.00). Default 0.</summary>
    public double AmountDifferenceRate { get; set; }

    /// <summary>Share of transaction lines settled twice (same content, another line_id). Default 0.</summary>
    public double DuplicateRate { get; set; }

    /// <summary>Share of transaction lines settled in another currency with an exchange rate. Default 0.</summary>
    public double FxRate { get; set; }

    /// <summary>Share of transaction lines for which a line settling a payment id the gateway never issued is added, after the day's lines. Default 0.</summary>
    public double UnknownLineRate { get; set; }

    /// <summary>The currency FX lines settle in. Default USD (EUR for USD transactions).</summary>
    public string FxCurrency { get; set; } = "USD";

    /// <summary>Share of settled DB/CP/RB lines that get a chargeback the gateway never had. Default 0.</summary>
    public double ExtraChargebackRate { get; set; }

    /// <summary>Share of open chargebacks that get a reversal the gateway never had. Default 0.</summary>
    public double ExtraReversalRate { get; set; }

    /// <summary>A copy to change per request.</summary>
    public AcquirerFileOptions Copy() => (AcquirerFileOptions)MemberwiseClone();

    internal IReadOnlyList<string> Validate()
    {
        double[] rates = [MissingLineRate, AmountDifferenceRate, DuplicateRate, FxRate, UnknownLineRate, ExtraChargebackRate, ExtraReversalRate];
        var problems = new List<string>();
        if (rates.Any(rate => rate is < 0 or > 1 || double.IsNaN(rate)))
        {
            problems.Add("discrepancy rates must be between 0 and 1");
        }

        if (FeePercent is < 0 or > 100 || BatchFee < 0)
        {
            problems.Add("FeePercent must be between 0 and 100 and BatchFee not negative");
        }

        if (!Reconciliation.Monetary.Currency.TryFind(FxCurrency, out _))
        {
            problems.Add("FxCurrency must be an ISO 4217 code");
        }

        return problems;
    }
}
