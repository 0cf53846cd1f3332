namespace Settlement.Worker.CaptureBeforeExpiry;

/// <summary>One configured row of the expiry policy (<c>Settlement:CaptureBeforeExpiry:Rules:&lt;n&gt;</c>); empty criteria match anything.</summary>
public sealed class ExpiryRuleSetting
{
    public string? Brand { get; set; }

    /// <summary><c>final</c>, <c>pre</c>, <c>estimated</c> or <c>incremental</c>.</summary>
    public string? Kind { get; set; }

    public string? MccGroup { get; set; }

    /// <summary><c>customer</c> or <c>merchant</c>.</summary>
    public string? InitiatedBy { get; set; }

    public int ValidityDays { get; set; }

    /// <summary><c>capture</c> (the default) or <c>reverse</c>.</summary>
    public string? Action { get; set; }
}
