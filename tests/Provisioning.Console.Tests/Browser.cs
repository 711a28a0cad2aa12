using System.Text.Json;
using Deque.AxeCore.Commons;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Chromium;
using OpenQA.Selenium.Support.UI;

namespace Provisioning.Console.Tests;

/// <summary>
/// Headless Debian Chromium driven by Selenium through Debian's chromedriver, in a profile of its own that is
/// deleted afterwards. A machine without them fails the test and says what to install: CI installs both.
/// </summary>
public sealed class Browser : IDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string ChromeDriverPath = "/usr/bin/chromedriver";

    private readonly string _profile = Directory.CreateTempSubdirectory("console-test-chromium-").FullName;
    private readonly string _baseUrl;

    public Browser(string baseUrl, int width = 1280, int height = 900)
    {
        foreach (var path in new[] { ChromiumPath, ChromeDriverPath })
            if (!File.Exists(path))
                throw new InvalidOperationException($"{path} is missing: the console's browser tests need Debian's chromium and chromium-driver (apt-get install -y chromium chromium-driver; .ci/run installs them).");
        _baseUrl = baseUrl;
        var options = new ChromeOptions { BinaryLocation = ChromiumPath };
        // What Chromium needs here: root (no sandbox), no GPU, a closed network (nothing fetched in the background).
        options.AddArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", $"--user-data-dir={_profile}", $"--window-size={Math.Max(width, 500)},{height}");
        // Headless Chromium keeps windows at least 500 px wide: a phone's width needs its mobile emulation.
        if (width < 500)
            options.EnableMobileEmulation(new ChromiumMobileEmulationDeviceSettings("Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chromium Mobile Safari/537.36")
            {
                Width = width, Height = height, PixelRatio = 2, EnableTouchEvents = true,
            });
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(ChromeDriverPath)!, Path.GetFileName(ChromeDriverPath));
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        Driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        Driver.Manage().Timeouts().PageLoad = TimeSpan.FromSeconds(30);
    }

    public ChromeDriver Driver { get; }

    public void Open(string path) => Driver.Navigate().GoToUrl(_baseUrl + path);

    /// <summary>Signs in at /admin/login as a person would: paste the key, press the button.</summary>
    public void SignIn(string apiKey)
    {
        Open("/admin/login");
        Driver.FindElement(By.Id("apiKey")).SendKeys(apiKey);
        Driver.FindElement(By.CssSelector("form button[type=submit]")).Click();
        Wait(d => d.Url.TrimEnd('/').EndsWith("/admin", StringComparison.Ordinal), "the overview after signing in");
    }

    public IWebElement Find(string css) => Driver.FindElement(By.CssSelector(css));

    public IReadOnlyList<IWebElement> FindAll(string css) => Driver.FindElements(By.CssSelector(css));

    /// <summary>Opens an action's disclosure, gives the reason, ticks the confirmation and submits it.</summary>
    public void Act(string label, string? reason, params string[] tick)
    {
        var action = FindAll("details.action").Single(d => d.FindElement(By.TagName("summary")).Text == label);
        action.FindElement(By.TagName("summary")).Click();
        if (reason is not null) action.FindElement(By.TagName("textarea")).SendKeys(reason);
        foreach (var option in tick) action.FindElement(By.CssSelector($"input[name='{option}']")).Click();
        action.FindElement(By.CssSelector("input[name='Form.Confirmed']")).Click();
        action.FindElement(By.CssSelector("button[type=submit]")).Click();
    }

    public void Wait(Func<IWebDriver, bool> condition, string what, int seconds = 30)
    {
        try
        {
            new WebDriverWait(Driver, TimeSpan.FromSeconds(seconds)) { PollingInterval = TimeSpan.FromMilliseconds(200) }
                .Until(d => { try { return condition(d); } catch (WebDriverException) { return false; } });
        }
        catch (WebDriverTimeoutException)
        {
            throw new TimeoutException($"Waited {seconds} s for {what}; the page at {Driver.Url} shows:\n{Driver.FindElement(By.TagName("body")).Text}");
        }
    }

    /// <summary>The console's session and anti-forgery cookies, for requests made outside the browser.</summary>
    public IReadOnlyDictionary<string, string> Cookies() => Driver.Manage().Cookies.AllCookies.ToDictionary(c => c.Name, c => c.Value);

    public byte[] Screenshot() => Driver.GetScreenshot().AsByteArray;

    /// <summary>axe-core's violations of the page as it is now: (rule, impact, what it says, how many elements).</summary>
    public IReadOnlyList<(string Rule, string Impact, string Help, int Nodes)> AccessibilityViolations()
    {
        Driver.ExecuteScript(new BundledAxeScriptProvider().GetScript());
        var json = (string?)Driver.ExecuteAsyncScript("""
            const done = arguments[arguments.length - 1];
            axe.run(document, { resultTypes: ['violations'] }).then(r => done(JSON.stringify(r.violations)), e => done(JSON.stringify([{ id: 'axe-error', impact: 'critical', help: String(e), nodes: [] }])));
            """);
        return JsonDocument.Parse(json ?? throw new InvalidOperationException("axe-core returned nothing")).RootElement.EnumerateArray()
            .Select(v => (v.GetProperty("id").GetString()!, v.GetProperty("impact").GetString() ?? "", v.GetProperty("help").GetString()!, v.GetProperty("nodes").GetArrayLength()))
            .ToList();
    }

    public void Dispose()
    {
        Driver.Quit();
        Driver.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // Chromium may still be writing its profile as it exits: a temp folder left behind is harmless.
        }
    }
}
