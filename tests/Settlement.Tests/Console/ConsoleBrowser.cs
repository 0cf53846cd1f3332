using OpenQA.Selenium;
using Settlement.Tests.Dashboard;

namespace Settlement.Tests.OperatorConsole;

/// <summary>
/// Headless Chromium on the console, with a screenshot of each page it is asked for in
/// <c>TestResults/console-screenshots/</c> beside the test binary, for a reviewer to look at.
/// </summary>
internal sealed class ConsoleBrowser : IDisposable
{
    private readonly HeadlessChromium _chromium = new();

    public ConsoleBrowser(Uri worker)
    {
        Worker = worker;
        // Wide and tall enough that a page's screenshot shows the page, not the first screen of it.
        _chromium.Page.Manage().Window.Size = new System.Drawing.Size(1440, 1400);
    }

    public static string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "console-screenshots");

    public Uri Worker { get; }

    public OpenQA.Selenium.Chrome.ChromeDriver Page => _chromium.Page;

    public void Open(string path) => _chromium.Open(new Uri(Worker, path));

    public IWebElement WaitFor(By locator) => _chromium.WaitFor(locator);

    /// <summary>Saves what the browser shows now as <paramref name="name"/>.png.</summary>
    public void Screenshot(string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        // The whole page, however long: Chromium draws beyond the window when asked through its DevTools.
        var shot = _chromium.Page.ExecuteCdpCommand("Page.captureScreenshot", new Dictionary<string, object?> { ["captureBeyondViewport"] = true, ["format"] = "png" });
        var data = (string)((Dictionary<string, object>)shot!)["data"];
        File.WriteAllBytes(Path.Combine(ScreenshotFolder, name + ".png"), Convert.FromBase64String(data));
    }

    public void Dispose() => _chromium.Dispose();
}
