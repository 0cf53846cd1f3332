namespace Settlement.Worker.Ingestion;

/// <summary>How far the file being read has come.</summary>
public sealed record IngestionProgress(string File, long Lines, long BytesRead, long BytesTotal);
