using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Settlement.Harness.Infrastructure;

/// <summary>The worker's operations API (<c>/api/operations</c>) as a caller uses it: request, read, retry.</summary>
internal sealed class OperationsClient(Uri worker, string apiKey) : IDisposable
{
    private readonly HttpClient _http = CreateClient(worker, apiKey);

    /// <summary>Requests an operation; the id on 202, or the refusal's body.</summary>
    public async Task<(string? Id, string Answer)> RequestAsync(string kind, string referencedId, string? amount, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsJsonAsync(
            new Uri("/api/operations", UriKind.Relative),
            new { kind, referencedId, amount, currency = amount is null ? null : "EUR", requestedBy = "fault-harness" },
            cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return response.StatusCode == HttpStatusCode.Accepted
            ? (JsonNode.Parse(body)?["id"]?.GetValue<string>(), body)
            : (null, $"{(int)response.StatusCode} {body}");
    }

    /// <summary>The operation's status (requested, sending, succeeded, failed, needs-review) and attempts.</summary>
    public async Task<(string Status, int Attempts)> StatusAsync(string id, CancellationToken cancellationToken)
    {
        var operation = await _http.GetFromJsonAsync<JsonObject>(new Uri($"/api/operations/{id}", UriKind.Relative), cancellationToken)
            ?? throw new InvalidOperationException($"operation {id} not found");
        return (operation["status"]!.GetValue<string>(), operation["attempts"]!.GetValue<int>());
    }

    /// <summary>Requeues a failed operation, as a person does from the dashboard or <c>op retry</c>.</summary>
    public async Task<bool> RetryAsync(string id, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsync(new Uri($"/api/operations/{id}/retry", UriKind.Relative), content: null, cancellationToken);
        return response.StatusCode == HttpStatusCode.Accepted;
    }

    public void Dispose() => _http.Dispose();

    private static HttpClient CreateClient(Uri worker, string apiKey)
    {
        var http = new HttpClient { BaseAddress = worker, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return http;
    }
}
