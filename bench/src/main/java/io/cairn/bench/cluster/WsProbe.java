package io.cairn.bench.cluster;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Sequential WebSocket round trips to an echo object: one message out, wait for it back, repeat. One
 * socket, one message in flight, so the figure is pure latency (no queueing), which is what the extra hop
 * adds to an interactive client.
 */
final class WsProbe implements AutoCloseable {

    /** Round-trip times of one batch, in microseconds, sorted. */
    record Batch(double[] sortedMicros) {
        double percentile(double p) {
            int i = (int) Math.ceil(p / 100.0 * sortedMicros.length) - 1;
            return sortedMicros[Math.max(0, Math.min(sortedMicros.length - 1, i))];
        }
    }

    private final WebSocket ws;
    private final LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
    private long sequence;

    WsProbe(HttpClient client, URI uri) throws Exception {
        this.ws = client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).buildAsync(uri, new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    received.add(partial.toString());
                    partial.setLength(0);
                }
                w.request(1);
                return null;
            }
        }).get(30, TimeUnit.SECONDS);
    }

    Batch roundTrips(int count) throws Exception {
        double[] micros = new double[count];
        for (int i = 0; i < count; i++) {
            String msg = "m" + (sequence++);
            long t0 = System.nanoTime();
            ws.sendText(msg, true).get(10, TimeUnit.SECONDS);
            String back = received.poll(10, TimeUnit.SECONDS);
            long t1 = System.nanoTime();
            if (!msg.equals(back)) {
                throw new IllegalStateException("sent '" + msg + "', got back '" + back + "'");
            }
            micros[i] = (t1 - t0) / 1000.0;
        }
        Arrays.sort(micros);
        return new Batch(micros);
    }

    @Override
    public void close() {
        try {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            ws.abort();
        }
    }
}
