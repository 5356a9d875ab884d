package io.afferent.runtime.plugin;

import io.afferent.api.AfferentPlugin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Plugin jars built here as a user's build would make them: a plugin class compiled against the API with the
 * system Java compiler, jarred with its {@code META-INF/services} entry, and loaded from a path.
 */
class PluginLoaderTest {
    private static final String SERVICES = "META-INF/services/" + AfferentPlugin.class.getName();

    @TempDir
    Path dir;

    /** Compiles plugin class {@code demo.CLASS} named {@code plugin}, registering {@code body}, into a jar. */
    private Path pluginJar(String jarName, String className, String plugin, String body, boolean withServices)
            throws IOException {
        Path src = Files.createDirectories(dir.resolve("src-" + className + "/demo"));
        Path classes = Files.createDirectories(dir.resolve("classes-" + className));
        Files.writeString(src.resolve(className + ".java"), """
                package demo;

                import io.afferent.api.*;

                public final class %s implements AfferentPlugin {
                    @Override
                    public String name() {
                        return "%s";
                    }

                    @Override
                    public void register(Registry registry) {
                        %s
                    }
                }
                """.formatted(className, plugin, body));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "tests run on a JDK");
        String api = Path.of(toUri(AfferentPlugin.class)).toString();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = javac.run(null, null, err, "-classpath", api, "-d", classes.toString(),
                src.resolve(className + ".java").toString());
        assertEquals(0, rc, err.toString());
        Path jar = dir.resolve(jarName);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            try (Stream<Path> files = Files.walk(classes)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    put(out, classes.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
                }
            }
            if (withServices) {
                put(out, SERVICES, ("demo." + className + "\n").getBytes());
            }
        }
        return jar;
    }

    private static java.net.URI toUri(Class<?> c) {
        try {
            return c.getProtectionDomain().getCodeSource().getLocation().toURI();
        } catch (java.net.URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    private static void put(JarOutputStream out, String name, byte[] bytes) throws IOException {
        out.putNextEntry(new JarEntry(name));
        out.write(bytes);
        out.closeEntry();
    }

    private static final String LINE_FOLLOWER = "registry.stage(\"line-follower\", s -> new Stage() { });";

    private static String error(List<Path> paths) {
        return assertThrows(PluginException.class, () -> PluginLoader.load(paths)).getMessage();
    }

    @Test
    void aPluginJarNamedByPathRegistersItsTypesBesideTheCoresOwn() throws IOException {
        Path jar = pluginJar("line.jar", "LinePlugin", "line", LINE_FOLLOWER
                + " registry.source(SourceType.periodic(\"line-sensor\", io.afferent.api.msg.Range.TYPE,"
                + " s -> (PeriodicSource<io.afferent.api.msg.Range>) (t, out) -> true));", true);
        PluginRegistry r = PluginLoader.load(List.of(jar));
        assertNotNull(r.stage("line-follower"));
        assertNotNull(r.stage("count"), "the core's own stage type");
        assertNotNull(r.source("line-sensor"));
        assertEquals("plugin 'line' (" + jar + ")", r.owner("line-follower"));
        assertEquals(List.of("plugin 'core' (built in)", "plugin 'line' (" + jar + ")"), r.plugins());
        assertTrue(r.catalog().stageTypes().contains("line-follower"));
        assertEquals(Boolean.TRUE, r.catalog().sourceTypes().get("line-sensor"));
        assertNotNull(r.message("range"), "a source's message type is registered with it");
    }

    @Test
    void aDirectoryOfJarsLoadsEveryPluginInIt() throws IOException {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Files.move(pluginJar("a.jar", "APlugin", "a", "registry.stage(\"a-stage\", s -> new Stage() { });", true),
                plugins.resolve("a.jar"));
        Files.move(pluginJar("b.jar", "BPlugin", "b", "registry.stage(\"b-stage\", s -> new Stage() { });", true),
                plugins.resolve("b.jar"));
        Files.writeString(plugins.resolve("README.txt"), "not a jar: ignored in a directory");
        PluginRegistry r = PluginLoader.load(List.of(plugins));
        assertNotNull(r.stage("a-stage"));
        assertNotNull(r.stage("b-stage"));
        assertEquals(3, r.plugins().size());
    }

    @Test
    void aMissingPathSaysSo() {
        Path missing = dir.resolve("nowhere/line.jar");
        assertEquals("plugin path " + missing + " does not exist", error(List.of(missing)));
    }

    @Test
    void aFileThatIsNotAJarSaysWhatIsExpected() throws IOException {
        Path txt = Files.writeString(dir.resolve("line.txt"), "hello");
        assertEquals("plugin path " + txt + " is neither a .jar file nor a directory of jars", error(List.of(txt)));
        Path fake = Files.writeString(dir.resolve("fake.jar"), "this is not a zip file");
        String e = error(List.of(fake));
        assertTrue(e.startsWith("plugin jar " + fake + " is not a readable jar: "), e);
    }

    @Test
    void aDirectoryWithoutJarsSaysSo() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Files.writeString(empty.resolve("notes.txt"), "no jars here");
        assertEquals("plugin directory " + empty + " holds no .jar file", error(List.of(empty)));
    }

    @Test
    void aJarWithoutAPluginSaysHowAPluginIsListed() throws IOException {
        Path jar = pluginJar("plain.jar", "Unlisted", "unlisted", LINE_FOLLOWER, false);
        assertEquals("plugin path " + jar + ": no plugin found (a plugin jar lists its class in " + SERVICES + ")",
                error(List.of(jar)));
    }

    @Test
    void twoPluginsRegisteringOneTypeNameNameBoth() throws IOException {
        Path a = pluginJar("a.jar", "FirstPlugin", "first", LINE_FOLLOWER, true);
        Path b = pluginJar("b.jar", "SecondPlugin", "second", LINE_FOLLOWER, true);
        assertEquals("stage type 'line-follower' is registered by both plugin 'first' (" + a + ") and plugin 'second' ("
                + b + "); remove one of the plugins", error(List.of(a, b)));
    }

    @Test
    void aPluginClashingWithABuiltInTypeNamesTheCore() throws IOException {
        Path jar = pluginJar("count.jar", "CountPlugin", "counter", "registry.stage(\"count\", s -> new Stage() { });",
                true);
        assertEquals("stage type 'count' is registered by both plugin 'core' (built in) and plugin 'counter' (" + jar
                + "); remove one of the plugins", error(List.of(jar)));
    }

    @Test
    void aListedClassThatIsMissingIsAClearError() throws IOException {
        Path jar = dir.resolve("broken.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            put(out, SERVICES, "demo.NotThere\n".getBytes());
        }
        String e = error(List.of(jar));
        assertTrue(e.startsWith("plugin from " + jar + " could not be loaded: "), e);
        assertTrue(e.contains("demo.NotThere"), e);
        System.out.println("missing plugin class: " + e);
    }

    @Test
    void aPluginThatFailsWhileRegisteringIsNamed() throws IOException {
        Path jar = pluginJar("bad.jar", "BadPlugin", "bad", "throw new IllegalStateException(\"no licence\");", true);
        assertEquals("plugin 'bad' (" + jar + ") failed while registering its types: java.lang.IllegalStateException:"
                + " no licence", error(List.of(jar)));
    }

    @Test
    void aPluginRegisteringANamelessTypeIsNamed() throws IOException {
        Path jar = pluginJar("nameless.jar", "NamelessPlugin", "nameless", "registry.extension(\" \", x -> { });", true);
        assertEquals("plugin 'nameless' (" + jar + ") registered an extension without a name", error(List.of(jar)));
    }
}
