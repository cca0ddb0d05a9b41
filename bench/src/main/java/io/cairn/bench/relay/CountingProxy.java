package io.cairn.bench.relay;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A loopback HTTP/1.1 proxy in front of the S3 server that counts every request it forwards, by
 * method and by what the key is (segment, snapshot, meta.json, bucket-level), so request counts are
 * measured on the wire rather than inferred from the relay's own metrics.
 *
 * <p>Bytes are forwarded unchanged in both directions (the SigV4 signature covers the Host header,
 * which the client set to this proxy's address and the server verifies as received). Only the
 * client-to-server stream is parsed: request line, headers, then a {@code Content-Length} or chunked
 * body, so keep-alive connections with many requests are counted correctly.
 */
final class CountingProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int targetPort;
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final LongAdder requestBodyBytes = new LongAdder();
    private volatile boolean closed;

    private CountingProxy(ServerSocket server, int targetPort) {
        this.server = server;
        this.targetPort = targetPort;
    }

    static CountingProxy start(int targetPort) throws IOException {
        ServerSocket s = new ServerSocket();
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        CountingProxy p = new CountingProxy(s, targetPort);
        Thread.ofVirtual().name("counting-proxy-accept").start(p::acceptLoop);
        return p;
    }

    int port() {
        return server.getLocalPort();
    }

    String endpoint() {
        return "http://127.0.0.1:" + port();
    }

    /** Counts so far, "METHOD what" → requests, sorted by name. */
    Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    long bodyBytes() {
        return requestBodyBytes.sum();
    }

    static Map<String, Long> minus(Map<String, Long> after, Map<String, Long> before) {
        Map<String, Long> out = new TreeMap<>();
        after.forEach((k, v) -> {
            long d = v - before.getOrDefault(k, 0L);
            if (d != 0) {
                out.put(k, d);
            }
        });
        return out;
    }

    static long total(Map<String, Long> m) {
        return m.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Requests AWS bills in the PUT/COPY/POST/LIST tier; everything else (GET, HEAD) is the cheap tier. */
    static boolean expensiveTier(String key) {
        return key.startsWith("PUT ") || key.startsWith("POST ") || key.startsWith("LIST") || key.startsWith("COPY ");
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            Thread.ofVirtual().name("counting-proxy-conn").start(() -> serve(client));
        }
    }

    private void serve(Socket client) {
        try (client; Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort)) {
            client.setTcpNoDelay(true);
            upstream.setTcpNoDelay(true);
            Thread back = Thread.ofVirtual().name("counting-proxy-back").start(() -> pipe(upstream, client));
            try {
                forwardRequests(new BufferedInputStream(client.getInputStream(), 1 << 16), upstream.getOutputStream());
            } finally {
                try {
                    upstream.shutdownOutput();
                } catch (IOException e) {
                    // already closed
                }
                back.join();
            }
        } catch (IOException | InterruptedException e) {
            // connection ended
        }
    }

    private static void pipe(Socket from, Socket to) {
        byte[] buf = new byte[1 << 16];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n; (n = in.read(buf)) >= 0; ) {
                out.write(buf, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            // connection ended
        }
    }

    private void forwardRequests(InputStream in, OutputStream out) throws IOException {
        byte[] buf = new byte[1 << 16];
        while (true) {
            byte[] head = readHead(in);
            if (head == null) {
                return;
            }
            out.write(head);
            String text = new String(head, StandardCharsets.ISO_8859_1);
            String[] lines = text.split("\r\n");
            String[] requestLine = lines[0].split(" ");
            if (requestLine.length < 2) {
                throw new IOException("bad request line: " + lines[0]);
            }
            long length = 0;
            boolean chunked = false;
            for (int i = 1; i < lines.length; i++) {
                String l = lines[i].toLowerCase(Locale.ROOT);
                if (l.startsWith("content-length:")) {
                    length = Long.parseLong(l.substring(15).trim());
                } else if (l.startsWith("transfer-encoding:") && l.contains("chunked")) {
                    chunked = true;
                }
            }
            counts.computeIfAbsent(classify(requestLine[0], requestLine[1]), k -> new LongAdder()).increment();
            if (chunked) {
                forwardChunked(in, out);
            } else {
                requestBodyBytes.add(length);
                for (long left = length; left > 0; ) {
                    int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                    if (n < 0) {
                        throw new IOException("request body ended early");
                    }
                    out.write(buf, 0, n);
                    left -= n;
                }
            }
            out.flush();
        }
    }

    private void forwardChunked(InputStream in, OutputStream out) throws IOException {
        byte[] buf = new byte[1 << 16];
        while (true) {
            byte[] sizeLine = readLine(in);
            out.write(sizeLine);
            String s = new String(sizeLine, StandardCharsets.ISO_8859_1).trim();
            int semi = s.indexOf(';');
            long size = Long.parseLong(semi >= 0 ? s.substring(0, semi) : s, 16);
            if (size == 0) {
                while (true) {   // trailers, then an empty line
                    byte[] l = readLine(in);
                    out.write(l);
                    if (l.length <= 2) {
                        return;
                    }
                }
            }
            requestBodyBytes.add(size);
            for (long left = size + 2; left > 0; ) {   // data + CRLF
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) {
                    throw new IOException("chunk ended early");
                }
                out.write(buf, 0, n);
                left -= n;
            }
        }
    }

    /** The request head including the blank line, or null at a clean end of the connection. */
    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream(1024);
        int state = 0;   // matched bytes of \r\n\r\n
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (head.size() == 0) {
                    return null;
                }
                throw new IOException("connection ended inside a request head");
            }
            head.write(b);
            state = switch (state) {
                case 0, 2 -> b == '\r' ? state + 1 : 0;
                case 1, 3 -> b == '\n' ? state + 1 : (b == '\r' ? 1 : 0);
                default -> 0;
            };
            if (state == 4) {
                return head.toByteArray();
            }
        }
    }

    private static byte[] readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(32);
        int prev = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection ended inside a chunked body");
            }
            line.write(b);
            if (prev == '\r' && b == '\n') {
                return line.toByteArray();
            }
            prev = b;
        }
    }

    /** "METHOD what", e.g. "PUT segment", "HEAD meta", "LIST", "POST snapshot multipart-complete". */
    static String classify(String method, String target) {
        int q = target.indexOf('?');
        String path = q >= 0 ? target.substring(0, q) : target;
        String query = q >= 0 ? target.substring(q + 1) : "";
        String key = path.startsWith("/") ? path.substring(1) : path;
        int slash = key.indexOf('/');
        key = slash >= 0 ? key.substring(slash + 1) : "";   // drop the bucket (path-style)
        if (key.isEmpty()) {
            if (method.equals("GET") && (query.contains("list-type") || query.contains("prefix") || query.isEmpty())) {
                return "LIST";
            }
            if (method.equals("POST") && query.contains("delete")) {
                return "POST multi-delete";
            }
            if (method.equals("GET") && query.contains("location")) {
                return "GET bucket-location";
            }
            return method + " bucket";
        }
        String what;
        if (key.endsWith("/meta.json")) {
            what = "meta";
        } else if (key.contains("/segments/")) {
            what = "segment";
        } else if (key.contains("/snapshots/")) {
            what = "snapshot";
        } else {
            what = "other";
        }
        if (query.contains("uploads")) {
            what += " multipart-init";
        } else if (query.contains("partNumber")) {
            what += " multipart-part";
        } else if (query.contains("uploadId")) {
            what += method.equals("DELETE") ? " multipart-abort" : " multipart-complete";
        }
        return method + " " + what;
    }
}
