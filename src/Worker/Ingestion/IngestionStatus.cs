namespace Settlement.Worker.Ingestion;

/// <summary>What became of a file.</summary>
public enum IngestionStatus
{
    /// <summary>Read and stored; bad lines reported beside the archived file.</summary>
    Processed,

    /// <summary>The same content was processed before: archived, nothing counted again.</summary>
    Duplicate,

    /// <summary>Could not be read at all: moved to quarantine with the reason beside it.</summary>
    Quarantined,

    /// <summary>Another worker instance is processing the same content now: left alone.</summary>
    Skipped,
}
