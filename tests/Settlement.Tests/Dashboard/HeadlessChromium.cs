using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace Settlement.Tests.Dashboard;

/// <summary>
/// Debian's Chromium driven through its chromedriver (packages <c>chromium</c> and <c>chromium-driver</c>, which
/// <c>.ci/run</c> installs), headless, with a fresh profile and none of the background traffic a closed network refuses.
/// </summary>
internal sealed class HeadlessChromium : IDisposable
{
    private const string Browser = "/usr/bin/chromium";
    private const string Driver = "/usr/bin/chromedriver";
    private readonly string _profile = Directory.CreateTempSubdirectory("settlement-chromium-").FullName;

    public HeadlessChromium()
    {
        if (!File.Exists(Browser) || !File.Exists(Driver))
        {
            throw new InvalidOperationException($"The browser tests need {Browser} and {Driver}: apt-get install chromium chromium-driver");
        }

        var options = new ChromeOptions { BinaryLocation = Browser };
        options.AddArguments(
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", $"--user-data-dir={_profile}");
        var service = ChromeDriverService.CreateDefaultService(Driver);
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        Page = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        Page.Manage().Timeouts().PageLoad = TimeSpan.FromSeconds(30);
    }

    public ChromeDriver Page { get; }

    public void Open(Uri address) => Page.Navigate().GoToUrl(address);

    /// <summary>Waits until the element is there (pages render and refresh by script).</summary>
    public IWebElement WaitFor(By locator, TimeSpan? timeout = null)
    {
        var elapsed = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var found = Page.FindElements(locator);
            if (found.Count > 0 && found[0].Displayed)
            {
                return found[0];
            }

            if (elapsed.Elapsed > (timeout ?? TimeSpan.FromSeconds(15)))
            {
                throw new TimeoutException($"{locator} did not appear on {Page.Url}:\n{Page.PageSource}");
            }

            Thread.Sleep(100);
        }
    }

    public void Dispose()
    {
        Page.Quit();
        Page.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // Chromium may still be writing its profile as it exits; /tmp is cleaned by the system.
        }
    }
}
