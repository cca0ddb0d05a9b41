package io.cairn.samples.rooms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/**
 * Several clients edit one document at once over a network that delays every message by a random
 * amount (but keeps each connection in order, as WebSockets do). The server rebases each edit the
 * way {@link SharedDocument} does; each client follows the browser page's protocol (app.js): one
 * edit in flight, later local edits queued, incoming edits transformed over its own pending ones.
 * Once the network is quiet, everyone must hold the server's text.
 */
class ConvergenceTest {

    /** An edit on its way to the server, made on {@code version}. */
    private record Submission(long version, TextOperation op) {
    }

    /** A message on its way to a client: its own edit acknowledged, or someone else's edit. */
    private record Delivery(long version, TextOperation op, boolean ack) {
    }

    private static final class Server {
        String text = "seed text\n";
        final List<TextOperation> log = new ArrayList<>(); // log.get(v - 1) made version v

        long version() {
            return log.size();
        }

        TextOperation submit(Submission s) {
            TextOperation op = s.op().rebase(log.subList((int) s.version(), log.size()));
            text = op.apply(text);
            log.add(op);
            return op;
        }
    }

    private static final class Client {
        String text;
        long version;
        final Deque<TextOperation> pending = new ArrayDeque<>(); // first is in flight once sent
        final Deque<Submission> toServer = new ArrayDeque<>();
        final Deque<Delivery> fromServer = new ArrayDeque<>();

        Client(String text, long version) {
            this.text = text;
            this.version = version;
        }

        void edit(TextOperation op) {
            text = op.apply(text);
            pending.addLast(op);
            if (pending.size() == 1) {
                toServer.addLast(new Submission(version, op));
            }
        }

        void receive(Delivery d) {
            version = d.version();
            if (d.ack()) {
                pending.removeFirst();
                if (!pending.isEmpty()) {
                    toServer.addLast(new Submission(version, pending.peekFirst()));
                }
                return;
            }
            TextOperation incoming = d.op();
            List<TextOperation> rebased = new ArrayList<>();
            for (TextOperation mine : pending) {
                TextOperation.Transformed t = TextOperation.transform(mine, incoming);
                rebased.add(t.first());
                incoming = t.second();
            }
            pending.clear();
            pending.addAll(rebased);
            text = incoming.apply(text);
        }
    }

    @RepeatedTest(200)
    void everyoneEndsWithTheServersText(RepetitionInfo repetition) {
        Random random = new Random(repetition.getCurrentRepetition());
        Server server = new Server();
        List<Client> clients = new ArrayList<>();
        for (int i = 0; i < 2 + random.nextInt(3); i++) {
            clients.add(new Client(server.text, server.version()));
        }

        for (int step = 0; step < 300; step++) {
            Client client = clients.get(random.nextInt(clients.size()));
            switch (random.nextInt(3)) {
                case 0 -> client.edit(RandomEdits.operation(random, client.text));
                case 1 -> deliverToServer(client, server, clients);
                default -> {
                    if (!client.fromServer.isEmpty()) {
                        client.receive(client.fromServer.removeFirst());
                    }
                }
            }
        }
        boolean moved = true;
        while (moved) {
            moved = false;
            for (Client client : clients) {
                moved |= deliverToServer(client, server, clients);
                while (!client.fromServer.isEmpty()) {
                    client.receive(client.fromServer.removeFirst());
                    moved = true;
                }
            }
        }

        for (Client client : clients) {
            assertThat(client.pending).isEmpty();
            assertThat(client.version).isEqualTo(server.version());
            assertThat(client.text).isEqualTo(server.text);
        }
    }

    private static boolean deliverToServer(Client author, Server server, List<Client> clients) {
        if (author.toServer.isEmpty()) {
            return false;
        }
        TextOperation applied = server.submit(author.toServer.removeFirst());
        for (Client client : clients) {
            client.fromServer.addLast(new Delivery(server.version(), applied, client == author));
        }
        return true;
    }
}
