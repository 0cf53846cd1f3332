namespace Settlement.Reconciliation.Files;

/// <summary>Why a whole file cannot be read (docs/ingestion.md: it goes to quarantine with the reason beside it).</summary>
public enum FileRejectionReason
{
    /// <summary>0 bytes, or nothing but whitespace (a header-only file is not empty).</summary>
    Empty,

    /// <summary>NUL bytes, invalid UTF-8 or another encoding in the first block: not a CSV text file.</summary>
    Binary,

    /// <summary>The header is not that of any canonical kind.</summary>
    UnknownHeader,

    /// <summary>The header is one column holding ';', tab or '|': another delimiter than ','.</summary>
    WrongDelimiter,

    /// <summary>The header is close to one kind but lacks some of its required columns.</summary>
    MissingRequiredColumn,
}
