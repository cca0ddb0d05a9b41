package io.cairn.samples.tenants;

import io.cairn.api.AutoResponse;
import io.cairn.api.ObjectConfig;
import io.cairn.api.ObjectContext;
import io.cairn.api.ObjectId;
import io.cairn.api.ObjectStub;
import io.cairn.api.Request;
import io.cairn.api.Storage;
import io.cairn.api.WebSocket;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The context a tenant object gets, with only identity and storage: all the tenants app uses. */
record TestContext(ObjectId id, Storage storage) implements ObjectContext {

    @Override
    public ObjectConfig config() {
        throw new UnsupportedOperationException("not used by the tenants app");
    }

    @Override
    public ObjectStub stub(String namespace, String name) {
        throw new UnsupportedOperationException("not used by the tenants app");
    }

    @Override
    public WebSocket acceptWebSocket(Request upgradeRequest, String... tags) {
        throw new UnsupportedOperationException("not used by the tenants app");
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
        throw new UnsupportedOperationException("not used by the tenants app");
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
