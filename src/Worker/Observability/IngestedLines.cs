namespace Settlement.Worker.Observability;

/// <summary>The lines of a processed file as the metrics count them: taken once, rejected, repeated, ignored, all.</summary>
public readonly record struct IngestedLines(long Taken, long Rejected, long Duplicate, long Ignored, long Total);
