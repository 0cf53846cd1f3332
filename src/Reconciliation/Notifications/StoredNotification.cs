using System.Text;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;

namespace Settlement.Reconciliation.Notifications;

/// <summary>A notification of the outbox, with its delivery so far.</summary>
public sealed record StoredNotification(
    long Id, string Kind, string Subject, string Summary, string Data, Instant DecidedAt, string? JobId, int Attempts, string? LastError, Instant? DeliveredAt)
{
    /// <summary>
    /// The webhook's body: the envelope (id, kind, subject, summary, decision time) around the kind's fields. It follows
    /// from the stored row alone, so every attempt sends the same bytes and a receiver can tell a repeat by its id.
    /// </summary>
    public byte[] Body()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("id", Id);
            writer.WriteString("kind", Kind);
            writer.WriteString("subject", Subject);
            writer.WriteString("summary", Summary);
            writer.WriteString("decidedAt", InstantPattern.General.Format(DecidedAt));
            writer.WritePropertyName("data");
            writer.WriteRawValue(Encoding.UTF8.GetBytes(Data), skipInputValidation: false);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
