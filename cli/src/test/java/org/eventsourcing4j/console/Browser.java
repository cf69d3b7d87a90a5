package org.eventsourcing4j.console;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}; see
 * {@code .ci/run}) driven through Selenium, with a fresh profile. The binaries are named, so
 * Selenium never tries to download a browser or a driver. Screenshots go to the directory in
 * {@code -Des4j.screenshots} (the docs' pictures are taken that way), and nowhere otherwise.
 */
final class Browser implements AutoCloseable {
    static final String CHROMIUM = "/usr/bin/chromium";
    static final String DRIVER = "/usr/bin/chromedriver";

    final ChromeDriver driver;
    private final Path profile;

    Browser() throws IOException {
        for (String binary : new String[] {CHROMIUM, DRIVER}) {
            if (!new File(binary).canExecute()) {
                throw new AssertionError(binary + " is missing: apt-get install -y chromium chromium-driver"
                        + " (.ci/run does it). Browser tests are never skipped.");
            }
        }
        profile = Files.createTempDirectory("es4j-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1400,900");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER))
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(1400, 900));
    }

    void open(String url) {
        driver.get(url);
    }

    WebElement find(String css) {
        return until(d -> d.findElement(By.cssSelector(css)));
    }

    /** Waits up to 20 s for {@code condition} to give something other than null or false. */
    <T> T until(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, Duration.ofSeconds(20)).ignoring(RuntimeException.class).until(condition::apply);
    }

    /** Waits until the element's text contains {@code text}. */
    WebElement untilText(String css, String text) {
        return until(d -> {
            WebElement element = d.findElement(By.cssSelector(css));
            return element.getText().contains(text) ? element : null;
        });
    }

    /** Waits until the element's whole text is {@code text}. */
    WebElement untilExactly(String css, String text) {
        return until(d -> {
            WebElement element = d.findElement(By.cssSelector(css));
            return element.getText().strip().equals(text) ? element : null;
        });
    }

    void screenshot(String name) throws IOException {
        String directory = System.getProperty("es4j.screenshots");
        if (directory == null || directory.isBlank()) {
            return;
        }
        Path target = Path.of(directory).resolve(name + ".png");
        Files.createDirectories(target.getParent());
        Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() throws IOException {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
