package io.afferent.deploy.plugins;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Builds a plugin jar in a test as a user's build would: compiles Java sources against the test's class path (which
 * has the API) with the JDK's compiler, adds the resources (the ServiceLoader file) and jars the lot.
 */
public final class PluginJars {
    private PluginJars() {
    }

    /** Compiles every {@code .java} under {@code sources}, copies every other file under {@code resources}. */
    public static Path build(Path sources, Path resources, Path work) throws IOException {
        Path classes = Files.createDirectories(work.resolve("classes"));
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
                "--release", "25", "-proc:none"));
        try (Stream<Path> s = Files.walk(sources)) {
            s.filter(p -> p.toString().endsWith(".java")).forEach(p -> args.add(p.toString()));
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diag = new ByteArrayOutputStream();
        int rc = javac.run(null, diag, diag, args.toArray(new String[0]));
        if (rc != 0) {
            throw new IllegalStateException("plugin sources did not compile:\n" + diag);
        }
        if (resources != null && Files.isDirectory(resources)) {
            try (Stream<Path> s = Files.walk(resources)) {
                for (Path p : s.filter(Files::isRegularFile).toList()) {
                    Path to = classes.resolve(resources.relativize(p).toString());
                    Files.createDirectories(to.getParent());
                    Files.copy(p, to);
                }
            }
        }
        Path jar = work.resolve("plugin.jar");
        try (OutputStream o = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(o);
             Stream<Path> s = Files.walk(classes)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                j.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                Files.copy(p, j);
                j.closeEntry();
            }
        }
        return jar;
    }

    /** A plugin from sources given as text: {@code files} maps relative paths to contents. */
    public static Path build(java.util.Map<String, String> files, Path work) throws IOException {
        Path src = Files.createDirectories(work.resolve("src"));
        Path res = Files.createDirectories(work.resolve("res"));
        for (var e : files.entrySet()) {
            Path to = (e.getKey().endsWith(".java") ? src : res).resolve(e.getKey());
            Files.createDirectories(to.getParent());
            Files.writeString(to, e.getValue());
        }
        return build(src, res, work);
    }
}
