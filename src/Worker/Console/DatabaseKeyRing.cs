using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Settlement.Reconciliation.Database;

namespace Settlement.Worker.OperatorConsole;

/// <summary>
/// Data protection's key repository on <see cref="ConsoleKeyStore"/>: without it each instance makes its own keys in
/// memory, and a form rendered by one worker (or before a restart) fails its antiforgery check on another.
/// </summary>
/// <remarks>
/// The store is found when the ring is first read, not when the repository is made: the pages are mapped (and data
/// protection's options made) before the worker opens its database.
/// </remarks>
public sealed class DatabaseKeyRing(IServiceProvider services) : IXmlRepository
{
    private ConsoleKeyStore Store => services.GetRequiredService<ConsoleKeyStore>();

    public IReadOnlyCollection<XElement> GetAllElements() => [.. Store.ReadAll().Select(xml => XElement.Parse(xml))];

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        Store.Add(friendlyName, element.ToString(SaveOptions.DisableFormatting));
    }
}
