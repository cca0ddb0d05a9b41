package io.cairn.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The admin API over HTTP ({@code /admin/v1/...}, bearer token). Used by the admin commands and
 * by {@code dev} to deploy the sample apps: dev deploys the same way any user does, so it
 * exercises the real deployment path rather than a shortcut into the node.
 */
final class AdminClient implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    /** A JAR upload may be tens of MiB over a slow link; everything else is small. */
    private static final Duration UPLOAD_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    /** A bookmark lookup first ships the object's latest writes; the node gives that up to 60 s. */
    private static final Duration FLUSHING_CALL_TIMEOUT = Duration.ofSeconds(90);
    /** Restore and export copy whole databases (GBs at worst) before they answer. */
    private static final Duration LONG_TIMEOUT = Duration.ofHours(1);

    private final URI base;
    private final String token;
    private final HttpClient http;

    /**
     * @param base e.g. {@code http://127.0.0.1:8787}; a trailing slash is ignored
     * @param token the admin token, or null to send none (the server then answers 401)
     */
    AdminClient(URI base, String token) {
        String b = base.toString();
        this.base = URI.create(b.endsWith("/") ? b.substring(0, b.length() - 1) : b);
        this.token = token;
        // HTTP/1.1: the default would try an h2c upgrade on every plain-HTTP connection.
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    URI base() {
        return base;
    }

    /** POST /admin/v1/deployments → {id, version, app, namespaces, sha256}. */
    JsonNode deploy(byte[] jar) {
        return send(request("/admin/v1/deployments", UPLOAD_TIMEOUT)
                .header("content-type", "application/java-archive")
                .POST(HttpRequest.BodyPublishers.ofByteArray(jar)));
    }

    /** GET /admin/v1/deployments → {deployments: [...]}. */
    JsonNode deployments() {
        return send(request("/admin/v1/deployments", CALL_TIMEOUT).GET());
    }

    /** GET /admin/v1/namespaces/{ns}/objects → {objects: [names], next}. Null arguments are left out. */
    JsonNode objects(String namespace, String prefix, Integer limit, String after) {
        List<String> query = new ArrayList<>();
        if (prefix != null) {
            query.add("prefix=" + encode(prefix));
        }
        if (limit != null) {
            query.add("limit=" + limit);
        }
        if (after != null) {
            query.add("after=" + encode(after));
        }
        String path = "/admin/v1/namespaces/" + encode(namespace) + "/objects"
                + (query.isEmpty() ? "" : "?" + String.join("&", query));
        return send(request(path, CALL_TIMEOUT).GET());
    }

    /** GET /admin/v1/objects/{ns}/{name}/bookmark?at= → {bookmark, at}. The node flushes to object storage first. */
    JsonNode bookmark(ObjectRef object, String at) {
        return send(request(objectPath(object, "/bookmark") + "?at=" + encode(at), FLUSHING_CALL_TIMEOUT).GET());
    }

    /**
     * POST /admin/v1/objects/{ns}/{name}/restore with {"at":..} or {"bookmark":..} → {restoredTo, undo, bookmark}.
     * One synchronous request that lasts as long as the restore.
     */
    JsonNode restore(ObjectRef object, String field, String value) {
        byte[] body = JSON.createObjectNode().put(field, value).toString().getBytes(StandardCharsets.UTF_8);
        return send(request(objectPath(object, "/restore"), LONG_TIMEOUT)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** An export being received: the SQLite file's bytes and their count when the server sent one. */
    record Download(InputStream body, OptionalLong length) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            body.close();
        }
    }

    /** GET /admin/v1/objects/{ns}/{name}/export: the object's database as one SQLite file, streamed. */
    Download export(ObjectRef object) {
        HttpRequest request = request(objectPath(object, "/export"), LONG_TIMEOUT)
                .header("accept", "application/vnd.sqlite3, application/json")
                .GET().build();
        HttpResponse<InputStream> response = exchange(request, HttpResponse.BodyHandlers.ofInputStream());
        int status = response.statusCode();
        if (status / 100 != 2) {
            byte[] body;
            try (InputStream in = response.body()) {
                body = in.readNBytes(64 * 1024);
            } catch (IOException e) {
                body = new byte[0];
            }
            throw error(status, body);
        }
        return new Download(response.body(), response.headers().firstValueAsLong("content-length"));
    }

    /** {@code /admin/v1/objects/{ns}/{name}{rest}}, the name percent-encoded whole ('/' too). */
    static String objectPath(ObjectRef object, String rest) {
        return "/admin/v1/objects/" + encode(object.namespace()) + "/" + encode(object.name()) + rest;
    }

    private HttpRequest.Builder request(String path, Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(timeout)
                .header("accept", "application/json");
        if (token != null) {
            b.header("authorization", "Bearer " + token);
        }
        return b;
    }

    private JsonNode send(HttpRequest.Builder builder) {
        HttpRequest request = builder.build();
        HttpResponse<byte[]> response = exchange(request, HttpResponse.BodyHandlers.ofByteArray());
        int status = response.statusCode();
        if (status / 100 != 2) {
            throw error(status, response.body());
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new CliException(request.uri() + " answered " + status + " with a body that is not JSON: "
                    + snippet(response.body()), e);
        }
    }

    /** Sends {@code request}, turning transport failures into messages that say what to check. */
    private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (HttpConnectTimeoutException e) {
            throw new CliException("cannot reach Cairn at " + base + ": the connection timed out; check the address (CAIRN_URL or --url)", e);
        } catch (ConnectException e) {
            throw new CliException("cannot reach Cairn at " + base + ": connection refused; is a node running there? "
                    + "Start one with 'deploy/bin/cairn dev', or point CAIRN_URL (or --url) at a running node", e);
        } catch (HttpTimeoutException e) {
            throw new CliException(request.method() + " " + request.uri().getPath() + " got no answer from " + base
                    + " within " + request.timeout().map(Duration::toSeconds).orElse(0L) + " s", e);
        } catch (IOException e) {
            throw new CliException("request to " + base + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted while waiting for " + base, e);
        }
    }

    /** The server's {"error":{"code","message"}}, or the raw body when it is something else. */
    private AdminException error(int status, byte[] body) {
        String code = "http_" + status;
        String message = null;
        try {
            JsonNode error = JSON.readTree(body).path("error");
            if (error.hasNonNull("code")) {
                code = error.get("code").asText();
            }
            if (error.hasNonNull("message")) {
                message = error.get("message").asText();
            }
        } catch (IOException notJson) {
            // Fall through to the raw body: a proxy or a wrong URL may answer with HTML or text.
        }
        if (message == null) {
            message = "HTTP " + status + " from " + base + (body.length == 0 ? "" : ": " + snippet(body));
        }
        if (status == 401) {
            message += " (check the admin token: set CAIRN_TOKEN or --token; 'cairn dev' writes it to ./.cairn/admin-token)";
        }
        return new AdminException(status, code, message);
    }

    private static String snippet(byte[] body) {
        String s = new String(body, StandardCharsets.UTF_8).strip();
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public void close() {
        http.close();
    }
}
