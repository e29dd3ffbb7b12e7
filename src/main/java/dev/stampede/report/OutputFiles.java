package dev.stampede.report;

import dev.stampede.metrics.Comparison;
import dev.stampede.scenario.PhaseSpec;

import java.io.IOException;
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
     * @throws IOException after trying every file, when one or more could not be written (the first failure, the
     *                     others suppressed): one bad path never costs the other outputs
     */
    public List<Path> writeAll(Comparison comparison) throws IOException {
        return writeAll(comparison, null);
    }

    /**
     * As {@link #writeAll(Comparison)}, shading {@code phases} (the scenario's, or {@code null} to infer them)
     * in the HTML charts.
     */
    public List<Path> writeAll(Comparison comparison, List<PhaseSpec> phases) throws IOException {
        List<Path> written = new ArrayList<>();
        List<Exception> failures = new ArrayList<>();
        attempt(failures, json, f -> {
            ResultJson.write(comparison, f);
            return List.of(f);
        }, written);
        attempt(failures, html, f -> {
            HtmlReport.write(comparison, phases, f);
            return List.of(f);
        }, written);
        attempt(failures, hgrm, f -> HgrmFiles.write(comparison, f), written);
        attempt(failures, junit, f -> {
            JunitReport.write(comparison, f);
            return List.of(f);
        }, written);
        attempt(failures, csv, f -> {
            CsvTimeline.write(comparison, f);
            return List.of(f);
        }, written);
        if (!failures.isEmpty()) {
            Exception first = failures.getFirst();
            failures.stream().skip(1).forEach(first::addSuppressed);
            if (first instanceof IOException io) throw io;
            throw (RuntimeException) first;
        }
        return List.copyOf(written);
    }

    /** Writes one output and returns the files it wrote. */
    @FunctionalInterface
    private interface Writer {
        List<Path> write(Path target) throws IOException;
    }

    private static void attempt(List<Exception> failures, Path target, Writer writer, List<Path> written) {
        if (target == null) return;
        try {
            written.addAll(writer.write(target));
        } catch (IOException | RuntimeException e) {
            failures.add(e);
        }
    }
}
