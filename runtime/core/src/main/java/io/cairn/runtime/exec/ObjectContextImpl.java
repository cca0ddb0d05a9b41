package io.cairn.runtime.exec;

import io.cairn.api.AutoResponse;
import io.cairn.api.ObjectConfig;
import io.cairn.api.ObjectContext;
import io.cairn.api.ObjectId;
import io.cairn.api.ObjectStub;
import io.cairn.api.Request;
import io.cairn.api.Storage;
import io.cairn.api.WebSocket;
import io.cairn.runtime.sqlite.ObjectDatabase;
import io.cairn.runtime.ws.HostedSocket;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The {@link ObjectContext} of one live instance. */
final class ObjectContextImpl implements ObjectContext {

    private final ObjectActor actor;
    private final ObjectDatabase db;
    private final ObjectConfig config;

    ObjectContextImpl(ObjectActor actor, ObjectDatabase db, ObjectConfig config) {
        this.actor = actor;
        this.db = db;
        this.config = config;
    }

    @Override
    public ObjectId id() {
        return actor.id;
    }

    @Override
    public Storage storage() {
        return db.storage();
    }

    @Override
    public ObjectConfig config() {
        return config;
    }

    @Override
    public ObjectStub stub(String namespace, String name) {
        String problem = ObjectId.namespaceProblem(namespace);
        if (problem == null) {
            problem = ObjectId.nameProblem(name);
        }
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return new ObjectStubImpl(actor, new ObjectId(namespace, name));
    }

    @Override
    public WebSocket acceptWebSocket(Request upgradeRequest, String... tags) {
        EventScope scope = requireScope("acceptWebSocket");
        if (!upgradeRequest.isWebSocketUpgrade()) {
            throw new IllegalArgumentException("acceptWebSocket needs a request with 'Upgrade: websocket'; this one is " + upgradeRequest);
        }
        HostedSocket s = actor.host.hub().accept(actor.id, Arrays.asList(tags), actor.host.outboundGate());
        scope.accepted(s);
        return s;
    }

    @Override
    public List<WebSocket> getWebSockets() {
        return actor.host.hub().sockets(actor.id, null);
    }

    @Override
    public List<WebSocket> getWebSockets(String tag) {
        return actor.host.hub().sockets(actor.id, tag);
    }

    @Override
    public void setWebSocketAutoResponse(AutoResponse pair) {
        actor.host.hub().setAutoResponse(actor.id, pair);
    }

    @Override
    public Optional<AutoResponse> getWebSocketAutoResponse() {
        return actor.host.hub().autoResponse(actor.id);
    }

    @Override
    public Optional<Instant> getWebSocketAutoResponseTimestamp(WebSocket ws) {
        return ws instanceof HostedSocket h && h.owner().equals(actor.id) ? h.autoResponseAt() : Optional.empty();
    }

    private EventScope requireScope(String what) {
        EventScope scope = EventScope.current();
        if (scope == null || scope.actor != actor) {
            throw new IllegalStateException(what + " may only be called from this object's handlers or constructor");
        }
        return scope;
    }
}
