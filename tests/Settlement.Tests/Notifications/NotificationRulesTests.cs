using System.Text;
using System.Text.Json;
using NodaTime;
using Settlement.Reconciliation.Disputes;
using Settlement.Reconciliation.Files;
using Settlement.Reconciliation.Monetary;
using Settlement.Reconciliation.Notifications;

namespace Settlement.Tests.Notifications;

public sealed class NotificationRulesTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 11, 28, 9, 0);

    [Fact]
    public void An_exception_is_told_from_the_amount_of_its_currency_and_not_in_a_currency_without_one()
    {
        var atLeast = new Dictionary<Currency, Money> { [Currency.Eur] = new(100_000, Currency.Eur) };

        var told = NotificationRules.ForExceptions(
            [Exception(1, new Money(100_000, Currency.Eur)), Exception(2, new Money(99_999, Currency.Eur)), Exception(3, new Money(9_000_000, Currency.Usd))],
            atLeast).ToList();

        var only = Assert.Single(told);
        Assert.Equal((NotificationKind.ExceptionRaised, "exception 1"), (only.Kind, only.Subject));
        using var data = JsonDocument.Parse(only.Data);
        Assert.Equal("1000.00", data.RootElement.GetProperty("amount").GetProperty("value").GetString());
    }

    [Fact]
    public void A_dispute_deadline_is_told_by_case_and_reply_by_date_so_a_new_date_is_news_again()
    {
        var today = new LocalDate(2026, 11, 28);
        DisputeCase Case(LocalDate replyBy) => new("canonical", "DSP-1", ChargebackEventType.Chargeback, new Money(5_000, Currency.Eur), "VISA", null, "10.4", null, replyBy,
            new LocalDate(2026, 11, 1), DisputeOutcome.Open, null);

        var first = Assert.Single(NotificationRules.ForDeadlines([Case(new LocalDate(2026, 11, 30))], today, nearDays: 3));
        var later = Assert.Single(NotificationRules.ForDeadlines([Case(new LocalDate(2026, 12, 1))], today, nearDays: 3));

        Assert.Equal("dispute canonical/DSP-1 reply-by 2026-11-30", first.Subject);
        Assert.Contains("2 days left", first.Summary, StringComparison.Ordinal);
        Assert.NotEqual(first.Subject, later.Subject);
        Assert.Empty(NotificationRules.ForDeadlines([Case(new LocalDate(2026, 12, 5))], today, nearDays: 3));
    }

    [Fact]
    public void A_ratio_is_told_at_its_warning_level_and_again_when_it_reaches_the_threshold()
    {
        var threshold = new RatioThreshold(0.0075m, 0.01m);
        ChargebackRatio Ratio(RatioLevel level) => new("VISA", new YearMonth(2026, 11), 1_000, 8, 0.008m, [], threshold, level);

        Assert.Empty(NotificationRules.ForRatios([Ratio(RatioLevel.Below)]));
        var warning = Assert.Single(NotificationRules.ForRatios([Ratio(RatioLevel.Warning)]));
        var over = Assert.Single(NotificationRules.ForRatios([Ratio(RatioLevel.Over)]));

        Assert.Equal(("ratio VISA 2026-11 warning", "ratio VISA 2026-11 over"), (warning.Subject, over.Subject));
        Assert.Contains("0.8 %", warning.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void The_body_is_the_same_bytes_on_every_attempt_and_carries_the_id_and_the_kinds_fields()
    {
        var stored = new StoredNotification(17, NotificationKind.ChargebackRatio, "ratio VISA 2026-11 warning", "summary", """{"brand":"VISA"}""", Now, "5", 2, "refused", null);

        Assert.Equal(stored.Body(), (stored with { Attempts = 3, LastError = null }).Body());
        using var body = JsonDocument.Parse(stored.Body());
        Assert.Equal(17, body.RootElement.GetProperty("id").GetInt64());
        Assert.Equal("VISA", body.RootElement.GetProperty("data").GetProperty("brand").GetString());
    }

    [Fact]
    public void A_signature_verifies_with_the_secret_and_not_with_another_body_secret_or_an_old_timestamp()
    {
        var body = Encoding.UTF8.GetBytes("""{"id":1}""");
        var header = WebhookSignature.Sign("a-secret-of-sixteen+", Now, body);
        var tolerance = Duration.FromMinutes(5);

        Assert.Matches("^t=[0-9]+,v1=[0-9a-f]{64}$", header);
        Assert.True(WebhookSignature.Verify("a-secret-of-sixteen+", header, body, Now + Duration.FromMinutes(1), tolerance));
        Assert.False(WebhookSignature.Verify("another-secret-here", header, body, Now, tolerance));
        Assert.False(WebhookSignature.Verify("a-secret-of-sixteen+", header, Encoding.UTF8.GetBytes("""{"id":2}"""), Now, tolerance));
        Assert.False(WebhookSignature.Verify("a-secret-of-sixteen+", header, body, Now + Duration.FromMinutes(6), tolerance));
        Assert.False(WebhookSignature.Verify("a-secret-of-sixteen+", "t=1,v1=zz", body, Now, tolerance));
    }

    private static ExceptionAmount Exception(long id, Money amount) => new(id, "unmatched_line", $"line 1:{id}", "no leg", Now, amount);
}
