package dev.stampede.report;

import dev.stampede.metrics.Comparison;
import dev.stampede.scenario.PhaseSpec;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The output files a run was asked for ({@code --json --html --hgrm --junit --csv}); each path is
 * {@code null} when not asked for.
 *
 * @param json  the {@code stampede.result/v1} JSON ({@link ResultJson})
 * @param html  the self-contained HTML page ({@link HtmlReport})
 * @param hgrm  a directory for {@code .hgrm} and {@code .hlog} files ({@link HgrmFiles})
 * @param junit the JUnit XML testsuite ({@link JunitReport})
 * @param csv   the per-interval timeline ({@link CsvTimeline})
 */
public record OutputFiles(Path json, Path html, Path hgrm, Path junit, Path csv) {

    /** No output files. */
    public static final OutputFiles NONE = new OutputFiles(null, null, null, null, null);

    /** True when at least one file was asked for. */
    public boolean any() {
        return json != null || html != null || hgrm != null || junit != null || csv != null;
    }

    /**
     * Writes every file asked for, each atomically (temporary file, then a move), creating parent directories.
     * The HTML shades phases inferred from the mock's counts; use {@link #writeAll(Comparison, List)} to shade the
     * scenario's scripted phases.
     *
     * @return the files written (the hgrm directory's files individually)
     * @throws UncheckedIOException after trying every file, when one or more could not be written (the first
     *                              failure, the others suppressed): one bad path never costs the other outputs
     */
    public List<Path> writeAll(Comparison comparison) {
        return writeAll(comparison, null);
    }

    /**
     * As {@link #writeAll(Comparison)}, shading {@code phases} (the scenario's, or {@code null} to infer them)
     * in the HTML charts.
     */
    public List<Path> writeAll(Comparison comparison, List<PhaseSpec> phases) {
        List<Path> written = new ArrayList<>();
        List<RuntimeException> failures = new ArrayList<>();
        attempt(failures, () -> {
            if (json != null) {
                // PENDING-RESULTJSON: ResultJson.write(comparison, json) once the metrics area's ResultJson lands on main
                throw new UnsupportedOperationException("--json needs report.ResultJson, not merged yet");
            }
        });
        attempt(failures, () -> {
            if (html != null) {
                HtmlReport.write(comparison, phases, html);
                written.add(html);
            }
        });
        attempt(failures, () -> {
            if (hgrm != null) written.addAll(HgrmFiles.write(comparison, hgrm));
        });
        attempt(failures, () -> {
            if (junit != null) {
                JunitReport.write(comparison, junit);
                written.add(junit);
            }
        });
        attempt(failures, () -> {
            if (csv != null) {
                CsvTimeline.write(comparison, csv);
                written.add(csv);
            }
        });
        if (!failures.isEmpty()) {
            RuntimeException first = failures.getFirst();
            failures.stream().skip(1).forEach(first::addSuppressed);
            throw first;
        }
        return List.copyOf(written);
    }

    private static void attempt(List<RuntimeException> failures, Runnable write) {
        try {
            write.run();
        } catch (RuntimeException e) {
            failures.add(e);
        }
    }
}
