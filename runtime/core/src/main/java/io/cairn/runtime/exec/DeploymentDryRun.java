package io.cairn.runtime.exec;

import io.cairn.api.AutoResponse;
import io.cairn.api.ObjectConfig;
import io.cairn.api.ObjectContext;
import io.cairn.api.ObjectId;
import io.cairn.api.ObjectStub;
import io.cairn.api.Request;
import io.cairn.api.Storage;
import io.cairn.api.WebSocket;
import io.cairn.runtime.deploy.ConstructorCheck;
import io.cairn.runtime.deploy.LoadedNamespace;
import io.cairn.runtime.sqlite.ObjectDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Runs a namespace's constructor once against a scratch database before a deployment is
 * accepted, so a constructor that throws is a 400 at deploy time rather than a 500 on every
 * request. The scratch database is rolled back and deleted; stubs and WebSockets are not
 * available during the dry run.
 */
public final class DeploymentDryRun implements ConstructorCheck {

    private final ObjectHost host;

    public DeploymentDryRun(ObjectHost host) {
        this.host = host;
    }

    @Override
    public void check(LoadedNamespace ns) throws Exception {
        Path dir = Files.createDirectories(host.options().dataDir().resolve("tmp"));
        Path scratch = Files.createTempDirectory(dir, "dry-run-");
        ObjectDatabase db = ObjectDatabase.open(scratch.resolve("object.db"), host.options().sqlite());
        try {
            db.beginEvent();
            try {
                ns.instantiate(new DryRunContext(new ObjectId(ns.namespace(), "deployment-dry-run"), db, ns.config()));
            } finally {
                db.rollbackEvent();
            }
        } finally {
            db.close();
            deleteTree(scratch);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> all = Files.walk(root)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record DryRunContext(ObjectId id, ObjectDatabase db, ObjectConfig config) implements ObjectContext {

        @Override
        public Storage storage() {
            return db.storage();
        }

        @Override
        public ObjectStub stub(String namespace, String name) {
            throw new IllegalStateException("stubs are not available while a deployment is validated; "
                    + "call other objects from handlers, not constructors");
        }

        @Override
        public WebSocket acceptWebSocket(Request upgradeRequest, String... tags) {
            throw new IllegalStateException("WebSockets can only be accepted in fetch");
        }

        @Override
        public List<WebSocket> getWebSockets() {
            return List.of();
        }

        @Override
        public List<WebSocket> getWebSockets(String tag) {
            return List.of();
        }

        @Override
        public void setWebSocketAutoResponse(AutoResponse pair) {
        }

        @Override
        public Optional<AutoResponse> getWebSocketAutoResponse() {
            return Optional.empty();
        }

        @Override
        public Optional<Instant> getWebSocketAutoResponseTimestamp(WebSocket ws) {
            return Optional.empty();
        }
    }
}
