// Rewrites the pre-Java-6 class files in a jar (class-file version < 50; in stampede's jar these are picocli's, built
// for Java 5) as version-50 class files with stack maps, in place. Why: the JDK's class-data-sharing archives and the
// JDK 25 AOT cache skip such "old" classes (they need the old, inferencing verifier), so without this about 190 of
// picocli's classes are loaded, parsed and verified from the jar on every start of `stampede --help`
// (docs/engine.md, "Start-up"). The instructions are copied unchanged: only the version moves and a StackMapTable is
// computed; every rewritten class is checked with the JDK's own verifier here, and the build fails if one does not
// pass. Version 50 (not newer) keeps the old classes' semantics; if a stack map were ever refused at run time the JVM
// falls back to the old verifier for this version.
//
// Needs the java.lang.classfile API (JDK 24 or newer); the pom runs it from the jdk24+ profile at package time.
// Usage: java ModernizeClassFiles.java JAR

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassFileVersion;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.lang.constant.ClassDesc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

public class ModernizeClassFiles {
    static final int OLDEST_ARCHIVABLE = ClassFile.JAVA_6_VERSION;

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: java ModernizeClassFiles.java JAR");
            System.exit(2);
        }
        Path jar = Path.of(args[0]);
        Map<String, byte[]> entries = new LinkedHashMap<>();
        Map<String, ZipEntry> meta = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry e : Collections.list(zip.entries())) {
                try (InputStream in = zip.getInputStream(e)) {
                    entries.put(e.getName(), in.readAllBytes());
                }
                meta.put(e.getName(), e);
            }
        }
        // Stack maps need the common superclass of two types: resolve the jar's own classes from the jar, the JDK's
        // from the running JDK.
        ClassHierarchyResolver fromJar = ClassHierarchyResolver.ofResourceParsing((ClassDesc c) -> {
            String d = c.descriptorString();
            byte[] b = entries.get(d.substring(1, d.length() - 1) + ".class");
            return b == null ? null : new ByteArrayInputStream(b);
        });
        ClassFile cf = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(
                ClassHierarchyResolver.defaultResolver().orElse(fromJar)));
        // Re-emitting every method body is what makes the writer compute stack maps; the version goes to 50.
        ClassTransform modernize = ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL)
                .andThen((builder, element) -> {
                    if (element instanceof ClassFileVersion) builder.withVersion(OLDEST_ARCHIVABLE, 0);
                    else builder.with(element);
                });
        int rewritten = 0;
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            String name = e.getKey();
            if (!name.endsWith(".class") || name.endsWith("module-info.class")) continue;
            ClassModel model = cf.parse(e.getValue());
            if (model.majorVersion() >= OLDEST_ARCHIVABLE) continue;
            byte[] modern = cf.transformClass(model, modernize);
            List<VerifyError> errors = cf.verify(modern);
            if (!errors.isEmpty()) failures.add(name + ": " + errors.getFirst().getMessage());
            e.setValue(modern);
            rewritten++;
        }
        if (!failures.isEmpty()) {
            failures.forEach(System.err::println);
            System.err.println("ModernizeClassFiles: " + failures.size() + " rewritten classes fail verification; "
                    + jar + " left unchanged");
            System.exit(1);
        }
        if (rewritten == 0) {
            System.out.println("ModernizeClassFiles: no class older than version " + OLDEST_ARCHIVABLE + " in " + jar);
            return;
        }
        Path tmp = jar.resolveSibling(jar.getFileName() + ".modernized");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(tmp))) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry old = meta.get(e.getKey());
                ZipEntry copy = new ZipEntry(e.getKey());
                copy.setTime(old.getTime());
                out.putNextEntry(copy);
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.out.println("ModernizeClassFiles: " + rewritten + " classes rewritten as version " + OLDEST_ARCHIVABLE
                + " in " + jar);
    }
}
