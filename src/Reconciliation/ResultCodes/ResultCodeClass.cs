namespace Settlement.Reconciliation.ResultCodes;

/// <summary>What a gateway result code means for the worker (docs/gateway-api.md#result-codes).</summary>
public enum ResultCodeClass
{
    /// <summary>Processed; record the leg.</summary>
    Success,

    /// <summary>Processed, but a person should review it: record the leg and raise an exception.</summary>
    SuccessNeedsReview,

    /// <summary>Not final yet: poll later with the query API.</summary>
    Pending,

    /// <summary>A chargeback notice (000.100.2xx), not the answer to a request.</summary>
    ChargebackNotice,

    /// <summary>Communication or system trouble; the outcome may be unknown: query first, then retry.</summary>
    Transient,

    /// <summary>The bank, risk checks or 3-D Secure said no: do not retry by itself.</summary>
    Declined,

    /// <summary>The request was wrong (reference, format, configuration, amount): a bug or bad data, never retried by itself.</summary>
    InvalidRequest,

    /// <summary>Any other code: a failure.</summary>
    Failure,
}
