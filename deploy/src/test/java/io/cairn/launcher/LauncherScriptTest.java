package io.cairn.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/bin/cairn's JDK selection, run as a real process with a controlled environment. Fake
 * JDKs (a bin/java script that answers -version and otherwise echoes its arguments) make each
 * case independent of what this machine has installed; CAIRN_CLASSPATH keeps the script from
 * building, so no test starts Maven.
 */
class LauncherScriptTest {

    @TempDir
    Path tmp;

    private Path script;
    private Path jvms;

    @BeforeEach
    void setUp() throws IOException {
        script = TestPaths.repoRoot().resolve("deploy/bin/cairn");
        jvms = Files.createDirectories(tmp.resolve("jvms"));
    }

    record Run(int exit, String out, String err) {
    }

    @Test
    void theScriptIsExecutable() {
        assertThat(Files.isExecutable(script)).as(script + " must be executable (chmod +x; git keeps the mode)").isTrue();
    }

    @Test
    void onlyOldJdksGiveTheNoJdkMessageAndExit1() throws Exception {
        Path java17 = fakeJdk("fake-17", "17.0.2");
        fakeJdk("fake-8", "1.8.0_392");
        Run r = run(Map.of("JAVA_HOME", java17.toString(), "PATH", java17.resolve("bin") + ":/usr/bin:/bin"), "--version");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("cairn: no JDK 21 or newer found; install one or set JAVA_HOME (looked in: ")
                .contains("JAVA_HOME=" + java17 + " (Java 17.0.2)")
                .contains("1.8.0_392");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void theRealJdk17AloneIsRefused() throws Exception {
        Optional<Path> jdk17 = installedJdk("17");
        assumeTrue(jdk17.isPresent(), "no JDK 17 under /usr/lib/jvm on this machine");
        Path home = jdk17.get();
        Run r = run(Map.of("JAVA_HOME", home.toString(), "PATH", home.resolve("bin") + ":/usr/bin:/bin"), "--version");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("no JDK 21 or newer found").contains("(Java 17");
    }

    @Test
    void theJdkRunningTheseTestsPrintsTheVersion() throws Exception {
        String javaHome = System.getProperty("java.home");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Run r = run(Map.of("JAVA_HOME", javaHome, "PATH", "/usr/bin:/bin", "CAIRN_CLASSPATH", classpath), "--version");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("cairn 0.").contains("Java " + System.getProperty("java.version"));
    }

    @Test
    void searchDirsAreTriedNewestFirstWithTheLauncherFlags() throws Exception {
        fakeJdk("a-jdk-17", "17.0.2");
        fakeJdk("b-jdk-21", "21.0.4");
        Path newest = fakeJdk("c-jdk-25", "25.0.1");
        fakeJdk("d-jdk-8", "1.8.0_392");
        Run r = run(Map.of("PATH", "/usr/bin:/bin"), "deployments", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("fake java 25.0.1 ran:")
                .contains("--enable-native-access=ALL-UNNAMED")
                .contains("--add-opens java.base/java.nio=ALL-UNNAMED")
                .contains("-Dcairn.home=" + TestPaths.repoRoot())
                .contains("-cp /nonexistent/classes")
                .endsWith("io.cairn.launcher.CairnCli deployments --json\n");
        assertThat(newest).exists();
    }

    @Test
    void cairnJavaHomeComesFirstAndAnOldJavaHomeIsSkipped() throws Exception {
        Path jdk21 = fakeJdk("jdk-21", "21-ea");
        Path jdk25 = fakeJdk("jdk-25", "25");
        Path jdk17 = fakeJdk("jdk-17", "17.0.2");

        Run explicit = run(Map.of("CAIRN_JAVA_HOME", jdk21.toString(), "JAVA_HOME", jdk25.toString(), "PATH", "/usr/bin:/bin"),
                "--version");
        assertThat(explicit.out()).startsWith("fake java 21-ea ran:");

        Run oldJavaHome = run(Map.of("JAVA_HOME", jdk17.toString(), "PATH", "/usr/bin:/bin"), "--version");
        assertThat(oldJavaHome.out()).startsWith("fake java 25 ran:");
    }

    @Test
    void javaOnPathIsTheLastResort() throws Exception {
        Path onPath = fakeJdk("path-jdk", "22.0.1");
        Path emptyJvms = Files.createDirectories(tmp.resolve("empty"));
        Run r = runIn(emptyJvms, Map.of("PATH", onPath.resolve("bin") + ":/usr/bin:/bin"), "--version");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("fake java 22.0.1 ran:");
    }

    @Test
    void worksThroughASymlinkFromAnotherDirectory() throws Exception {
        fakeJdk("jdk-25", "25.0.1");
        Path link = Files.createSymbolicLink(tmp.resolve("cairn-link"), script);
        ProcessBuilder pb = new ProcessBuilder(link.toString(), "--version").directory(tmp.toFile());
        Run r = start(pb, Map.of("PATH", "/usr/bin:/bin"), jvms, true);
        Files.delete(link);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("-Dcairn.home=" + TestPaths.repoRoot() + " ");
    }

    @Test
    void buildsFirstOnlyWhenOutputsAreMissingOrSourcesChanged() throws Exception {
        Path repo = fakeRepo();
        Path log = tmp.resolve("mvn.log");
        Path jdk = fakeJdk("jdk-25", "25.0.1");
        Map<String, String> env = Map.of("PATH", tmp.resolve("tools") + ":/usr/bin:/bin", "MVN_LOG", log.toString());

        Run first = inRepo(repo, env, "deployments");
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.err()).contains("cairn: building");
        assertThat(Files.readAllLines(log)).containsExactly("mvn -B -q -DskipTests install | JAVA_HOME=" + jdk + " | PWD=" + repo);
        assertThat(first.out()).startsWith("fake java 25.0.1 ran:")
                .contains("-cp " + repo + "/deploy/target/lib/*:" + repo + "/deploy/target/cairn-deploy-0.1.0.jar ");

        Run second = inRepo(repo, env, "deployments");
        assertThat(second.exit()).isZero();
        assertThat(Files.readAllLines(log)).hasSize(1);

        Path source = repo.resolve("sample-apps/a/src/main/java/A.java");
        Files.setLastModifiedTime(source, FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(inRepo(repo, env, "deployments").exit()).isZero();
        assertThat(Files.readAllLines(log)).hasSize(2);

        Files.delete(repo.resolve("sample-apps/a/target/a.jar"));
        assertThat(inRepo(repo, env, "deployments").exit()).isZero();
        assertThat(Files.readAllLines(log)).hasSize(3);

        // dev and s3-dev need the embedded S3 server's jars, which only the store module's build makes.
        Files.delete(repo.resolve("storage-relay/store/target/s3proxy-lib/s3proxy-4.1.0.jar"));
        assertThat(inRepo(repo, env, "deployments").exit()).isZero();
        assertThat(Files.readAllLines(log)).hasSize(4);

        // Nothing under target/ or .cairn/ counts as a source. (First put the source back in the
        // past: its mtime above is in the future, so it would stay "newer" than any stamp.)
        Files.setLastModifiedTime(source, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        Files.createDirectories(repo.resolve(".cairn"));
        Files.writeString(repo.resolve(".cairn/admin-token"), "x");
        Files.writeString(repo.resolve("sample-apps/a/target/new.txt"), "x");
        assertThat(inRepo(repo, env, "deployments").exit()).isZero();
        assertThat(Files.readAllLines(log)).hasSize(4);
    }

    @Test
    void aFailedBuildStopsWithAMessageAndRunsNothing() throws Exception {
        Path repo = fakeRepo();
        fakeJdk("jdk-25", "25.0.1");
        Run r = inRepo(repo, Map.of("PATH", tmp.resolve("tools") + ":/usr/bin:/bin", "MVN_LOG", tmp.resolve("mvn.log").toString(),
                "MVN_FAIL", "1"), "deployments");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("BUILD FAILURE").contains("cairn: build failed");
        assertThat(r.out()).doesNotContain("fake java");
        assertThat(repo.resolve("deploy/target/.cairn-build-stamp")).doesNotExist();
    }

    @Test
    void testAndBuildRunMavenInTheRepositoryWithTheSelectedJdk() throws Exception {
        Path repo = fakeRepo();
        Path log = tmp.resolve("mvn.log");
        Path jdk = fakeJdk("jdk-25", "25.0.1");
        Map<String, String> env = Map.of("PATH", tmp.resolve("tools") + ":/usr/bin:/bin", "MVN_LOG", log.toString());

        Run test = inRepo(repo, env, "test", "-Psoak", "-Dtest=Foo");
        assertThat(test.exit()).as(test.err()).isZero();
        assertThat(test.err()).contains("cairn: using Java 25.0.1 at " + jdk);
        Run build = inRepo(repo, env, "build", "-o");
        assertThat(build.exit()).as(build.err()).isZero();
        assertThat(Files.readAllLines(log)).containsExactly(
                "mvn -B verify -Psoak -Dtest=Foo | JAVA_HOME=" + jdk + " | PWD=" + repo,
                "mvn -B -DskipTests install -o | JAVA_HOME=" + jdk + " | PWD=" + repo);
    }

    /**
     * A copy of the launcher in a miniature repository (one sample app, one tests-only module) with a fake {@code mvn}
     * on PATH that logs its arguments and makes the build outputs.
     */
    private Path fakeRepo() throws IOException {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        Path bin = Files.createDirectories(repo.resolve("deploy/bin"));
        Files.copy(script, bin.resolve("cairn"));
        Files.writeString(repo.resolve("pom.xml"), "<project/>");
        Files.writeString(Files.createDirectories(repo.resolve("sample-apps/a")).resolve("pom.xml"), "<project/>");
        Files.writeString(Files.createDirectories(repo.resolve("sample-apps/a/src/main/java")).resolve("A.java"), "class A {}");
        // A tests-only module (like sample-apps/e2e) builds no JAR; it must not force a rebuild every time.
        Files.writeString(Files.createDirectories(repo.resolve("sample-apps/e2e")).resolve("pom.xml"), "<project/>");
        Files.writeString(Files.createDirectories(repo.resolve("sample-apps/e2e/src/test/java")).resolve("T.java"), "class T {}");
        Path mvn = Files.createDirectories(tmp.resolve("tools")).resolve("mvn");
        Files.writeString(mvn, """
                #!/bin/sh
                echo "mvn $* | JAVA_HOME=$JAVA_HOME | PWD=$(pwd)" >> "$MVN_LOG"
                if [ -n "$MVN_FAIL" ]; then echo "BUILD FAILURE" >&2; exit 3; fi
                mkdir -p deploy/target/lib sample-apps/a/target storage-relay/store/target/s3proxy-lib
                touch deploy/target/cairn-deploy-0.1.0.jar sample-apps/a/target/a.jar \
                      storage-relay/store/target/s3proxy-lib/s3proxy-4.1.0.jar
                """);
        Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
        return repo.toRealPath();
    }

    /** Runs the miniature repository's launcher from a directory outside it, without CAIRN_CLASSPATH. */
    private Run inRepo(Path repo, Map<String, String> env, String... args) throws Exception {
        List<String> command = Stream.concat(Stream.of(repo.resolve("deploy/bin/cairn").toString()), Stream.of(args)).toList();
        return start(new ProcessBuilder(command).directory(tmp.toFile()), env, jvms, false);
    }

    /** A fake JDK home under the search dir whose java reports {@code version}. */
    private Path fakeJdk(String name, String version) throws IOException {
        Path home = jvms.resolve(name);
        Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
        Files.writeString(java, """
                #!/bin/sh
                if [ "$1" = "-version" ]; then
                    echo 'openjdk version "%1$s" 2099-01-01' >&2
                    echo 'OpenJDK Runtime Environment (build %1$s)' >&2
                    exit 0
                fi
                echo "fake java %1$s ran: $*"
                """.formatted(version), StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        // Building needs javac: an empty executable is enough for the script's check.
        Path javac = home.resolve("bin/javac");
        Files.writeString(javac, "#!/bin/sh\n");
        Files.setPosixFilePermissions(javac, PosixFilePermissions.fromString("rwxr-xr-x"));
        return home;
    }

    private Run run(Map<String, String> env, String... args) throws Exception {
        return runIn(jvms, env, args);
    }

    private Run runIn(Path searchDirs, Map<String, String> env, String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Stream.concat(Stream.of(script.toString()), Stream.of(args)).toList())
                .directory(tmp.toFile());
        return start(pb, env, searchDirs, true);
    }

    /** Runs with only the given variables (plus HOME and the search dir), so CI's JAVA_HOME cannot leak in. */
    private Run start(ProcessBuilder pb, Map<String, String> env, Path searchDirs, boolean noBuild) throws Exception {
        Map<String, String> e = pb.environment();
        e.clear();
        e.put("HOME", tmp.toString());
        e.put("LC_ALL", "C");
        e.put("CAIRN_JDK_SEARCH_DIRS", searchDirs.toString());
        if (noBuild) {
            e.put("CAIRN_CLASSPATH", "/nonexistent/classes");
        }
        e.putAll(env);
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("launcher finished").isTrue();
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** A JDK of the given major version under /usr/lib/jvm, by its release file. */
    private static Optional<Path> installedJdk(String major) throws IOException {
        Path root = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(root)) {
            List<Path> homes = dirs.filter(d -> Files.isExecutable(d.resolve("bin/java"))).sorted().toList();
            for (Path home : homes) {
                Path release = home.resolve("release");
                if (Files.isRegularFile(release)
                        && Files.readString(release).contains("JAVA_VERSION=\"" + major + ".")) {
                    return Optional.of(home);
                }
            }
        }
        return Optional.empty();
    }
}
