package io.afferent.dist;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The archive's udev rules: {@code udevadm verify} where udev has it (systemd 254+), and always a parser of
 * the rule syntax of udev(7): comma-separated {@code KEY[{attr}] OP "value"}, match keys with == or !=,
 * assignment keys with = += -= :=, known keys only, modes in octal, and the groups that install.sh creates.
 */
class UdevRulesIT {
    private final Path rules = Dist.unpacked().resolve("udev/60-afferent.rules");

    private static final Set<String> MATCH_KEYS = Set.of("ACTION", "DEVPATH", "KERNEL", "KERNELS", "SUBSYSTEM",
            "SUBSYSTEMS", "DRIVER", "DRIVERS", "ATTR", "ATTRS", "SYSCTL", "ENV", "TAG", "TAGS", "TEST", "PROGRAM",
            "RESULT", "NAME", "SYMLINK", "CONST");
    private static final Set<String> ASSIGN_KEYS = Set.of("NAME", "SYMLINK", "OWNER", "GROUP", "MODE", "SECLABEL",
            "ATTR", "SYSCTL", "ENV", "TAG", "RUN", "LABEL", "GOTO", "IMPORT", "OPTIONS");
    private static final Set<String> WITH_ATTRIBUTE = Set.of("ATTR", "ATTRS", "SYSCTL", "ENV", "TEST", "IMPORT", "RUN",
            "SECLABEL", "CONST");
    private static final Pattern PAIR = Pattern.compile("\\s*([A-Z]+)(\\{([^}]+)\\})?\\s*(==|!=|\\+=|-=|:=|=)\\s*\"([^\"]*)\"\\s*");

    record Pair(String key, String attribute, String op, String value) {
    }

    /** Parses one rule line; throws with the reason when it is not valid udev syntax. */
    static List<Pair> parse(String line) {
        List<Pair> pairs = new ArrayList<>();
        for (String part : line.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)")) {
            Matcher m = PAIR.matcher(part);
            if (!m.matches()) {
                throw new IllegalArgumentException("not KEY OP \"value\": '" + part + "'");
            }
            Pair p = new Pair(m.group(1), m.group(3), m.group(4), m.group(5));
            boolean match = p.op().equals("==") || p.op().equals("!=");
            if (!(match ? MATCH_KEYS : ASSIGN_KEYS).contains(p.key())) {
                throw new IllegalArgumentException(p.key() + " cannot be used with " + p.op());
            }
            if (WITH_ATTRIBUTE.contains(p.key()) != (p.attribute() != null) && !p.key().equals("RUN") && !p.key().equals("IMPORT")) {
                throw new IllegalArgumentException(p.key() + (p.attribute() == null ? " needs {attribute}" : " takes no {attribute}"));
            }
            if (p.key().equals("MODE") && !p.value().matches("0?[0-7]{3}")) {
                throw new IllegalArgumentException("MODE is octal: " + p.value());
            }
            pairs.add(p);
        }
        if (pairs.stream().noneMatch(p -> p.op().equals("==") || p.op().equals("!="))) {
            throw new IllegalArgumentException("a rule without a match applies to every device");
        }
        return pairs;
    }

    @Test
    void everyRuleIsValidUdevSyntax() throws IOException {
        int rulesSeen = 0;
        for (String line : Files.readAllLines(rules)) {
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            List<Pair> pairs = parse(line);
            rulesSeen++;
            for (Pair p : pairs) {
                if (p.key().equals("GROUP")) {
                    assertTrue(Set.of("gpio", "dialout", "afferent").contains(p.value()),
                            "a group that install.sh creates or Debian has: " + p.value());
                }
            }
        }
        assertEquals(4, rulesSeen, "gpiochip, latency_timer, u-blox, cpu_dma_latency");
    }

    @Test
    void theParserRejectsWhatUdevRejects() {
        for (String bad : List.of("KERNEL==\"gpiochip*\" GROUP=\"gpio\"", "KERNEL=\"x\"", "ATTR==\"1\"",
                "SUBSYSTEM==\"tty\", MODE=\"rw\"", "SUBSYSTEM==\"tty\", FOO=\"1\"", "GROUP=\"gpio\"")) {
            try {
                parse(bad);
                throw new AssertionError("accepted: " + bad);
            } catch (IllegalArgumentException expected) {
                // rejected, as udev would
            }
        }
    }

    @Test
    void udevadmVerifyAcceptsThem(@TempDir Path dir) throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(Dist.onPath("udevadm"), "udevadm not installed");
        Dist.Result help = Dist.run(List.of("udevadm", "verify", "--help"), Map.of(), dir, 30);
        org.junit.jupiter.api.Assumptions.assumeTrue(help.code() == 0, "this udevadm has no verify (systemd < 254)");
        Dist.Result r = Dist.run(List.of("udevadm", "verify", "--resolve-names=never", rules.toString()), Map.of(), dir, 30);
        assertEquals(0, r.code(), r.all());
    }
}
