package dev.stampede.report;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes files so that a reader sees either the old file or the complete new one, never a torn one
 * (docs/reports.md): the content goes to a temporary file in the target's directory, which then replaces
 * the target by an atomic rename. An interrupted write leaves the target untouched and no temporary file.
 */
public final class AtomicFiles {

    private AtomicFiles() {}

    /** Produces a file's content. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * @throws IOException when the directory is not writable or the content fails; the target is then unchanged
     */
    public static void write(Path target, Content content) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        if (dir != null) Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".tmp");
        boolean moved = false;
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                content.writeTo(out);
            }
            try {
                Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                // Some file systems (and Windows across volumes) refuse; same-directory replace is the best left.
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } finally {
            if (!moved) Files.deleteIfExists(tmp);
        }
    }

    /**
     * Writes UTF-8 text rendered by {@code render} to {@code target} atomically.
     *
     * @throws IOException when the file cannot be written (a {@link PrintWriter} would otherwise swallow it)
     */
    public static void writeText(Path target, Consumer<PrintWriter> render) throws IOException {
        write(target, out -> {
            PrintWriter w = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            render.accept(w);
            w.flush();
            if (w.checkError()) throw new IOException("could not write " + target);
        });
    }
}
