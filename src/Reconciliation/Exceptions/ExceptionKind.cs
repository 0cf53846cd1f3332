namespace Settlement.Reconciliation.Exceptions;

/// <summary>
/// What an exception case is about: the closed list of kinds a capability may raise. <see cref="Code"/> is what
/// <c>recon.exceptions.kind</c> holds, what the command line, the API and the reconciliation page show, and what the
/// runbook is indexed by; the database keeps the same list (a test checks the two agree), so a kind no code
/// knows cannot be stored.
/// </summary>
public sealed class ExceptionKind : IEquatable<ExceptionKind>
{
    private static readonly List<ExceptionKind> Known = [];

    /// <summary>A settlement line no ledger leg explains (matching).</summary>
    public static readonly ExceptionKind UnmatchedLine = new("unmatched_line", "matching");

    /// <summary>A line matched a leg whose amount it does not agree with, beyond the tolerance (matching).</summary>
    public static readonly ExceptionKind AmountMismatch = new("amount_mismatch", "matching");

    /// <summary>A line matched a leg of another currency (matching).</summary>
    public static readonly ExceptionKind CurrencyMismatch = new("currency_mismatch", "matching");

    /// <summary>A line names a leg another line settled already (matching).</summary>
    public static readonly ExceptionKind DuplicateLine = new("duplicate_line", "matching");

    /// <summary>A leg that should have settled by now has no settling line (missing-settlement aging).</summary>
    public static readonly ExceptionKind MissingSettlement = new("missing_settlement", "matching");

    /// <summary>A dispute event names no payment of the ledger (disputes).</summary>
    public static readonly ExceptionKind UnmatchedDispute = new("unmatched_dispute", "disputes");

    /// <summary>A chargeback on money already refunded: the merchant may lose it twice (disputes).</summary>
    public static readonly ExceptionKind ChargebackOnRefunded = new("chargeback_on_refunded", "disputes");

    /// <summary>A dispute event the ledger's rules refuse to act on (disputes).</summary>
    public static readonly ExceptionKind DisputeRefused = new("dispute_refused", "disputes");

    /// <summary>A pre-authorization found expired before it was captured (capture before expiry).</summary>
    public static readonly ExceptionKind PreAuthorizationExpired = new("preauth_expired", "capture-before-expiry");

    /// <summary>A final amount names no payment of the ledger (estimated authorizations).</summary>
    public static readonly ExceptionKind UnmatchedFinalAmount = new("unmatched_final_amount", "estimated-authorizations");

    /// <summary>A final amount the ledger's rules refuse (estimated authorizations).</summary>
    public static readonly ExceptionKind FinalAmountRefused = new("final_amount_refused", "estimated-authorizations");

    /// <summary>A rebill above the cap waits for a person's approval (estimated authorizations).</summary>
    public static readonly ExceptionKind RebillAwaitingApproval = new("rebill_awaiting_approval", "estimated-authorizations");

    /// <summary>An operation declined, refused, or out of retries (operations).</summary>
    public static readonly ExceptionKind OperationFailed = new("operation_failed", "operations");

    /// <summary>An operation waits on one that failed (operations).</summary>
    public static readonly ExceptionKind OperationBlocked = new("operation_blocked", "operations");

    /// <summary>An operation executed at the gateway that the ledger refused, or the gateway flagged (operations).</summary>
    public static readonly ExceptionKind OperationNeedsReview = new("operation_needs_review", "operations");

    /// <summary>An SFTP source did not answer (remote sources).</summary>
    public static readonly ExceptionKind SourceUnreachable = new("source_unreachable", "remote-sources");

    /// <summary>An SFTP source refused our credentials (remote sources).</summary>
    public static readonly ExceptionKind SourceKeyRefused = new("source_key_refused", "remote-sources");

    /// <summary>An SFTP source showed another host key than the pinned one (remote sources).</summary>
    public static readonly ExceptionKind SourceHostKeyMismatch = new("source_host_key_mismatch", "remote-sources");

    private ExceptionKind(string code, string raisedBy)
    {
        Code = code;
        RaisedBy = raisedBy;
        Known.Add(this);
    }

    /// <summary>Every kind, in the order above.</summary>
    public static IReadOnlyList<ExceptionKind> All => Known;

    /// <summary>The code stored and shown, e.g. <c>unmatched_line</c>.</summary>
    public string Code { get; }

    /// <summary>The capability that raises it, e.g. <c>matching</c>.</summary>
    public string RaisedBy { get; }

    /// <summary>The kind of a stored code; null for a code this version does not know.</summary>
    public static ExceptionKind? FromCode(string code) => Known.Find(kind => string.Equals(kind.Code, code, StringComparison.Ordinal));

    public bool Equals(ExceptionKind? other) => other is not null && string.Equals(Code, other.Code, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as ExceptionKind);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Code);

    public override string ToString() => Code;
}
